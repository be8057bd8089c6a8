package cn.yiwang.id.server.enterprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import cn.yiwang.id.server.session.SsoAuthentication;
import cn.yiwang.id.server.session.SsoSession;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.savedrequest.RequestCache;

/** {@link EnterpriseChoiceFilter}: which authorization requests go to the choice page, which go on. */
class EnterpriseChoiceFilterTests {

    private final EnterpriseChoices choices = mock(EnterpriseChoices.class);

    private final RequestCache requestCache = mock(RequestCache.class);

    private final EnterpriseChoiceFilter filter = new EnterpriseChoiceFilter(this.choices, this.requestCache);

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void doFilterWhenNoEnterpriseScopeThenGoesOn() throws Exception {
        signedIn();
        MockFilterChain chain = new MockFilterChain();
        this.filter.doFilter(request("openid profile", null), new MockHttpServletResponse(), chain);
        assertThat(chain.getRequest()).isNotNull();
    }

    @Test
    void doFilterWhenEnterpriseScopeAndNoChoiceThenChoicePage() throws Exception {
        signedIn();
        MockFilterChain chain = new MockFilterChain();
        MockHttpServletResponse response = new MockHttpServletResponse();
        this.filter.doFilter(request("openid enterprise", null), response, chain);
        assertThat(chain.getRequest()).isNull();
        assertThat(response.getRedirectedUrl()).isEqualTo("/enterprise/choose?client_id=rp");
        verify(this.requestCache).saveRequest(any(), any());
    }

    @Test
    void doFilterWhenChoiceMadeOnThePageThenGoesOn() throws Exception {
        signedIn();
        when(this.choices.take("sid-1", "rp")).thenReturn(Optional.of("91310115MA1FL00154"));
        MockFilterChain chain = new MockFilterChain();
        this.filter.doFilter(request("openid enterprise", "91310115MA1FL00154"), new MockHttpServletResponse(), chain);
        assertThat(chain.getRequest()).isNotNull();
    }

    @Test
    void doFilterWhenClientNamesAnEnterpriseNobodyChoseThenChoicePage() throws Exception {
        signedIn();
        when(this.choices.take("sid-1", "rp")).thenReturn(Optional.of("personal"));
        MockFilterChain chain = new MockFilterChain();
        MockHttpServletResponse response = new MockHttpServletResponse();
        this.filter.doFilter(request("openid enterprise", "91310115MA1FL00154"), response, chain);
        assertThat(chain.getRequest()).isNull();
        assertThat(response.getRedirectedUrl()).startsWith("/enterprise/choose");
    }

    @Test
    void doFilterWhenNotSignedInThenGoesOnToSignIn() throws Exception {
        MockFilterChain chain = new MockFilterChain();
        this.filter.doFilter(request("openid enterprise", null), new MockHttpServletResponse(), chain);
        assertThat(chain.getRequest()).isNotNull();
        verify(this.requestCache, never()).saveRequest(any(), any());
    }

    @Test
    void doFilterWhenPromptNoneThenGoesOnAsPersonal() throws Exception {
        signedIn();
        MockHttpServletRequest request = request("openid enterprise", null);
        request.setParameter("prompt", "none");
        MockFilterChain chain = new MockFilterChain();
        this.filter.doFilter(request, new MockHttpServletResponse(), chain);
        assertThat(chain.getRequest()).isNotNull();
    }

    @Test
    void hasEnterpriseScopeWhenOnlyAPrefixThenFalse() {
        assertThat(EnterpriseChoiceFilter.hasEnterpriseScope("openid enterprise.read"))
                .isFalse();
        assertThat(EnterpriseChoiceFilter.hasEnterpriseScope(" enterprise  openid"))
                .isTrue();
        assertThat(EnterpriseChoiceFilter.hasEnterpriseScope(null)).isFalse();
    }

    private static MockHttpServletRequest request(String scope, String choice) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/oauth2/authorize");
        request.setParameter("response_type", "code");
        request.setParameter("client_id", "rp");
        request.setParameter("scope", scope);
        if (choice != null) {
            request.setParameter(EnterpriseChoices.PARAMETER, choice);
        }
        return request;
    }

    private static void signedIn() {
        Instant now = Instant.now();
        SecurityContextHolder.getContext()
                .setAuthentication(new SsoAuthentication(new SsoSession(
                        "sid-1", "account-1", now, List.of("pwd"), "urn:yiwang:loa:2", now.plus(Duration.ofHours(8)))));
    }
}
