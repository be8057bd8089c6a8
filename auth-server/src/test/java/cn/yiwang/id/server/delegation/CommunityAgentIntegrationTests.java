package cn.yiwang.id.server.delegation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.account.NewAccount;
import cn.yiwang.id.account.realname.AssuranceEvidence;
import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.account.realname.RealNameRegistry;
import cn.yiwang.id.account.realname.VerifiedIdentity;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.test.Browser;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.OidcClient;
import cn.yiwang.id.server.test.RawHttp;
import cn.yiwang.id.server.test.RecordingSmsSender;
import cn.yiwang.id.server.test.TestAccounts;
import cn.yiwang.id.server.test.TestPeople;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The community agent (代办员) flow end to end: an administrator flags a real-named citizen as agent, the agent
 * starts an errand for a citizen found by phone, the citizen approves through the link the SMS sender delivered,
 * the agent acts for them at a relying party whose tokens (checked with Nimbus) carry the citizen's {@code sub}
 * and the agent's {@code act}, the citizen ends it, and the tokens stop.
 */
class CommunityAgentIntegrationTests extends IntegrationTestSupport {

    private static final String RP_REDIRECT = "http://127.0.0.1:8081/callback";

    @Autowired
    AccountRepository accounts;

    @Autowired
    RealNameRegistry realNames;

    @Autowired
    RecordingSmsSender sms;

    @Autowired
    AuditLog audit;

    @Test
    void agentWhenCitizenApprovesThenTokensCarryActAndEndingTheDelegationStopsThem() throws Exception {
        Account agent = realNamed(TestAccounts.create(this.accounts));
        String citizenPhone = TestPeople.phone();
        Account citizen = this.accounts.create(new NewAccount(
                "it-c-" + UUID.randomUUID().toString().substring(0, 8), citizenPhone, TestAccounts.PASSWORD));
        assertThat(flag(agent.id().toString(), "{\"region\":\"310101\"}").statusCode())
                .isEqualTo(200);

        OidcClient rp = new OidcClient(ISSUER, "demo-web", "demo-secret", RP_REDIRECT);
        try (Browser agentBrowser = new Browser();
                Browser citizenPhoneBrowser = new Browser()) {
            agentBrowser.signIn(
                    (HtmlPage) agentBrowser.open(ISSUER + "/login"), agent.username(), TestAccounts.PASSWORD);
            HtmlPage agentPage = (HtmlPage) agentBrowser.open(ISSUER + "/account/agent");
            HtmlForm start = agentPage.getHtmlElementById("start-form");
            start.getInputByName("citizen").setValue(citizenPhone);
            start.getInputByName("scopes").setValue("openid profile");
            start.getInputByName("hours").setValue("2");
            HtmlPage sent = ((HtmlButton) agentPage.getHtmlElementById("start")).click();
            assertThat(sent.getElementById("sent")).isNotNull();

            String link = this.sms.lastCodeFor(citizenPhone);
            assertThat(link).startsWith(ISSUER + "/delegation/approve/");
            HtmlPage approval = (HtmlPage) citizenPhoneBrowser.open(link);
            assertThat(approval.getElementById("request").getTextContent())
                    .as("the agent's name, masked")
                    .contains("王*");
            assertThat(approval.getElementById("scopes").getTextContent()).contains("openid profile");
            HtmlPage approved = ((HtmlButton) approval.getHtmlElementById("approve")).click();
            assertThat(approved.getElementById("approved")).isNotNull();
            assertThat(((HtmlPage) citizenPhoneBrowser.open(link)).getElementById("invalid"))
                    .as("the link works once")
                    .isNotNull();

            HtmlPage withApproved = (HtmlPage) agentBrowser.open(ISSUER + "/account/agent");
            HtmlButton actButton = (HtmlButton)
                    withApproved.getByXPath("//button[contains(@class,'act')]").get(0);
            HtmlPage acting = actButton.click();
            assertThat(acting.getElementById("acting")).isNotNull();
            assertThat(agentBrowser
                            .open(ISSUER + "/account/security")
                            .getWebResponse()
                            .getStatusCode())
                    .as("never the citizen's account center")
                    .isEqualTo(403);

            OidcClient.Attempt attempt = rp.authorizationRequest("openid profile", (r) -> {});
            agentBrowser.open(attempt.uri().toString());
            OIDCTokenResponse tokens = (OIDCTokenResponse)
                    rp.exchange(rp.code(agentBrowser.lastClientRedirect(), attempt), attempt.verifier())
                            .toSuccessResponse();
            IDTokenClaimsSet idToken =
                    rp.validate(tokens.getOIDCTokens().getIDTokenString(), attempt.nonce(), JWSAlgorithm.RS256);
            Map<String, Object> act = Map.of("sub", agent.id().toString(), "role", "community_agent");
            assertThat(idToken.getSubject().getValue()).isEqualTo(citizen.id().toString());
            assertThat(idToken.toJWTClaimsSet().getJSONObjectClaim("act")).isEqualTo(act);
            String accessToken = tokens.getOIDCTokens().getAccessToken().getValue();
            JWTClaimsSet access = SignedJWT.parse(accessToken).getJWTClaimsSet();
            assertThat(access.getSubject()).isEqualTo(citizen.id().toString());
            assertThat(access.getJSONObjectClaim("act")).isEqualTo(act);
            Map<String, Object> userinfo = RawHttp.json(RawHttp.withBearer("GET", ISSUER + "/userinfo", accessToken));
            assertThat(userinfo).containsEntry("sub", citizen.id().toString()).containsEntry("act", act);

            OidcClient wider =
                    new OidcClient(ISSUER, "test-exchange-rp", "demo-secret", "http://127.0.0.1:8088/exchange");
            agentBrowser.open(wider.authorizationRequest("openid social.read", (r) -> {})
                    .uri()
                    .toString());
            assertThat(RawHttp.queryParameters(agentBrowser.lastClientRedirect().toString()))
                    .as("no more than the citizen approved")
                    .containsEntry("error", "invalid_scope");

            assertThat(this.audit.forAccount(citizen.id().toString(), 50))
                    .as("audited with both persons")
                    .anyMatch((e) ->
                            e.type().equals("delegation.acting") && e.actor().equals("agent:" + agent.id()));

            try (Browser citizenBrowser = new Browser()) {
                citizenBrowser.signIn(
                        (HtmlPage) citizenBrowser.open(ISSUER + "/login"), citizenPhone, TestAccounts.PASSWORD);
                HtmlPage mine = (HtmlPage) citizenBrowser.open(ISSUER + "/account/delegations");
                assertThat(mine.getElementById("delegation-list").getTextContent())
                        .contains("王*");
                HtmlButton end = (HtmlButton) mine.getByXPath("//button[contains(@class,'end-delegation')]")
                        .get(0);
                HtmlPage ended = end.click();
                assertThat(ended.getElementById("ended")).isNotNull();
                HtmlPage activity = (HtmlPage) citizenBrowser.open(ISSUER + "/account/activity");
                assertThat(activity.getElementById("activity").getTextContent())
                        .contains("代办员开始代办")
                        .contains("结束代办");
            }

            TokenResponse refreshed = OIDCTokenResponseParser.parse(new TokenRequest(
                            rp.provider().getTokenEndpointURI(),
                            rp.clientAuthentication(),
                            new RefreshTokenGrant(tokens.getOIDCTokens().getRefreshToken()))
                    .toHTTPRequest()
                    .send());
            assertThat(refreshed.indicatesSuccess()).as("refresh refused").isFalse();
            assertThat(refreshed.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_grant");
            Map<String, Object> introspection = RawHttp.json(RawHttp.postForm(
                    ISSUER + "/oauth2/introspect", RawHttp.basic("demo-web", "demo-secret"), "token", accessToken));
            assertThat(introspection).containsEntry("active", false);
            Page stillActing = agentBrowser.open(ISSUER + "/delegation/acting");
            assertThat(stillActing.getUrl().toString())
                    .as("the agent's acting session has ended")
                    .contains("/login");
        }
    }

    @Test
    void flagWhenNotRealNamedOrBadRegionOrUnknownThenProblem() throws Exception {
        Account plain = TestAccounts.create(this.accounts);
        HttpResponse<String> notRealNamed = flag(plain.id().toString(), "{\"region\":\"310101\"}");
        assertThat(notRealNamed.statusCode()).isEqualTo(409);
        assertThat(notRealNamed.headers().firstValue("Content-Type"))
                .hasValueSatisfying((t) -> assertThat(t).startsWith("application/problem+json"));

        Account named = realNamed(TestAccounts.create(this.accounts));
        assertThat(flag(named.id().toString(), "{\"region\":\"Shanghai\"}").statusCode())
                .isEqualTo(400);
        assertThat(flag(UUID.randomUUID().toString(), "{\"region\":\"310101\"}").statusCode())
                .isEqualTo(404);
        assertThat(flag(named.id().toString(), "{\"region\":").statusCode()).isEqualTo(400);

        assertThat(flag(named.id().toString(), "{\"region\":\"310101001\"}").statusCode())
                .isEqualTo(200);
        assertThat(unflag(named.id().toString()).statusCode()).isEqualTo(204);
        assertThat(unflag(named.id().toString()).statusCode()).isEqualTo(404);
        assertThat(this.audit.forAccount(named.id().toString(), 10))
                .anyMatch((e) -> e.type().equals("agent.flagged") && e.actor().equals("admin:test-admin"))
                .anyMatch((e) -> e.type().equals("agent.unflagged"));
    }

    private Account realNamed(Account account) {
        TestPeople.Person person = TestPeople.known();
        this.realNames.recordIdentity(
                account.id(),
                new VerifiedIdentity("resident-id", person.number(), person.name()),
                new AssuranceEvidence(AssuranceLevel.L2, "realname", "test", "test", null, Instant.now()));
        return account;
    }

    private static HttpResponse<String> flag(String accountId, String json) throws Exception {
        return admin("POST", accountId, HttpRequest.BodyPublishers.ofString(json));
    }

    private static HttpResponse<String> unflag(String accountId) throws Exception {
        return admin("DELETE", accountId, HttpRequest.BodyPublishers.noBody());
    }

    private static HttpResponse<String> admin(String method, String accountId, HttpRequest.BodyPublisher body)
            throws Exception {
        String token = (String) RawHttp.json(RawHttp.postForm(
                        ISSUER + "/oauth2/token",
                        RawHttp.basic("test-admin", "demo-secret"),
                        "grant_type",
                        "client_credentials",
                        "scope",
                        "yiwang.admin"))
                .get("access_token");
        HttpRequest request = HttpRequest.newBuilder(URI.create(ISSUER + "/admin/api/accounts/" + accountId + "/agent"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .method(method, body)
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
