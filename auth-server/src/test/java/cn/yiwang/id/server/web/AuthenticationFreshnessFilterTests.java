package cn.yiwang.id.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.server.session.SsoAuthentication;
import cn.yiwang.id.server.session.SsoSession;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockServletContext;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.savedrequest.CookieRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/** {@code prompt=login} and {@code max_age} (OIDC Core §3.1.2.1) before the authorization endpoint. */
class AuthenticationFreshnessFilterTests {

    private static final Instant NOW = Instant.parse("2026-05-01T08:00:00Z");

    /** The citizen signed in five minutes ago. */
    private static final Instant AUTH_TIME = NOW.minus(Duration.ofMinutes(5));

    private static final String AUTHORIZE = "/oauth2/authorize?response_type=code&client_id=demo-web"
            + "&redirect_uri=http%3A%2F%2F127.0.0.1%3A8081%2Fcallback&scope=openid%20profile&state=st-1&nonce=n-1"
            + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256";

    private final CookieRequestCache requestCache = new CookieRequestCache();

    private final AuthenticationFreshnessFilter filter =
            new AuthenticationFreshnessFilter(this.requestCache, Clock.fixed(NOW, ZoneOffset.UTC));

    private final SsoAuthentication signedIn = new SsoAuthentication(new SsoSession(
            "sid-1", "account-42", AUTH_TIME, List.of("pwd"), "loa2", AUTH_TIME.plus(Duration.ofHours(8))));

    private final MockHttpServletResponse response = new MockHttpServletResponse();

    /** The authentication the rest of the chain saw, if it was called. */
    private final AtomicReference<Authentication> passedOn = new AtomicReference<>();

    private boolean chainCalled;

    private final FilterChain chain = (request, response) -> {
        this.chainCalled = true;
        this.passedOn.set(SecurityContextHolder.getContext().getAuthentication());
    };

    @AfterEach
    void clearContext() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void doFilterWhenNoPromptAndNoMaxAgeThenContinuesAuthenticated() throws Exception {
        run(AUTHORIZE);

        assertContinuedAuthenticated();
    }

    @ParameterizedTest
    @ValueSource(strings = {"&prompt=login", "&prompt=login%20consent", "&prompt=consent%20login"})
    void doFilterWhenPromptLoginThenRedirectsToLoginAndSavesRequestWithoutPromptLogin(String prompt) throws Exception {
        run(AUTHORIZE + prompt);

        assertRedirectedToLogin();
        Map<String, List<String>> saved = savedParameters();
        assertThat(saved)
                .containsKeys(
                        "response_type",
                        "client_id",
                        "redirect_uri",
                        "scope",
                        "state",
                        "nonce",
                        "code_challenge",
                        "code_challenge_method");
        assertThat(saved.get("client_id")).containsExactly("demo-web");
        assertThat(saved.get("redirect_uri")).containsExactly("http://127.0.0.1:8081/callback");
        assertThat(saved.get("scope")).containsExactly("openid profile");
        assertThat(saved.get("state")).containsExactly("st-1");
        if (prompt.contains("consent")) {
            assertThat(saved.get("prompt")).containsExactly("consent");
        } else {
            assertThat(saved).doesNotContainKey("prompt");
        }
        assertThat(savedRequest().getRedirectUrl())
                .contains("/oauth2/authorize?")
                .doesNotContain("login");
    }

    @Test
    void doFilterWhenPromptNoneAndMaxAgeExceededThenContinuesUnauthenticated() throws Exception {
        run(AUTHORIZE + "&prompt=none&max_age=60");

        assertThat(this.chainCalled).isTrue();
        assertThat(this.passedOn.get())
                .as("the endpoint answers login_required")
                .isNull();
        assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
        assertThat(this.response.getRedirectedUrl()).isNull();
        assertThat(this.response.getCookie("REDIRECT_URI")).isNull();
    }

    @Test
    void doFilterWhenPromptNoneAndSessionFreshThenContinuesAuthenticated() throws Exception {
        run(AUTHORIZE + "&prompt=none&max_age=3600");

        assertContinuedAuthenticated();
    }

    @ParameterizedTest
    @ValueSource(strings = {"300", "301", "3600"})
    void doFilterWhenMaxAgeNotExceededThenContinuesAuthenticated(String maxAge) throws Exception {
        run(AUTHORIZE + "&max_age=" + maxAge);

        assertContinuedAuthenticated();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "60", "299"})
    void doFilterWhenMaxAgeExceededThenRedirectsToLoginKeepingMaxAge(String maxAge) throws Exception {
        run(AUTHORIZE + "&max_age=" + maxAge);

        assertRedirectedToLogin();
        // after a fresh sign-in max_age is met, so it stays in the resumed request
        assertThat(savedParameters().get("max_age")).containsExactly(maxAge);
    }

    @Test
    void doFilterWhenMaxAgeZeroThenRedirectsToLoginAndSavedRequestHasNoMaxAge() throws Exception {
        run(AUTHORIZE + "&max_age=0");

        assertRedirectedToLogin();
        assertThat(savedParameters()).doesNotContainKey("max_age").containsKeys("client_id", "state", "nonce");
        assertThat(savedRequest().getRedirectUrl()).doesNotContain("max_age");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "&prompt=login",
                "&prompt=login%20consent",
                "&max_age=0",
                "&max_age=60",
                "&prompt=login&max_age=0"
            })
    void doFilterWhenResumedAfterFreshSignInThenContinuesWithoutAnotherLogin(String freshness) throws Exception {
        run(AUTHORIZE + freshness);
        assertRedirectedToLogin();

        assertThat(resumeAfterFreshSignIn())
                .as("the resumed request reaches the endpoint")
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"00", "%200"})
    void doFilterWhenMaxAgeZeroWrittenOtherwiseThenResumedRequestDoesNotLoop(String maxAge) throws Exception {
        run(AUTHORIZE + "&max_age=" + maxAge);
        assertRedirectedToLogin();

        assertThat(resumeAfterFreshSignIn())
                .as("the resumed request reaches the endpoint")
                .isTrue();
    }

    @Test
    void doFilterWhenPostAuthorizationRequestWithPromptLoginThenSavedRequestKeepsParameters() throws Exception {
        MockHttpServletRequest request = MockMvcRequestBuilders.post(URI.create("/oauth2/authorize"))
                .contentType("application/x-www-form-urlencoded")
                .content("response_type=code&client_id=demo-web&scope=openid&state=st-1&prompt=login")
                .buildRequest(new MockServletContext());
        SecurityContextHolder.getContext().setAuthentication(this.signedIn);

        this.filter.doFilter(request, this.response, this.chain);

        assertRedirectedToLogin();
        assertThat(savedParameters())
                .containsKeys("response_type", "client_id", "scope", "state")
                .doesNotContainKey("prompt");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/oauth2/token?grant_type=authorization_code&prompt=login&max_age=0",
                "/oauth2/authorize?client_id=demo-web&prompt=login",
                "/login?prompt=login&response_type=code"
            })
    void doFilterWhenNotAnAuthorizationRequestThenUntouched(String uri) throws Exception {
        run(uri);

        assertContinuedAuthenticated();
    }

    @Test
    void doFilterWhenNotSignedInThenContinuesUntouched() throws Exception {
        MockHttpServletRequest request = request(AUTHORIZE + "&prompt=login");

        this.filter.doFilter(request, this.response, this.chain);

        assertThat(this.chainCalled).isTrue();
        assertThat(this.passedOn.get()).isNull();
        assertThat(this.response.getRedirectedUrl()).isNull();
    }

    private void run(String uri) throws ServletException, IOException {
        SecurityContextHolder.getContext().setAuthentication(this.signedIn);
        this.filter.doFilter(request(uri), this.response, this.chain);
    }

    /** Signs in again (auth_time now) and sends the saved request; true when it reached the endpoint. */
    private boolean resumeAfterFreshSignIn() throws ServletException, IOException {
        String resumed = savedRequest().getRedirectUrl();
        SsoAuthentication fresh = new SsoAuthentication(
                new SsoSession("sid-2", "account-42", NOW, List.of("pwd"), "loa2", NOW.plus(Duration.ofHours(8))));
        SecurityContextHolder.getContext().setAuthentication(fresh);
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicReference<Authentication> reached = new AtomicReference<>();
        this.filter.doFilter(
                request(URI.create(resumed).getRawPath() + "?"
                        + URI.create(resumed).getRawQuery()),
                response,
                (req, res) -> reached.set(SecurityContextHolder.getContext().getAuthentication()));
        return reached.get() == fresh && response.getRedirectedUrl() == null;
    }

    private void assertContinuedAuthenticated() {
        assertThat(this.chainCalled).isTrue();
        assertThat(this.passedOn.get()).isSameAs(this.signedIn);
        assertThat(this.response.getRedirectedUrl()).isNull();
        assertThat(this.response.getCookie("REDIRECT_URI")).isNull();
    }

    private void assertRedirectedToLogin() {
        assertThat(this.chainCalled).isFalse();
        assertThat(this.response.getRedirectedUrl()).isEqualTo("/login");
        assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
    }

    /** The saved request as the login success handler reads it back on the next request. */
    private SavedRequest savedRequest() {
        Cookie cookie = this.response.getCookie("REDIRECT_URI");
        assertThat(cookie).as("saved request cookie").isNotNull();
        MockHttpServletRequest next = new MockHttpServletRequest("GET", "/login");
        next.setCookies(cookie);
        SavedRequest saved = this.requestCache.getRequest(next, new MockHttpServletResponse());
        assertThat(saved).isNotNull();
        return saved;
    }

    /** The parameters of the saved request's URL, decoded, as the authorization endpoint will see them. */
    private Map<String, List<String>> savedParameters() {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        UriComponentsBuilder.fromUriString(savedRequest().getRedirectUrl())
                .build()
                .getQueryParams()
                .forEach((name, values) -> parameters.put(
                        name,
                        values.stream()
                                .map((value) -> UriUtils.decode(value, StandardCharsets.UTF_8))
                                .toList()));
        return parameters;
    }

    private static MockHttpServletRequest request(String uri) {
        // a URI, not a template: the query stays encoded exactly as a browser sends it
        return MockMvcRequestBuilders.get(URI.create(uri)).buildRequest(new MockServletContext());
    }
}
