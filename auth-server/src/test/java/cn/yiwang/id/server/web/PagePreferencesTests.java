package cn.yiwang.id.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockHttpServletRequest;

/** The elder-friendly switch: where it may send the browser back to, and how it reads the cookie. */
class PagePreferencesTests {

    @ParameterizedTest
    @ValueSource(strings = {"/account", "/account/security?reverify=", "/login?lang=en", "/stepup?level=L2"})
    void safeReturnWhenOwnPathThenKept(String path) {
        assertThat(PagePreferences.safeReturn(path)).isEqualTo(path);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "//evil.example/",
                "https://evil.example/",
                "/\\evil.example",
                "evil",
                "/preferences/elder-mode?on=true",
                "/account\r\nSet-Cookie: x=y"
            })
    void safeReturnWhenAnotherSiteOrTheSwitchItselfThenAccountCenter(String path) {
        assertThat(PagePreferences.safeReturn(path)).isEqualTo("/account");
    }

    @ParameterizedTest
    @CsvSource({"1, true", "0, false", "'', false"})
    void isElderModeWhenCookieThenOnlyOneMeansOn(String value, boolean on) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setCookies(new Cookie(PagePreferences.COOKIE, value));
        assertThat(PagePreferences.isElderMode(request)).isEqualTo(on);
    }

    @ParameterizedTest
    @CsvSource({"GET, /account/sessions, '', /account/sessions", "POST, /account/security/password, '', /account"})
    void elderToggleUrlWhenPageThenComesBackToAPageThatCanBeLoaded(
            String method, String uri, String query, String back) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, uri);
        String url = new PagePreferences().elderToggleUrl(request);
        assertThat(url).startsWith("/preferences/elder-mode?on=true&return=" + back);
    }
}
