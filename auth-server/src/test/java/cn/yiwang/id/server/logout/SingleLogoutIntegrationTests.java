package cn.yiwang.id.server.logout;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.test.Browser;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.LogoutReceiver;
import cn.yiwang.id.server.test.OidcClient;
import cn.yiwang.id.server.test.RawHttp;
import cn.yiwang.id.server.test.TestAccounts;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.LogoutTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.LogoutTokenValidator;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.htmlunit.html.HtmlInlineFrame;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Single logout across relying parties (OIDC Back-Channel and Front-Channel Logout 1.0) and session
 * management, with two real client endpoints run by the test that verify logout tokens with a
 * certified library (Nimbus) against our JWKS.
 */
class SingleLogoutIntegrationTests extends IntegrationTestSupport {

    private static final Duration DELIVERY = Duration.ofSeconds(20);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static LogoutReceiver receiverA;

    private static LogoutReceiver receiverB;

    @Autowired
    AccountRepository accounts;

    @Autowired
    AuditLog audit;

    @Autowired
    StringRedisTemplate redis;

    @BeforeAll
    static void startRelyingParties() throws Exception {
        receiverA = new LogoutReceiver(18185);
        receiverB = new LogoutReceiver(18186);
    }

    @AfterAll
    static void stopRelyingParties() {
        receiverA.close();
        receiverB.close();
    }

    /** One client's view of a signed-in session. */
    private record SignedIn(OidcClient client, OIDCTokens tokens, String sid) {}

    @Test
    void rpLogoutWhenTwoClientsTookPartThenBothGetValidLogoutTokensFrontChannelLoadsAndRefreshTokensDie()
            throws Exception {
        Account account = TestAccounts.create(this.accounts);
        receiverB.failNext(2);
        try (Browser browser = new Browser()) {
            SignedIn a = signIn(browser, account, "test-logout-a", 8085, JWSAlgorithm.RS256, true);
            SignedIn b = signIn(browser, account, "test-logout-b", 8086, JWSAlgorithm.ES256, false);
            assertThat(b.sid()).as("one SSO session").isEqualTo(a.sid());
            int attemptsBefore = receiverB.attempts();

            URI logout = new LogoutRequest(
                            a.client().provider().getEndSessionEndpointURI(),
                            a.tokens().getIDToken(),
                            URI.create("http://127.0.0.1:8085/"),
                            new com.nimbusds.oauth2.sdk.id.State("bye"))
                    .toURI();
            browser.client().getOptions().setRedirectEnabled(true);
            browser.client().setRefreshHandler((page, url, seconds) -> {});
            HtmlPage loggingOut = (HtmlPage) browser.open(logout.toString());

            assertThat(loggingOut.getUrl().getPath()).isEqualTo("/connect/logout");
            List<HtmlInlineFrame> frames = loggingOut.getByXPath("//iframe");
            assertThat(frames).hasSize(1);
            URI frontChannel = URI.create(frames.get(0).getSrcAttribute());
            assertThat(frontChannel.getPath()).isEqualTo("/frontchannel");
            assertThat(RawHttp.queryParameters(frontChannel.toString()))
                    .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("iss", ISSUER, "sid", a.sid()));
            assertThat(loggingOut.getWebResponse().getResponseHeaderValue("Refresh"))
                    .isEqualTo("3;url=http://127.0.0.1:8085/?state=bye");

            String tokenA = receiverA.await((t) -> sid(t).equals(a.sid()), DELIVERY);
            String tokenB = receiverB.await((t) -> sid(t).equals(a.sid()), DELIVERY);
            assertThat(tokenA).as("logout token for test-logout-a").isNotNull();
            assertThat(tokenB)
                    .as("logout token for test-logout-b, after two failed attempts")
                    .isNotNull();
            assertThat(receiverB.attempts() - attemptsBefore).isEqualTo(3);
            assertValidLogoutToken(tokenA, "test-logout-a", JWSAlgorithm.RS256, account, a.sid());
            assertValidLogoutToken(tokenB, "test-logout-b", JWSAlgorithm.ES256, account, a.sid());

            assertThat(refresh(a)).isEqualTo("invalid_grant");
            assertThat(refresh(b)).isEqualTo("invalid_grant");
            assertThat(awaitAudit(a.sid(), "logout.backchannel", 2))
                    .extracting(AuditEvent::outcome)
                    .containsOnly("delivered");
            assertThat(this.audit.forSession(a.sid()))
                    .extracting(AuditEvent::type)
                    .contains("session.ended");
        }
    }

    @Test
    void timeoutWhenSessionExpiresInRedisThenLogoutTokenSentAndRefreshTokenDies() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        try (Browser browser = new Browser()) {
            SignedIn a = signIn(browser, account, "test-logout-a", 8085, JWSAlgorithm.RS256, true);

            // As if the idle timeout had run out: Redis expires the key and announces it.
            this.redis.expire("yid:sso:s:{" + a.sid() + "}", 50, TimeUnit.MILLISECONDS);

            String token = receiverA.await((t) -> sid(t).equals(a.sid()), DELIVERY);
            assertThat(token).as("back-channel logout after the timeout").isNotNull();
            assertValidLogoutToken(token, "test-logout-a", JWSAlgorithm.RS256, account, a.sid());
            assertThat(refresh(a)).isEqualTo("invalid_grant");
            assertThat(this.audit.forSession(a.sid()))
                    .extracting(AuditEvent::detail)
                    .anyMatch((detail) -> detail.startsWith("timeout"));
        }
    }

    @Test
    void adminApiWhenListingAndEndingSessionsThenMaskedListEndsAuditedAndTokensDie() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        String admin = clientCredentials("test-admin", "yiwang.admin");
        try (Browser first = new Browser();
                Browser second = new Browser()) {
            SignedIn one = signIn(first, account, "test-logout-a", 8085, JWSAlgorithm.RS256, true);
            SignedIn two = signIn(second, account, "test-logout-a", 8085, JWSAlgorithm.RS256, true);
            String sessions = ISSUER + "/admin/api/accounts/" + account.id() + "/sessions";

            JsonNode listed =
                    JSON.readTree(RawHttp.withBearer("GET", sessions, admin).body());
            assertThat(listed).hasSize(2);
            assertThat(listed.get(0).get("sid").asString()).isEqualTo(one.sid());
            assertThat(listed.get(0).get("clientIp").asString()).isEqualTo("127.0.0.*");
            assertThat(listed.get(0).get("clients").get(0).asString()).isEqualTo("test-logout-a");
            assertThat(listed.get(0).get("acr").asString()).isEqualTo("urn:yiwang:loa:1");

            assertThat(RawHttp.withBearer("DELETE", sessions + "/" + one.sid(), admin)
                            .statusCode())
                    .isEqualTo(204);
            assertThat(JSON.readTree(RawHttp.withBearer("GET", sessions, admin).body()))
                    .hasSize(1);
            assertThat(refresh(one)).isEqualTo("invalid_grant");
            assertThat(refresh(two)).isNotEqualTo("invalid_grant");

            assertThat(RawHttp.withBearer("DELETE", sessions, admin).statusCode())
                    .isEqualTo(204);
            assertThat(JSON.readTree(RawHttp.withBearer("GET", sessions, admin).body()))
                    .isEmpty();
            assertThat(refresh(two)).isEqualTo("invalid_grant");
            assertThat(this.audit.forSession(two.sid()))
                    .extracting(AuditEvent::actor)
                    .contains("admin:test-admin");

            HttpResponse<String> unknown = RawHttp.withBearer("DELETE", sessions + "/" + one.sid(), admin);
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.headers().firstValue("Content-Type").orElseThrow())
                    .startsWith("application/problem+json");
        }
    }

    @Test
    void adminApiWhenNoTokenOrWrongScopeThenProblemJson() throws Exception {
        String sessions = ISSUER + "/admin/api/accounts/" + java.util.UUID.randomUUID() + "/sessions";

        HttpResponse<String> anonymous = RawHttp.withBearer("GET", sessions, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying((v) -> assertThat(v).startsWith("Bearer"));
        assertThat(JSON.readTree(anonymous.body()).get("status").asInt()).isEqualTo(401);

        HttpResponse<String> wrongScope =
                RawHttp.withBearer("GET", sessions, clientCredentials("demo-service", "api.read"));
        assertThat(wrongScope.statusCode()).isEqualTo(403);
        assertThat(wrongScope.headers().firstValue("Content-Type").orElseThrow())
                .startsWith("application/problem+json");
        assertThat(wrongScope.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("insufficient_scope");

        HttpResponse<String> forged = RawHttp.withBearer("GET", sessions, "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");
        assertThat(forged.statusCode()).isEqualTo(401);
    }

    @Test
    void accountApiWhenCitizenListsAndEndsOwnSessionThenOnlyOwnSessionsAndCurrentMarked() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        Account someoneElse = TestAccounts.create(this.accounts);
        try (Browser phone = new Browser();
                Browser laptop = new Browser();
                Browser other = new Browser()) {
            OidcClient app =
                    new OidcClient(ISSUER, "test-account-app", "demo-secret", "http://127.0.0.1:8087/callback");
            OidcClient.Attempt attempt = app.authorizationRequest("openid yiwang.account", (b) -> {});
            phone.signIn((HtmlPage) phone.open(attempt.uri().toString()), account.username(), TestAccounts.PASSWORD);
            OIDCTokens tokens = ((OIDCTokenResponse)
                            app.exchange(app.code(phone.lastClientRedirect(), attempt), attempt.verifier())
                                    .toSuccessResponse())
                    .getOIDCTokens();
            String accessToken = tokens.getAccessToken().getValue();
            String phoneSid = tokens.getIDToken().getJWTClaimsSet().getStringClaim("sid");
            SignedIn onLaptop = signIn(laptop, account, "test-logout-a", 8085, JWSAlgorithm.RS256, true);
            SignedIn others = signIn(other, someoneElse, "test-logout-a", 8085, JWSAlgorithm.RS256, true);

            JsonNode mine = JSON.readTree(RawHttp.withBearer("GET", ISSUER + "/account/api/sessions", accessToken)
                    .body());
            assertThat(mine).hasSize(2);
            assertThat(mine)
                    .extracting((n) -> n.get("sid").asString())
                    .containsExactlyInAnyOrder(phoneSid, onLaptop.sid());
            assertThat(mine)
                    .filteredOn((n) -> n.get("current").asBoolean())
                    .extracting((n) -> n.get("sid").asString())
                    .containsExactly(phoneSid);

            assertThat(RawHttp.withBearer("DELETE", ISSUER + "/account/api/sessions/" + others.sid(), accessToken)
                            .statusCode())
                    .as("someone else's session")
                    .isEqualTo(404);
            assertThat(refresh(others)).isNotEqualTo("invalid_grant");
            assertThat(RawHttp.withBearer("DELETE", ISSUER + "/account/api/sessions/" + onLaptop.sid(), accessToken)
                            .statusCode())
                    .isEqualTo(204);
            assertThat(refresh(onLaptop)).isEqualTo("invalid_grant");
            assertThat(JSON.readTree(RawHttp.withBearer("GET", ISSUER + "/account/api/sessions", accessToken)
                            .body()))
                    .hasSize(1);
        }
    }

    @Test
    void signInWhenMoreSessionsThanTheCapThenTheOldestEnds() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        SignedIn oldest;
        try (Browser browser = new Browser()) {
            oldest = signIn(browser, account, "test-logout-a", 8085, JWSAlgorithm.RS256, true);
        }
        for (int i = 0; i < 10; i++) {
            try (Browser browser = new Browser()) {
                browser.signIn(
                        (HtmlPage) browser.open(
                                new OidcClient(ISSUER, "test-logout-a", "demo-secret", "http://127.0.0.1:8085/callback")
                                        .authorizationRequest("openid", (b) -> {})
                                        .uri()
                                        .toString()),
                        account.username(),
                        TestAccounts.PASSWORD);
            }
        }
        String token = receiverA.await((t) -> sid(t).equals(oldest.sid()), DELIVERY);
        assertThat(token)
                .as("the eleventh sign-in ends the first of ten allowed sessions")
                .isNotNull();
        assertThat(refresh(oldest)).isEqualTo("invalid_grant");
        assertThat(this.audit.forSession(oldest.sid()))
                .extracting(AuditEvent::detail)
                .anyMatch((detail) -> detail.startsWith("session-cap"));
    }

    @Test
    void discoveryWhenReadThenLogoutSupportIsAdvertised() throws Exception {
        JsonNode metadata = JSON.readTree(
                RawHttp.get(ISSUER + "/.well-known/openid-configuration", null).body());

        for (String flag : List.of(
                "backchannel_logout_supported",
                "backchannel_logout_session_supported",
                "frontchannel_logout_supported",
                "frontchannel_logout_session_supported")) {
            assertThat(metadata.get(flag).asBoolean()).as(flag).isTrue();
        }
    }

    private SignedIn signIn(
            Browser browser, Account account, String clientId, int port, JWSAlgorithm algorithm, boolean loginExpected)
            throws Exception {
        OidcClient client = new OidcClient(ISSUER, clientId, "demo-secret", "http://127.0.0.1:" + port + "/callback");
        OidcClient.Attempt attempt = client.authorizationRequest("openid", (b) -> {});
        var page = browser.open(attempt.uri().toString());
        if (loginExpected && page.getUrl().getPath().equals("/login")) {
            browser.signIn((HtmlPage) page, account.username(), TestAccounts.PASSWORD);
        }
        TokenResponse response =
                client.exchange(client.code(browser.lastClientRedirect(), attempt), attempt.verifier());
        OIDCTokens tokens = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
        String sid = client.validate(tokens.getIDTokenString(), attempt.nonce(), algorithm)
                .getStringClaim("sid");
        return new SignedIn(client, tokens, sid);
    }

    /** The error code of a refresh, or "ok". */
    private static String refresh(SignedIn signedIn) throws Exception {
        RefreshToken refreshToken = signedIn.tokens().getRefreshToken();
        TokenResponse response = OIDCTokenResponseParser.parse(new TokenRequest(
                        signedIn.client().provider().getTokenEndpointURI(),
                        signedIn.client().clientAuthentication(),
                        new RefreshTokenGrant(refreshToken))
                .toHTTPRequest()
                .send());
        return response.indicatesSuccess()
                ? "ok"
                : ((TokenErrorResponse) response).getErrorObject().getCode();
    }

    private static String clientCredentials(String clientId, String scope) throws Exception {
        HttpResponse<String> response = RawHttp.postForm(
                ISSUER + "/oauth2/token",
                RawHttp.basic(clientId, "demo-secret"),
                "grant_type",
                "client_credentials",
                "scope",
                scope);
        return JSON.readTree(response.body()).get("access_token").asString();
    }

    private static String sid(String logoutToken) {
        try {
            return String.valueOf(SignedJWT.parse(logoutToken).getJWTClaimsSet().getClaim("sid"));
        } catch (java.text.ParseException ex) {
            return "";
        }
    }

    private List<AuditEvent> awaitAudit(String sid, String type, int count) throws InterruptedException {
        long deadline = System.nanoTime() + DELIVERY.toNanos();
        List<AuditEvent> events = List.of();
        while (System.nanoTime() < deadline) {
            events = this.audit.forSession(sid).stream()
                    .filter((e) -> e.type().equals(type))
                    .toList();
            if (events.size() >= count) {
                return events;
            }
            Thread.sleep(50);
        }
        return events;
    }

    /** OIDC Back-Channel Logout 1.0 §2.4 and §2.6, checked the way a certified RP library checks it. */
    private static void assertValidLogoutToken(
            String token, String clientId, JWSAlgorithm algorithm, Account account, String sid) throws Exception {
        JWKSet jwks = JWKSet.load(URI.create(ISSUER + "/oauth2/jwks").toURL());
        LogoutTokenValidator validator =
                new LogoutTokenValidator(new Issuer(ISSUER), new ClientID(clientId), algorithm, jwks);
        SignedJWT jwt = SignedJWT.parse(token);
        LogoutTokenClaimsSet claims = validator.validate(jwt);
        assertThat(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("logout+jwt")))
                .satisfies((verifier) -> verifier.verify(jwt.getHeader().getType(), null));
        assertThat(claims.getSubject().getValue()).isEqualTo(account.id().toString());
        assertThat(claims.getSessionID().getValue()).isEqualTo(sid);
        JWTClaimsSet raw = jwt.getJWTClaimsSet();
        assertThat(raw.getAudience()).containsExactly(clientId);
        assertThat(raw.getIssueTime()).isNotNull();
        assertThat(raw.getExpirationTime()).isAfter(raw.getIssueTime());
        assertThat(raw.getJWTID()).isNotBlank();
        assertThat(raw.getJSONObjectClaim("events"))
                .containsOnlyKeys("http://schemas.openid.net/event/backchannel-logout");
        assertThat(raw.getClaims()).doesNotContainKey("nonce");
    }
}
