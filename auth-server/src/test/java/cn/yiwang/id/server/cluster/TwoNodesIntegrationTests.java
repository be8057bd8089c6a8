package cn.yiwang.id.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.server.YiwangIdApplication;
import cn.yiwang.id.server.test.Browser;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.OidcClient;
import cn.yiwang.id.server.test.TestAccounts;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two server nodes on one PostgreSQL and one Redis, as behind a load balancer: node A is the shared
 * test context on {@link #PORT}, node B a second application started here on another port with the
 * same issuer and master key. Whatever one node issues, the other honours.
 */
class TwoNodesIntegrationTests extends IntegrationTestSupport {

    private static final String WEB_CALLBACK = "http://127.0.0.1:8081/callback";

    private static ConfigurableApplicationContext nodeB;

    private static String nodeBUrl;

    @Autowired
    AccountRepository accounts;

    @BeforeAll
    static void startNodeB() {
        int port = freePort();
        // As command-line arguments: SpringApplicationBuilder.properties(...) are defaults, which
        // application.yml (server.port, yiwang.issuer) would override.
        Map<String, Object> properties = new java.util.LinkedHashMap<>(nodeProperties(port));
        // node B reloads the client registry every second, so a change made through node A shows quickly
        properties.put("yiwang.clients.registry-refresh-interval", "1s");
        String[] arguments = properties.entrySet().stream()
                .map((property) -> "--" + property.getKey() + "=" + property.getValue())
                .toArray(String[]::new);
        nodeB = new SpringApplicationBuilder(YiwangIdApplication.class)
                .properties(Map.of("spring.main.banner-mode", "off"))
                .run(arguments);
        nodeBUrl = "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void stopNodeB() {
        if (nodeB != null) {
            nodeB.close();
        }
    }

    @Test
    void codeWhenIssuedByNodeAThenRedeemedAtNodeBAndIdTokenValidates() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        OidcClient web = webClient();
        OidcClient.Attempt attempt = web.authorizationRequest("openid", (b) -> {});
        AuthorizationCode code;
        try (Browser browser = new Browser()) {
            browser.signIn(
                    (HtmlPage) browser.open(attempt.uri().toString()), account.username(), TestAccounts.PASSWORD);
            code = web.code(browser.lastClientRedirect(), attempt);
        }

        TokenResponse atB =
                token(nodeBUrl, web, new AuthorizationCodeGrant(code, URI.create(WEB_CALLBACK), attempt.verifier()));

        assertThat(atB.indicatesSuccess()).as("%s", atB).isTrue();
        String idToken =
                ((OIDCTokenResponse) atB.toSuccessResponse()).getOIDCTokens().getIDTokenString();
        IDTokenClaimsSet claims = validateWithJwksOf(nodeBUrl, idToken, attempt);
        assertThat(claims.getSubject().getValue()).isEqualTo(account.id().toString());
        assertThat(web.validate(idToken, attempt.nonce(), JWSAlgorithm.RS256).getSubject())
                .as("node A's JWKS verifies it too")
                .isEqualTo(claims.getSubject());
        TokenResponse replayAtA =
                token(ISSUER, web, new AuthorizationCodeGrant(code, URI.create(WEB_CALLBACK), attempt.verifier()));
        assertThat(replayAtA.toErrorResponse().getErrorObject().getCode())
                .as("node A knows the code was used")
                .isEqualTo("invalid_grant");
    }

    @Test
    void refreshTokenWhenIssuedByNodeAThenWorksAtNodeBAndRotationIsShared() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        OidcClient web = webClient();
        OidcClient.Attempt attempt = web.authorizationRequest("openid", (b) -> {});
        RefreshToken issuedByA;
        try (Browser browser = new Browser()) {
            browser.signIn(
                    (HtmlPage) browser.open(attempt.uri().toString()), account.username(), TestAccounts.PASSWORD);
            TokenResponse atA = web.exchange(web.code(browser.lastClientRedirect(), attempt), attempt.verifier());
            assertThat(atA.indicatesSuccess()).as("%s", atA).isTrue();
            issuedByA = atA.toSuccessResponse().getTokens().getRefreshToken();
        }

        TokenResponse atB = token(nodeBUrl, web, new RefreshTokenGrant(issuedByA));

        assertThat(atB.indicatesSuccess()).as("%s", atB).isTrue();
        RefreshToken rotated = atB.toSuccessResponse().getTokens().getRefreshToken();
        assertThat(rotated.getValue()).isNotEqualTo(issuedByA.getValue());
        assertThat(token(ISSUER, web, new RefreshTokenGrant(issuedByA))
                        .toErrorResponse()
                        .getErrorObject()
                        .getCode())
                .as("node A knows the old refresh token was rotated away")
                .isEqualTo("invalid_grant");
        assertThat(token(ISSUER, web, new RefreshTokenGrant(rotated)).indicatesSuccess())
                .isTrue();
    }

    @Test
    void ssoWhenSignedInAtNodeAThenNodeBIssuesCodeWithoutLogin() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        OidcClient web = webClient();
        try (Browser browser = new Browser();
                Browser stranger = new Browser()) {
            OidcClient.Attempt first = web.authorizationRequest("openid", (b) -> {});
            browser.signIn((HtmlPage) browser.open(first.uri().toString()), account.username(), TestAccounts.PASSWORD);
            String sidAtA = idTokenClaims(ISSUER, web, web.code(browser.lastClientRedirect(), first), first)
                    .getStringClaim("sid");

            OidcClient.Attempt second = web.authorizationRequest("openid", (b) -> {});
            String atNodeB = onNodeB(second.uri());
            Page page = browser.open(atNodeB);

            assertThat(page.getUrl().getPort())
                    .as("went straight to the client, no login page")
                    .isEqualTo(8081);
            assertThat(browser.clientRedirectCount()).isEqualTo(2);
            assertThat(browser.lastClientRedirect().getQuery())
                    .contains("iss=" + URLEncoder.encode(ISSUER, StandardCharsets.UTF_8));
            IDTokenClaimsSet atB = idTokenClaims(nodeBUrl, web, web.code(browser.lastClientRedirect(), second), second);
            assertThat(atB.getSubject().getValue()).isEqualTo(account.id().toString());
            assertThat(atB.getStringClaim("sid")).as("the same SSO session").isEqualTo(sidAtA);

            Page strangerPage = stranger.open(
                    onNodeB(web.authorizationRequest("openid", (b) -> {}).uri()));
            assertThat(strangerPage.getUrl().toString())
                    .as("without the SSO cookie node B asks for a login")
                    .isEqualTo(nodeBUrl + "/login");
        }
    }

    @Test
    void jwksWhenFetchedFromBothNodesThenSameKeyIds() throws Exception {
        List<String> atA = keyIds(ISSUER);
        List<String> atB = keyIds(nodeBUrl);

        assertThat(atA).hasSize(2);
        assertThat(atB).containsExactlyInAnyOrderElementsOf(atA);
    }

    private static OidcClient webClient() throws Exception {
        return new OidcClient(ISSUER, "demo-web", "demo-secret", WEB_CALLBACK);
    }

    private static String onNodeB(URI authorizationRequest) {
        assertThat(authorizationRequest.toString()).startsWith(ISSUER + "/");
        return nodeBUrl + authorizationRequest.toString().substring(ISSUER.length());
    }

    private static TokenResponse token(String node, OidcClient client, AuthorizationGrant grant) throws Exception {
        return OIDCTokenResponseParser.parse(
                new TokenRequest(URI.create(node + "/oauth2/token"), client.clientAuthentication(), grant)
                        .toHTTPRequest()
                        .send());
    }

    private static IDTokenClaimsSet idTokenClaims(
            String node, OidcClient client, AuthorizationCode code, OidcClient.Attempt attempt) throws Exception {
        TokenResponse response =
                token(node, client, new AuthorizationCodeGrant(code, URI.create(WEB_CALLBACK), attempt.verifier()));
        assertThat(response.indicatesSuccess()).as("%s", response).isTrue();
        return validateWithJwksOf(
                node,
                ((OIDCTokenResponse) response.toSuccessResponse())
                        .getOIDCTokens()
                        .getIDTokenString(),
                attempt);
    }

    /** Validates as an RP would, but against the JWKS served by the given node. */
    private static IDTokenClaimsSet validateWithJwksOf(String node, String idToken, OidcClient.Attempt attempt)
            throws Exception {
        JWKSet jwks = JWKSet.load(URI.create(node + "/oauth2/jwks").toURL());
        IDTokenValidator validator =
                new IDTokenValidator(new Issuer(ISSUER), new ClientID("demo-web"), JWSAlgorithm.RS256, jwks);
        return validator.validate(JWTParser.parse(idToken), attempt.nonce());
    }

    @Test
    void clientWhenCreatedAndDisabledThroughNodeAThenNodeBServesAndThenRefusesItWithoutRestart() throws Exception {
        String admin = adminToken();
        String clientId = "2n-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        java.net.http.HttpResponse<String> created =
                adminCall("POST", ISSUER + "/admin/api/clients", admin, """
                {"clientId": "%s", "grantTypes": ["client_credentials"], "scopes": ["api.read"]}""".formatted(clientId));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String secret = (String) cn.yiwang.id.server.test.RawHttp.json(created).get("clientSecret");

        assertThat(clientCredentials(nodeBUrl, clientId, secret))
                .as("node B serves a client created through node A at once")
                .isEqualTo(200);

        assertThat(adminCall("POST", ISSUER + "/admin/api/clients/" + clientId + "/disable", admin, null)
                        .statusCode())
                .isEqualTo(200);
        int status = 200;
        for (int attempt = 0; attempt < 50 && status == 200; attempt++) {
            status = clientCredentials(nodeBUrl, clientId, secret);
            if (status == 200) {
                Thread.sleep(200);
            }
        }
        assertThat(status)
                .as("node B refuses the disabled client within its refresh interval")
                .isEqualTo(401);
        assertThat(clientCredentials(ISSUER, clientId, secret)).isEqualTo(401);
    }

    private static String adminToken() throws Exception {
        java.net.http.HttpResponse<String> response = cn.yiwang.id.server.test.RawHttp.postForm(
                ISSUER + "/oauth2/token",
                cn.yiwang.id.server.test.RawHttp.basic("test-clients-admin", "demo-secret"),
                "grant_type",
                "client_credentials",
                "scope",
                "yiwang.admin.clients");
        return (String) cn.yiwang.id.server.test.RawHttp.json(response).get("access_token");
    }

    private static int clientCredentials(String node, String clientId, String secret) throws Exception {
        return cn.yiwang.id.server.test.RawHttp.postForm(
                        node + "/oauth2/token",
                        cn.yiwang.id.server.test.RawHttp.basic(clientId, secret),
                        "grant_type",
                        "client_credentials")
                .statusCode();
    }

    private static java.net.http.HttpResponse<String> adminCall(String method, String url, String token, String json)
            throws Exception {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .method(
                        method,
                        (json != null)
                                ? java.net.http.HttpRequest.BodyPublishers.ofString(json)
                                : java.net.http.HttpRequest.BodyPublishers.noBody());
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return java.net.http.HttpClient.newHttpClient()
                .send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> keyIds(String node) throws Exception {
        return JWKSet.load(URI.create(node + "/oauth2/jwks").toURL()).getKeys().stream()
                .map(JWK::getKeyID)
                .toList();
    }
}
