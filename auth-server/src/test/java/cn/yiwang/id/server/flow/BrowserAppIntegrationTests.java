package cn.yiwang.id.server.flow;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.server.test.Browser;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.OidcClient;
import cn.yiwang.id.server.test.RawHttp;
import cn.yiwang.id.server.test.TestAccounts;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * What a browser app (single-page app, public client) needs beyond the code flow: CORS for its registered
 * origins only, preflights answered without a redirect or a session, and refresh tokens that rotate, die with
 * the SSO session and live shorter than a confidential client's. The same in a real browser:
 * {@code browser.SinglePageAppBrowserTests}.
 */
class BrowserAppIntegrationTests extends IntegrationTestSupport {

    private static final String SPA_ORIGIN = "http://127.0.0.1:8082";

    private static final String SPA_CALLBACK = SPA_ORIGIN + "/callback";

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @Autowired
    AccountRepository accounts;

    @Autowired
    OAuth2AuthorizationService authorizations;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/oauth2/token",
                "/oauth2/revoke",
                "/userinfo",
                "/oauth2/jwks",
                "/.well-known/openid-configuration",
                "/.well-known/oauth-authorization-server"
            })
    void preflightWhenRegisteredOriginThenAllowedWithoutRedirectOrSession(String path) throws Exception {
        HttpResponse<String> response = preflight(path, SPA_ORIGIN);

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains(SPA_ORIGIN);
        assertThat(response.headers().firstValue("Access-Control-Allow-Methods"))
                .isPresent();
        assertThat(response.headers().firstValue("Access-Control-Allow-Headers"))
                .hasValueSatisfying((headers) -> assertThat(headers).contains("Authorization"));
        assertThat(response.headers().firstValue("Access-Control-Allow-Credentials"))
                .as("never with credentials")
                .isEmpty();
        assertThat(response.headers().firstValue("Location")).isEmpty();
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8099", "https://evil.example", "null"})
    void preflightWhenUnregisteredOriginThenRefusedWithoutCorsHeaders(String origin) throws Exception {
        HttpResponse<String> response = preflight("/oauth2/token", origin);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(response.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void discoveryWhenFetchedCrossOriginThenOnlyRegisteredOriginsMayRead() throws Exception {
        HttpResponse<String> registered = get("/.well-known/openid-configuration", SPA_ORIGIN);
        HttpResponse<String> unregistered = get("/.well-known/openid-configuration", "https://evil.example");

        assertThat(registered.statusCode()).isEqualTo(200);
        assertThat(registered.headers().firstValue("Access-Control-Allow-Origin"))
                .contains(SPA_ORIGIN);
        assertThat(registered.headers().allValues("Vary"))
                .anySatisfy((v) -> assertThat(v).contains("Origin"));
        assertThat(unregistered.statusCode()).isEqualTo(200);
        assertThat(unregistered.headers().firstValue("Access-Control-Allow-Origin"))
                .isEmpty();
    }

    @Test
    void publicClientWhenCodeRedeemedFromItsOriginThenRefreshTokenThatRotatesAndDiesWithTheSession() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        try (Browser browser = new Browser()) {
            OidcClient spa = new OidcClient(ISSUER, "demo-spa", null, SPA_CALLBACK);
            OidcClient.Attempt attempt = spa.authorizationRequest("openid profile", (b) -> {});
            Page consent = browser.signIn(
                    (HtmlPage) browser.open(attempt.uri().toString()), account.username(), TestAccounts.PASSWORD);
            ((HtmlPage) consent)
                    .getForms()
                    .get(0)
                    .getOneHtmlElementByAttribute("button", "type", "submit")
                    .click();
            AuthorizationCode code = spa.code(browser.lastClientRedirect(), attempt);

            HttpResponse<String> tokens = post(
                    "/oauth2/token",
                    SPA_ORIGIN,
                    "grant_type",
                    "authorization_code",
                    "code",
                    code.getValue(),
                    "redirect_uri",
                    SPA_CALLBACK,
                    "client_id",
                    "demo-spa",
                    "code_verifier",
                    attempt.verifier().getValue());
            assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
            assertThat(tokens.headers().firstValue("Access-Control-Allow-Origin"))
                    .contains(SPA_ORIGIN);
            String refreshToken = (String) RawHttp.json(tokens).get("refresh_token");
            assertThat(refreshToken).as("a public client gets a refresh token").isNotBlank();
            OAuth2Authorization stored = this.authorizations.findByToken(refreshToken, OAuth2TokenType.REFRESH_TOKEN);
            OAuth2RefreshToken issued = stored.getRefreshToken().getToken();
            assertThat(Duration.between(issued.getIssuedAt(), issued.getExpiresAt()))
                    .as("at most yiwang.clients.public-refresh-token-max-ttl (2h), not demo-spa's 8h")
                    .isLessThanOrEqualTo(Duration.ofHours(2));

            HttpResponse<String> refreshed = post(
                    "/oauth2/token",
                    SPA_ORIGIN,
                    "grant_type",
                    "refresh_token",
                    "refresh_token",
                    refreshToken,
                    "client_id",
                    "demo-spa");
            assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
            Map<String, Object> second = RawHttp.json(refreshed);
            assertThat(second.get("refresh_token")).as("rotated").isNotNull().isNotEqualTo(refreshToken);
            assertThat(second.get("id_token")).isNotNull();
            Instant chainEnd = this.authorizations
                    .findByToken((String) second.get("refresh_token"), OAuth2TokenType.REFRESH_TOKEN)
                    .getRefreshToken()
                    .getToken()
                    .getExpiresAt();
            assertThat(chainEnd).as("the chain keeps its limit").isBeforeOrEqualTo(issued.getExpiresAt());

            HttpResponse<String> reused = post(
                    "/oauth2/token",
                    SPA_ORIGIN,
                    "grant_type",
                    "refresh_token",
                    "refresh_token",
                    refreshToken,
                    "client_id",
                    "demo-spa");
            assertThat(reused.statusCode()).isEqualTo(400);
            assertThat(RawHttp.json(reused)).containsEntry("error", "invalid_grant");

            // a public client revokes with client_id alone (RFC 7009 §2.1); the revoked token is spent
            HttpResponse<String> revoked = post(
                    "/oauth2/revoke",
                    SPA_ORIGIN,
                    "token",
                    (String) second.get("access_token"),
                    "client_id",
                    "demo-spa");
            assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
            assertThat(revoked.headers().firstValue("Access-Control-Allow-Origin"))
                    .contains(SPA_ORIGIN);

            // the SSO session ends (RP-initiated logout): its refresh tokens stop working
            browser.open(ISSUER + "/connect/logout?id_token_hint=" + second.get("id_token"));
            assertThat(browser.client().getCookieManager().getCookie("YIWANG_SSO"))
                    .isNull();
            HttpResponse<String> afterLogout = post(
                    "/oauth2/token",
                    SPA_ORIGIN,
                    "grant_type",
                    "refresh_token",
                    "refresh_token",
                    (String) second.get("refresh_token"),
                    "client_id",
                    "demo-spa");
            assertThat(afterLogout.statusCode()).isEqualTo(400);
            assertThat(RawHttp.json(afterLogout)).containsEntry("error", "invalid_grant");
        }
    }

    @Test
    void tokenRequestWhenOriginRegisteredByAnotherClientThenRefusedBeforeTheCodeIsSpent() throws Exception {
        HttpResponse<String> response = post(
                "/oauth2/token",
                "https://b.example.cn",
                "grant_type",
                "authorization_code",
                "code",
                "any",
                "redirect_uri",
                SPA_CALLBACK,
                "client_id",
                "demo-spa",
                "code_verifier",
                "x".repeat(43));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void refreshWhenConfidentialClientSendsNoSecretThenInvalidClient() throws Exception {
        HttpResponse<String> response = post(
                "/oauth2/token",
                null,
                "grant_type",
                "refresh_token",
                "refresh_token",
                "whatever",
                "client_id",
                "demo-web");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(RawHttp.json(response)).containsEntry("error", "invalid_client");
    }

    private static HttpResponse<String> preflight(String path, String origin) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(ISSUER + path))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", origin)
                        .header("Access-Control-Request-Method", "POST")
                        .header("Access-Control-Request-Headers", "authorization, content-type")
                        .header("Accept", "*/*")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path, String origin) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(ISSUER + path))
                        .header("Origin", origin)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String origin, String... form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ISSUER + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(RawHttp.form(form)));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
