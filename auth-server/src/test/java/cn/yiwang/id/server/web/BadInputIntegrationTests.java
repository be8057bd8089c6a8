package cn.yiwang.id.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.server.test.Browser;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.OidcClient;
import cn.yiwang.id.server.test.RawHttp;
import cn.yiwang.id.server.test.TestAccounts;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Bad input at the authorization and token endpoints: every case gets the error code RFC 6749 /
 * RFC 7636 gives it, a page when a browser is talking to us and the client cannot be trusted
 * (RFC 6749 §4.1.2.1), a redirect to the registered callback when it can, and never a 500 or a
 * stack trace.
 */
class BadInputIntegrationTests extends IntegrationTestSupport {

    private static final String AUTHORIZE = ISSUER + "/oauth2/authorize";

    private static final String TOKEN = ISSUER + "/oauth2/token";

    private static final String WEB_CALLBACK = "http://127.0.0.1:8081/callback";

    private static final String SPA_CALLBACK = "http://127.0.0.1:8082/callback";

    /** RFC 7636 Appendix B: a valid S256 challenge. */
    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    private static final String NO_WWW_AUTHENTICATE = "BUG: 401 invalid_client after a failed client_secret_basic "
            + "has no WWW-Authenticate header (RFC 6749 §5.2 MUST)";

    private static final String NO_CLIENT_AUTHENTICATION_NOT_INVALID_CLIENT = "BUG: token request without client "
            + "authentication is redirected to /login (Accept text/html, */*) or gets an empty 401 (Accept JSON), "
            + "not 401 {\"error\":\"invalid_client\"}";

    private static final Pattern ERROR_CODE_ON_PAGE = Pattern.compile("class=\"error-code\">([^<]*)<");

    @Autowired
    AccountRepository accounts;

    // ---- authorization endpoint -----------------------------------------------------------------

    @Test
    void authorizeWhenClientIdUnknownThenErrorPageAndNoRedirect() throws Exception {
        String url = authorize(
                "response_type",
                "code",
                "client_id",
                "no-such-client",
                "redirect_uri",
                WEB_CALLBACK,
                "scope",
                "openid",
                "state",
                "s-unknown-client");

        HttpResponse<String> response = RawHttp.getHtml(url);

        assertErrorPage(response, "invalid_request");
        try (Browser browser = new Browser()) {
            Page page = browser.open(url);
            assertThat(page.getWebResponse().getStatusCode()).isEqualTo(400);
            assertThat(page.getUrl().getPath())
                    .as("the browser stays on our page")
                    .isEqualTo("/oauth2/authorize");
            assertThat(browser.clientRedirectCount())
                    .as("nothing reaches any client callback")
                    .isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://evil.example/callback",
                "http://127.0.0.1:8081/callback/evil",
                "http://127.0.0.1:8081/callback?next=https%3A%2F%2Fevil.example",
                "http://localhost:8081/callback",
                "http://127.0.0.1:8081/Callback",
                "http://127.0.0.1:8081/callback#fragment"
            })
    void authorizeWhenRedirectUriNotRegisteredThenErrorPageAndNeverRedirect(String redirectUri) throws Exception {
        HttpResponse<String> response = RawHttp.getHtml(authorize(
                "response_type",
                "code",
                "client_id",
                "demo-web",
                "redirect_uri",
                redirectUri,
                "scope",
                "openid",
                "state",
                "s-redirect"));

        assertErrorPage(response, "invalid_request");
    }

    @ParameterizedTest(name = "code_challenge={0}, code_challenge_method={1}")
    @CsvSource(
            nullValues = "absent",
            value = {"absent, absent", "absent, S256", CHALLENGE + ", plain", CHALLENGE + ", S512"})
    void authorizeWhenPublicClientWithoutS256ChallengeThenInvalidRequestToItsCallback(String challenge, String method)
            throws Exception {
        List<String> query = new ArrayList<>(List.of(
                "response_type",
                "code",
                "client_id",
                "demo-spa",
                "redirect_uri",
                SPA_CALLBACK,
                "scope",
                "openid",
                "state",
                "s-pkce"));
        if (challenge != null) {
            query.addAll(List.of("code_challenge", challenge));
        }
        if (method != null) {
            query.addAll(List.of("code_challenge_method", method));
        }

        HttpResponse<String> response = RawHttp.getHtml(authorize(query.toArray(String[]::new)));

        Map<String, String> callback = assertRedirectToCallback(response, SPA_CALLBACK);
        assertThat(callback)
                .containsEntry("error", "invalid_request")
                .containsEntry("state", "s-pkce")
                .containsEntry("iss", ISSUER)
                .doesNotContainKey("code");
    }

    /**
     * RFC 6749 §4.1.2.1 would allow sending {@code unsupported_response_type} to the registered callback;
     * the server shows it on a page instead (the request is rejected before the client is looked up),
     * which is also safe. This pins what it does.
     */
    @ParameterizedTest
    @ValueSource(strings = {"token", "id_token", "code id_token", "code token", "none"})
    void authorizeWhenResponseTypeUnsupportedThenUnsupportedResponseTypePage(String responseType) throws Exception {
        HttpResponse<String> response = RawHttp.getHtml(authorize(
                "response_type",
                responseType,
                "client_id",
                "demo-web",
                "redirect_uri",
                WEB_CALLBACK,
                "scope",
                "openid",
                "state",
                "s-response-type"));

        assertErrorPage(response, "unsupported_response_type");
    }

    @ParameterizedTest
    @ValueSource(strings = {"openid admin", "openid api.read", "openid profile  email"})
    void authorizeWhenScopeNotAllowedForClientThenInvalidScopeToCallbackWithState(String scope) throws Exception {
        HttpResponse<String> response = RawHttp.getHtml(authorize(
                "response_type",
                "code",
                "client_id",
                "demo-web",
                "redirect_uri",
                WEB_CALLBACK,
                "scope",
                scope,
                "state",
                "s-scope",
                "code_challenge",
                CHALLENGE,
                "code_challenge_method",
                "S256"));

        Map<String, String> callback = assertRedirectToCallback(response, WEB_CALLBACK);
        assertThat(callback)
                .containsEntry("error", "invalid_scope")
                .containsEntry("state", "s-scope")
                .containsEntry("iss", ISSUER)
                .doesNotContainKey("code");
    }

    @Test
    void authorizeWhenClientIdRepeatedThenInvalidRequestPage() throws Exception {
        HttpResponse<String> response = RawHttp.getHtml(authorize(
                "response_type",
                "code",
                "client_id",
                "demo-web",
                "client_id",
                "demo-web",
                "redirect_uri",
                WEB_CALLBACK,
                "scope",
                "openid",
                "state",
                "s-twice"));

        assertErrorPage(response, "invalid_request");
    }

    @Test
    void authorizeWhenParameterOversizedThenInvalidRequestPage() throws Exception {
        HttpResponse<String> response = RawHttp.getHtml(authorize(
                "response_type",
                "code",
                "client_id",
                "demo-web",
                "redirect_uri",
                WEB_CALLBACK,
                "scope",
                "openid",
                "state",
                "s".repeat(5000)));

        assertErrorPage(response, "invalid_request");
    }

    // ---- token endpoint: client authentication --------------------------------------------------

    @ParameterizedTest(name = "{0} / {2}")
    @CsvSource({
        "demo-service, wrong-secret, client_secret_basic",
        "demo-service, wrong-secret, client_secret_post",
        "no-such-client, demo-secret, client_secret_basic",
        "no-such-client, demo-secret, client_secret_post"
    })
    void tokenWhenClientAuthenticationFailsThenUnauthorizedInvalidClient(String clientId, String secret, String method)
            throws Exception {
        HttpResponse<String> response = "client_secret_basic".equals(method)
                ? RawHttp.postForm(TOKEN, RawHttp.basic(clientId, secret), "grant_type", "client_credentials")
                : RawHttp.postForm(
                        TOKEN,
                        null,
                        "grant_type",
                        "client_credentials",
                        "client_id",
                        clientId,
                        "client_secret",
                        secret);

        assertTokenError(response, 401, "invalid_client");
    }

    /** RFC 6749 §5.2: a client that authenticated with the Authorization header gets 401 and WWW-Authenticate. */
    @Test
    void tokenWhenBasicClientAuthenticationFailsThenWwwAuthenticateBasic() throws Exception {
        HttpResponse<String> response = RawHttp.postForm(
                TOKEN, RawHttp.basic("demo-service", "wrong-secret"), "grant_type", "client_credentials");

        assertTokenError(response, 401, "invalid_client");
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying((value) -> assertThat(value).startsWithIgnoringCase("Basic"));
    }

    // ---- token endpoint: authorization code and PKCE --------------------------------------------

    @ParameterizedTest
    @CsvSource({"demo-web, demo-secret, http://127.0.0.1:8081/callback", "demo-spa, , http://127.0.0.1:8082/callback"})
    void tokenWhenCodeVerifierWrongThenInvalidGrant(String clientId, String secret, String callback) throws Exception {
        OidcClient client = new OidcClient(ISSUER, clientId, secret, callback);
        OidcClient.Attempt attempt = client.authorizationRequest("openid", (b) -> {});
        AuthorizationCode code = signInForCode(client, attempt);

        TokenResponse response = client.exchange(code, new CodeVerifier());

        assertTokenError(response, 400, "invalid_grant");
    }

    @Test
    void tokenWhenCodeVerifierMissingForConfidentialClientThenInvalidGrant() throws Exception {
        OidcClient client = new OidcClient(ISSUER, "demo-web", "demo-secret", WEB_CALLBACK);
        OidcClient.Attempt attempt = client.authorizationRequest("openid", (b) -> {});
        AuthorizationCode code = signInForCode(client, attempt);

        TokenResponse response = client.exchange(code, null);

        assertTokenError(response, 400, "invalid_grant");
    }

    /**
     * A public client proves itself with the code_verifier only (RFC 7636 §4.5); without it the request carries
     * no client authentication at all, which RFC 6749 §5.2 answers with {@code invalid_client}. A stock RP
     * library (Nimbus, on HttpURLConnection, whose default Accept includes text/html) is sent to the login page.
     */
    @Test
    void tokenWhenCodeVerifierMissingForPublicClientThenInvalidClient() throws Exception {
        OidcClient client = new OidcClient(ISSUER, "demo-spa", null, SPA_CALLBACK);
        OidcClient.Attempt attempt = client.authorizationRequest("openid", (b) -> {});
        AuthorizationCode code = signInForCode(client, attempt);

        TokenResponse response = client.exchange(code, null);

        assertTokenError(response, 401, "invalid_client");
    }

    /**
     * RFC 6749 §5.2: "no client authentication included" is {@code invalid_client}, as JSON, whatever the
     * Accept header; a token request is never a browser navigation to the login page.
     */
    @ParameterizedTest(name = "Accept {0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "application/json | client_credentials, client_id=demo-service",
                "application/json | client_credentials, client_id=demo-service, client_secret=(empty)",
                "text/html, */* | client_credentials, client_id=demo-service",
                "*/* | client_credentials, no client_id",
                "application/json | authorization_code, client_id=demo-spa, no code_verifier"
            })
    void tokenWhenNoClientAuthenticationThenUnauthorizedInvalidClient(String accept, String request) throws Exception {
        List<String> form = new ArrayList<>();
        if (request.startsWith("authorization_code")) {
            form.addAll(List.of(
                    "grant_type",
                    "authorization_code",
                    "code",
                    "not-a-code",
                    "redirect_uri",
                    SPA_CALLBACK,
                    "client_id",
                    "demo-spa"));
        } else {
            form.addAll(List.of("grant_type", "client_credentials"));
            if (request.contains("client_id=demo-service")) {
                form.addAll(List.of("client_id", "demo-service"));
            }
            if (request.contains("client_secret=(empty)")) {
                form.addAll(List.of("client_secret", ""));
            }
        }

        HttpResponse<String> response =
                RawHttp.postFormWithHeaders(TOKEN, Map.of("Accept", accept), form.toArray(String[]::new));

        assertTokenError(response, 401, "invalid_client");
    }

    @Test
    void tokenWhenCodeExpiredThenInvalidGrant() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        OidcClient client = new OidcClient(ISSUER, "test-short-code", "demo-secret", "http://127.0.0.1:8083/callback");
        try (Browser browser = new Browser()) {
            OidcClient.Attempt fresh = client.authorizationRequest("openid", (b) -> {});
            browser.signIn((HtmlPage) browser.open(fresh.uri().toString()), account.username(), TestAccounts.PASSWORD);
            assertThat(client.exchange(client.code(browser.lastClientRedirect(), fresh), fresh.verifier())
                            .indicatesSuccess())
                    .as("a code redeemed at once works")
                    .isTrue();
            OidcClient.Attempt late = client.authorizationRequest("openid", (b) -> {});
            browser.open(late.uri().toString());
            AuthorizationCode code = client.code(browser.lastClientRedirect(), late);

            Thread.sleep(2_000); // the client's codes live 1 s

            assertTokenError(client.exchange(code, late.verifier()), 400, "invalid_grant");
        }
    }

    // ---- token endpoint: malformed requests and grants the client may not use -------------------

    @Test
    void tokenWhenGrantTypeRepeatedThenInvalidRequest() throws Exception {
        HttpResponse<String> response = RawHttp.postForm(
                TOKEN,
                RawHttp.basic("demo-service", "demo-secret"),
                "grant_type",
                "client_credentials",
                "grant_type",
                "client_credentials");

        assertTokenError(response, 400, "invalid_request");
    }

    @ParameterizedTest(name = "{0} repeated")
    @ValueSource(strings = {"code", "redirect_uri", "code_verifier", "client_id"})
    void tokenWhenAnyParameterRepeatedThenInvalidRequestNot500(String repeated) throws Exception {
        List<String> form = new ArrayList<>(List.of(
                "grant_type",
                "authorization_code",
                "code",
                "a",
                "redirect_uri",
                WEB_CALLBACK,
                "code_verifier",
                "v".repeat(43),
                "client_id",
                "demo-web"));
        form.addAll(List.of(repeated, "b"));

        HttpResponse<String> response =
                RawHttp.postForm(TOKEN, RawHttp.basic("demo-web", "demo-secret"), form.toArray(String[]::new));

        assertTokenError(response, 400, "invalid_request");
        assertThat(RawHttp.json(response).get("error_description")).isEqualTo("Parameter " + repeated + " is repeated");
    }

    @Test
    void backChannelLogoutWhenMultipartWithoutBoundaryThen400() throws Exception {
        HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create(ISSUER + "/federation/zhejiang/backchannel-logout"))
                                .header("Content-Type", "multipart/form-data")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                        "--x\r\nContent-Disposition: form-data; name=\"logout_token\"\r\n\r\n"
                                                + "abc\r\n--x--\r\n"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(RawHttp.json(response)).containsEntry("error", "invalid_request");
    }

    @Test
    void tokenWhenParameterOversizedThenInvalidRequestJson() throws Exception {
        HttpResponse<String> response = RawHttp.postForm(
                TOKEN,
                RawHttp.basic("demo-service", "demo-secret"),
                "grant_type",
                "client_credentials",
                "scope",
                "a".repeat(5000));

        assertTokenError(response, 400, "invalid_request");
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"admin", "openid", "api.read api.write"})
    void tokenWhenClientCredentialsScopeNotAllowedThenInvalidScope(String scope) throws Exception {
        HttpResponse<String> response = RawHttp.postForm(
                TOKEN,
                RawHttp.basic("demo-service", "demo-secret"),
                "grant_type",
                "client_credentials",
                "scope",
                scope);

        assertTokenError(response, 400, "invalid_scope");
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo-web", "test-short-code", "test-es256"})
    void tokenWhenClientCredentialsNotAllowedForClientThenUnauthorizedClient(String clientId) throws Exception {
        HttpResponse<String> response =
                RawHttp.postForm(TOKEN, RawHttp.basic(clientId, "demo-secret"), "grant_type", "client_credentials");

        assertTokenError(response, 400, "unauthorized_client");
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static String authorize(String... query) {
        return AUTHORIZE + "?" + RawHttp.form(query);
    }

    /** A friendly 400 page carrying the error code, with no redirect and no internals. */
    private static void assertErrorPage(HttpResponse<String> response, String errorCode) {
        assertThat(response.statusCode()).as("status of %s", response.uri()).isEqualTo(400);
        assertThat(response.headers().firstValue("Location"))
                .as("no redirect anywhere")
                .isEmpty();
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
        Matcher code = ERROR_CODE_ON_PAGE.matcher(response.body());
        assertThat(code.find()).as("error code shown on the page").isTrue();
        assertThat(code.group(1)).isEqualTo(errorCode);
        assertNoInternals(response.body());
    }

    /** The authorization response went to the registered callback; returns its query parameters. */
    private static Map<String, String> assertRedirectToCallback(HttpResponse<String> response, String callback) {
        assertThat(response.statusCode()).as("status of %s", response.uri()).isEqualTo(302);
        String location = response.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(callback + "?");
        return RawHttp.queryParameters(location);
    }

    private static void assertTokenError(HttpResponse<String> response, int status, String errorCode) {
        assertThat(response.statusCode()).as("status, body %s", response.body()).isEqualTo(status);
        Map<String, Object> body = RawHttp.json(response);
        assertThat(body).containsEntry("error", errorCode).doesNotContainKey("access_token");
        assertNoInternals(response.body());
    }

    private static void assertTokenError(TokenResponse response, int status, String errorCode) {
        assertThat(response.indicatesSuccess()).as("%s", response).isFalse();
        TokenErrorResponse error = response.toErrorResponse();
        assertThat(error.getErrorObject().getHTTPStatusCode()).isEqualTo(status);
        assertThat(error.getErrorObject().getCode()).isEqualTo(errorCode);
    }

    private static void assertNoInternals(String body) {
        assertThat(body).doesNotContain("Exception").doesNotContain("at org.").doesNotContain("at java.");
    }

    /** Signs a fresh account in through the real login page (and approves consent if asked) for a code. */
    private AuthorizationCode signInForCode(OidcClient client, OidcClient.Attempt attempt) throws Exception {
        Account account = TestAccounts.create(this.accounts);
        try (Browser browser = new Browser()) {
            Page page = browser.open(attempt.uri().toString());
            assertThat(page.getUrl().getPath()).isEqualTo("/login");
            page = browser.signIn((HtmlPage) page, account.username(), TestAccounts.PASSWORD);
            if ("/oauth2/consent".equals(page.getUrl().getPath())) {
                ((HtmlPage) page)
                        .getForms()
                        .get(0)
                        .getOneHtmlElementByAttribute("button", "type", "submit")
                        .click();
            }
            return client.code(browser.lastClientRedirect(), attempt);
        }
    }
}
