package cn.yiwang.id.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.server.YiwangIdApplication;
import cn.yiwang.id.server.test.Browser;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.OidcClient;
import cn.yiwang.id.server.test.RawHttp;
import cn.yiwang.id.server.test.TestAccounts;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.JSONObjectUtils;
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
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
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
                .as("node A treated the reuse as theft (RFC 9700 §4.14.2) and revoked the whole authorization")
                .isFalse();
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
        // each node prepares its JWK Set from its own view of the key store, rechecked every few seconds: a key
        // another test just created reaches the other node within that (keys are published ahead of their use)
        for (int attempt = 0; attempt < 30 && !new HashSet<>(atB).equals(new HashSet<>(atA)); attempt++) {
            Thread.sleep(500);
            atA = keyIds(ISSUER);
            atB = keyIds(nodeBUrl);
        }

        assertThat(atA)
                .as("the active and the next key of RS256 and ES256 at least")
                .hasSizeGreaterThanOrEqualTo(4);
        assertThat(atB).containsExactlyInAnyOrderElementsOf(atA);
    }

    @Test
    void rotateWhenAskedAtNodeAThenBothNodesSwitchTogetherAndEverythingSignedBeforeStillVerifies() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        OidcClient web = webClient();
        OidcClient.Attempt attempt = web.authorizationRequest("openid", (b) -> {});
        OIDCTokens before;
        try (Browser browser = new Browser()) {
            browser.signIn(
                    (HtmlPage) browser.open(attempt.uri().toString()), account.username(), TestAccounts.PASSWORD);
            before = ((OIDCTokenResponse)
                            web.exchange(web.code(browser.lastClientRedirect(), attempt), attempt.verifier())
                                    .toSuccessResponse())
                    .getOIDCTokens();
        }
        // an RP that caches our JWKS, counting its fetches
        AtomicInteger fetches = new AtomicInteger();
        DefaultResourceRetriever http = new DefaultResourceRetriever(5000, 5000);
        JWKSource<SecurityContext> rpKeys = JWKSourceBuilder.create(
                        URI.create(ISSUER + "/oauth2/jwks").toURL(), (url) -> {
                            fetches.incrementAndGet();
                            return http.retrieveResource(url);
                        })
                .cache(Duration.ofHours(1).toMillis(), 5000)
                .refreshAheadCache(false)
                .rateLimited(false)
                .retrying(false)
                .healthReporting(null)
                .build();
        assertThat(rpValidates(rpKeys, before.getIDTokenString(), attempt)).isTrue();
        assertThat(fetches).hasValue(1);
        String oldKid = kid(before.getAccessToken().getValue());

        String newKid = rotateOidcSigning();
        List<Issued> issued = issueUntilBothNodesUse(newKid);

        Instant activation = this.activation;
        assertThat(issued)
                .as("no node signs with the new key before its activation, none with the old one after it")
                .allSatisfy((token) -> {
                    if (token.after().isBefore(activation)) {
                        assertThat(token.kid()).as(token.toString()).isEqualTo(oldKid);
                    }
                    if (token.before().isAfter(activation.plusMillis(200))) {
                        assertThat(token.kid()).as(token.toString()).isEqualTo(newKid);
                    }
                });
        for (String node : List.of(ISSUER, nodeBUrl)) {
            assertThat(RawHttp.withBearer(
                                    "GET",
                                    node + "/userinfo",
                                    before.getAccessToken().getValue())
                            .statusCode())
                    .as("an access token signed before the rotation, at %s", node)
                    .isEqualTo(200);
            assertThat(keyIds(node))
                    .as("the retired key stays published at %s", node)
                    .contains(oldKid, newKid);
        }
        assertThat(rpValidates(rpKeys, before.getIDTokenString(), attempt)).isTrue();
        assertThat(fetches)
                .as("the next key was published in advance: no refetch")
                .hasValue(1);

        // The RP's copy predates the key that became next at the first rotation: a second rotation makes it sign,
        // and the RP fetches our JWKS once to learn it.
        String thirdKid = rotateOidcSigning();
        issueUntilBothNodesUse(thirdKid);
        OidcClient.Attempt later = web.authorizationRequest("openid", (b) -> {});
        String laterIdToken;
        try (Browser browser = new Browser()) {
            browser.signIn((HtmlPage) browser.open(later.uri().toString()), account.username(), TestAccounts.PASSWORD);
            laterIdToken = ((OIDCTokenResponse)
                            web.exchange(web.code(browser.lastClientRedirect(), later), later.verifier())
                                    .toSuccessResponse())
                    .getOIDCTokens()
                    .getIDTokenString();
        }
        assertThat(kid(laterIdToken)).isEqualTo(thirdKid);
        assertThat(rpValidates(rpKeys, laterIdToken, later)).isTrue();
        assertThat(rpValidates(rpKeys, laterIdToken, later)).isTrue();
        assertThat(fetches)
                .as("one refetch for the new kid, then the cache serves")
                .hasValue(2);
        assertThat(rpValidates(rpKeys, before.getIDTokenString(), attempt))
                .as("twice-retired, still within the retention")
                .isTrue();
    }

    /** When the last rotation asked for activates. */
    private Instant activation;

    /** Rotates OIDC signing through the admin API at node A; returns the kid of the RS256 key that activates. */
    private String rotateOidcSigning() throws Exception {
        String admin = RawHttp.json(RawHttp.postForm(
                        ISSUER + "/oauth2/token",
                        RawHttp.basic("test-admin", "demo-secret"),
                        "grant_type",
                        "client_credentials",
                        "scope",
                        "yiwang.admin"))
                .get("access_token")
                .toString();
        java.net.http.HttpResponse<String> response =
                RawHttp.withBearer("POST", ISSUER + "/admin/api/keys/oidc-signing/rotate", admin);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        List<Object> activating = JSONObjectUtils.getJSONArray(RawHttp.json(response), "activating").stream()
                .filter((entry) -> "RS256".equals(((Map<?, ?>) entry).get("algorithm")))
                .toList();
        Map<?, ?> rs256 = (Map<?, ?>) activating.get(0);
        this.activation = Instant.parse(rs256.get("activatesAt").toString());
        return rs256.get("kid").toString();
    }

    /** A token a node issued: which node, its kid, and the local time just before and after the request. */
    record Issued(String node, String kid, Instant before, Instant after) {}

    /** Issues client-credentials tokens at both nodes, alternately, until both sign with {@code kid}. */
    private List<Issued> issueUntilBothNodesUse(String kid) throws Exception {
        List<Issued> issued = new ArrayList<>();
        Instant deadline = Instant.now().plusSeconds(30);
        Set<String> switched = new HashSet<>();
        while (switched.size() < 2 && Instant.now().isBefore(deadline)) {
            for (String node : List.of(ISSUER, nodeBUrl)) {
                Instant start = Instant.now();
                String token = RawHttp.json(RawHttp.postForm(
                                node + "/oauth2/token",
                                RawHttp.basic("demo-service", "demo-secret"),
                                "grant_type",
                                "client_credentials",
                                "scope",
                                "api.read"))
                        .get("access_token")
                        .toString();
                Issued one = new Issued(node, kid(token), start, Instant.now());
                issued.add(one);
                if (one.kid().equals(kid)) {
                    switched.add(node);
                }
            }
            Thread.sleep(100);
        }
        assertThat(switched).as("both nodes sign with %s", kid).hasSize(2);
        return issued;
    }

    private static String kid(String jwt) throws Exception {
        return JWTParser.parse(jwt) instanceof com.nimbusds.jwt.SignedJWT signed
                ? signed.getHeader().getKeyID()
                : null;
    }

    private static boolean rpValidates(JWKSource<SecurityContext> keys, String idToken, OidcClient.Attempt attempt)
            throws Exception {
        IDTokenValidator validator = new IDTokenValidator(
                new Issuer(ISSUER),
                new ClientID("demo-web"),
                new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys),
                null);
        return validator.validate(JWTParser.parse(idToken), attempt.nonce()) != null;
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
