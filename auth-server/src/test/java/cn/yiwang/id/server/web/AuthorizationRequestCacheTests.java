package cn.yiwang.id.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.web.savedrequest.SavedRequest;

class AuthorizationRequestCacheTests {

    private final AuthorizationRequestCache cache = new AuthorizationRequestCache();

    @Test
    void saveRequestWhenPostedAuthorizationRequestThenResumesAsGetWithItsParameters() {
        MockHttpServletRequest post = new MockHttpServletRequest("POST", "/oauth2/authorize");
        post.addParameter("response_type", "code");
        post.addParameter("client_id", "demo-web");
        post.addParameter("scope", "openid profile");
        post.addParameter("state", "a&b=c");
        MockHttpServletResponse response = new MockHttpServletResponse();

        this.cache.saveRequest(post, response);

        MockHttpServletRequest next = new MockHttpServletRequest("GET", "/login");
        next.setCookies(response.getCookies());
        SavedRequest saved = this.cache.getRequest(next, new MockHttpServletResponse());
        assertThat(saved.getRedirectUrl())
                .endsWith(
                        "/oauth2/authorize?response_type=code&client_id=demo-web&scope=openid%20profile&state=a%26b%3Dc");
        assertThat(saved.getMethod()).isEqualTo("GET");
    }

    @Test
    void saveRequestWhenGetThenKeepsTheQueryAsSent() {
        MockHttpServletRequest get = new MockHttpServletRequest("GET", "/oauth2/authorize");
        get.setQueryString("response_type=code&client_id=demo-web");
        MockHttpServletResponse response = new MockHttpServletResponse();

        this.cache.saveRequest(get, response);

        Cookie cookie = response.getCookie("REDIRECT_URI");
        assertThat(cookie).isNotNull();
        assertThat(cookie.getAttribute("SameSite")).isEqualTo("Lax");
        MockHttpServletRequest next = new MockHttpServletRequest("GET", "/login");
        next.setCookies(cookie);
        assertThat(this.cache.getRequest(next, new MockHttpServletResponse()).getRedirectUrl())
                .endsWith("/oauth2/authorize?response_type=code&client_id=demo-web");
    }
}
