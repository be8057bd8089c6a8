package cn.yiwang.id.server.province;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.registry.IdentityProviderAdministration;
import cn.yiwang.id.federation.registry.IdentityProviderRegistry;
import cn.yiwang.id.server.test.Browser;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.OidcClient;
import cn.yiwang.id.server.test.RawHttp;
import cn.yiwang.id.server.test.TestAccounts;
import cn.yiwang.id.server.test.TestProvincialIdp;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Signing in through provincial identity providers (separate OIDC providers run by the test):
 * the login page offers them, {@code idp_hint} skips the chooser, a verified ID number links two
 * provinces to one national account, an untrusted province needs a first sign-in, the session is
 * {@code fed} with a capped {@code acr}, and logout works both ways.
 */
class FederationIntegrationTests extends IntegrationTestSupport {

    private static TestProvincialIdp zhejiang;

    private static TestProvincialIdp shanghai;

    private static TestProvincialIdp chongqing;

    @Autowired
    IdentityProviderAdministration administration;

    @Autowired
    IdentityProviderRegistry registry;

    @Autowired
    AccountRepository accounts;

    private String zj;

    private String sh;

    private String cq;

    @BeforeAll
    static void startProvinces() throws Exception {
        zhejiang = new TestProvincialIdp();
        shanghai = new TestProvincialIdp();
        chongqing = new TestProvincialIdp();
    }

    @AfterAll
    static void stopProvinces() {
        zhejiang.close();
        shanghai.close();
        chongqing.close();
    }

    @AfterEach
    void removeProviders() {
        for (String alias : new String[] {this.zj, this.sh, this.cq}) {
            if (alias != null) {
                this.administration.delete(alias, null, "test");
            }
        }
    }

    @Test
    void signInWhenTwoTrustedProvincesAssertTheSameVerifiedIdThenOneAccountFedSessionAndCappedAcr() throws Exception {
        register();
        TestProvincialIdp.Citizen citizen = citizen();
        zhejiang.signInNext(
                new TestProvincialIdp.Citizen("zj-" + citizen.subject(), citizen.name(), citizen.idNumber(), "L3"));
        shanghai.signInNext(
                new TestProvincialIdp.Citizen("sh-" + citizen.subject(), citizen.name(), citizen.idNumber(), "L3"));
        OidcClient web = new OidcClient(ISSUER, "demo-web", "demo-secret", "http://127.0.0.1:8081/callback");

        IDTokenClaimsSet viaZhejiang;
        try (Browser browser = new Browser()) {
            OidcClient.Attempt attempt = web.authorizationRequest("openid", (b) -> {});
            HtmlPage login = (HtmlPage) browser.open(attempt.uri().toString());
            assertThat(login.asNormalizedText()).contains("使用测试浙江" + this.zj + "登录");
            login.getAnchorByHref("/federation/" + this.zj + "/start").click();
            viaZhejiang = idToken(web, browser, attempt);

            // A second relying party gets SSO from the federated session: no login page, same person.
            OidcClient app =
                    new OidcClient(ISSUER, "test-account-app", "demo-secret", "http://127.0.0.1:8087/callback");
            OidcClient.Attempt second = app.authorizationRequest("openid", (b) -> {});
            browser.open(second.uri().toString());
            assertThat(idToken(app, browser, second).getSubject()).isEqualTo(viaZhejiang.getSubject());
        }
        assertThat(viaZhejiang.getAMR()).extracting(Object::toString).containsExactly("fed");
        assertThat(viaZhejiang.getACR().getValue())
                .as("L3 asserted, trust level L3")
                .isEqualTo("urn:yiwang:loa:3");

        IDTokenClaimsSet viaShanghai;
        try (Browser browser = new Browser()) {
            OidcClient.Attempt attempt =
                    web.authorizationRequest("openid", (b) -> b.customParameter("idp_hint", this.sh));
            Page page = browser.open(attempt.uri().toString());
            assertThat(page.getUrl().toString())
                    .as("idp_hint skips the chooser")
                    .startsWith("http://127.0.0.1:8081");
            viaShanghai = idToken(web, browser, attempt);
        }
        assertThat(viaShanghai.getSubject())
                .as("one national account for one person")
                .isEqualTo(viaZhejiang.getSubject());
        assertThat(viaShanghai.getACR().getValue())
                .as("capped at 随申办's trust level L2")
                .isEqualTo("urn:yiwang:loa:2");
    }

    @Test
    void signInWhenProvinceIsNotTrustedThenFirstSignInLinksAnExistingAccountAndNextTimeIsDirect() throws Exception {
        register();
        Account account = TestAccounts.create(this.accounts);
        String upstreamSubject = "cq-subject-" + UUID.randomUUID();
        // The province asserts L3, but it is trusted at L1 only.
        chongqing.signInNext(new TestProvincialIdp.Citizen(upstreamSubject, "赵六", null, "L3"));
        OidcClient web = new OidcClient(ISSUER, "demo-web", "demo-secret", "http://127.0.0.1:8081/callback");
        try (Browser browser = new Browser()) {
            OidcClient.Attempt attempt =
                    web.authorizationRequest("openid", (b) -> b.customParameter("idp_hint", this.cq));
            HtmlPage link = (HtmlPage) browser.open(attempt.uri().toString());
            assertThat(link.getUrl().getPath()).isEqualTo("/federation/link");
            HtmlPage wrong = submit(link, account.username(), "not the password");
            assertThat(wrong.asNormalizedText()).contains("不正确");
            submit(wrong, account.username(), TestAccounts.PASSWORD);
            IDTokenClaimsSet id = idToken(web, browser, attempt);
            assertThat(id.getSubject().getValue()).isEqualTo(account.id().toString());
            assertThat(id.getAMR()).extracting(Object::toString).containsExactlyInAnyOrder("fed", "pwd");
            assertThat(id.getACR().getValue())
                    .as("an L1-trusted province cannot raise the session")
                    .isEqualTo("urn:yiwang:loa:1");
        }
        try (Browser again = new Browser()) {
            OidcClient.Attempt attempt =
                    web.authorizationRequest("openid", (b) -> b.customParameter("idp_hint", this.cq));
            again.open(attempt.uri().toString());
            assertThat(idToken(web, again, attempt).getSubject().getValue())
                    .isEqualTo(account.id().toString());

            // The citizen sees the link in the account API and removes it.
            OidcClient app =
                    new OidcClient(ISSUER, "test-account-app", "demo-secret", "http://127.0.0.1:8087/callback");
            OidcClient.Attempt appAttempt = app.authorizationRequest("openid yiwang.account", (b) -> {});
            again.open(appAttempt.uri().toString());
            String accessToken = tokens(app, again, appAttempt).getAccessToken().getValue();
            String links = RawHttp.withBearer("GET", ISSUER + "/account/api/links", accessToken)
                    .body();
            assertThat(links).contains("\"idpAlias\":\"" + this.cq + "\"").doesNotContain(upstreamSubject);
            assertThat(RawHttp.withBearer("DELETE", ISSUER + "/account/api/links/" + this.cq, accessToken)
                            .statusCode())
                    .isEqualTo(204);
            assertThat(RawHttp.withBearer("DELETE", ISSUER + "/account/api/links/" + this.cq, accessToken)
                            .statusCode())
                    .isEqualTo(404);
        }
        try (Browser afterUnlink = new Browser()) {
            OidcClient.Attempt attempt =
                    web.authorizationRequest("openid", (b) -> b.customParameter("idp_hint", this.cq));
            assertThat(afterUnlink.open(attempt.uri().toString()).getUrl().getPath())
                    .isEqualTo("/federation/link");
        }
    }

    @Test
    void logoutWhenNationalThenUpstreamToldAndWhenUpstreamBackChannelThenNationalSessionEnds() throws Exception {
        register();
        TestProvincialIdp.Citizen citizen = citizen();
        zhejiang.signInNext(citizen);
        OidcClient web = new OidcClient(ISSUER, "demo-web", "demo-secret", "http://127.0.0.1:8081/callback");
        try (Browser browser = new Browser()) {
            // Upstream back-channel logout ends the national session and its tokens.
            OidcClient.Attempt attempt =
                    web.authorizationRequest("openid", (b) -> b.customParameter("idp_hint", this.zj));
            browser.open(attempt.uri().toString());
            OIDCTokens tokens = tokens(web, browser, attempt);
            HttpResponse<String> bad = RawHttp.postForm(
                    ISSUER + "/federation/" + this.zj + "/backchannel-logout", null, "logout_token", "not-a-jwt");
            assertThat(bad.statusCode()).isEqualTo(400);
            HttpResponse<String> ok = RawHttp.postForm(
                    ISSUER + "/federation/" + this.zj + "/backchannel-logout",
                    null,
                    "logout_token",
                    zhejiang.logoutToken(citizen.subject(), zhejiang.lastSid()));
            assertThat(ok.statusCode()).isEqualTo(200);
            OidcClient.Attempt after = web.authorizationRequest("openid", (b) -> {});
            assertThat(browser.open(after.uri().toString()).getUrl().getPath()).isEqualTo("/login");
            assertThat(RawHttp.postForm(
                                    ISSUER + "/oauth2/introspect",
                                    RawHttp.basic("demo-web", "demo-secret"),
                                    "token",
                                    tokens.getAccessToken().getValue())
                            .body())
                    .contains("\"active\":false");
        }
        try (Browser browser = new Browser()) {
            // National logout also ends the upstream session, then lands where the client asked.
            OidcClient.Attempt attempt =
                    web.authorizationRequest("openid", (b) -> b.customParameter("idp_hint", this.zj));
            browser.open(attempt.uri().toString());
            OIDCTokens tokens = tokens(web, browser, attempt);
            URI logout = new LogoutRequest(
                            web.provider().getEndSessionEndpointURI(),
                            JWTParser.parse(tokens.getIDTokenString()),
                            URI.create("http://127.0.0.1:8081/"),
                            new com.nimbusds.oauth2.sdk.id.State("bye"))
                    .toURI();
            browser.open(logout.toString());
            assertThat(zhejiang.lastLogoutRequest())
                    .as("the province was asked to end its session")
                    .isNotNull();
            assertThat(zhejiang.lastLogoutRequest().getQuery()).contains("id_token_hint=");
            assertThat(browser.lastClientRedirect().toString()).isEqualTo("http://127.0.0.1:8081/?state=bye");
        }
    }

    @Test
    void backChannelLogoutWhenSubjectOnlyTokenReplayedThenRefusedAndLaterSessionLives() throws Exception {
        register();
        TestProvincialIdp.Citizen citizen = citizen();
        OidcClient web = new OidcClient(ISSUER, "demo-web", "demo-secret", "http://127.0.0.1:8081/callback");
        String endpoint = ISSUER + "/federation/" + this.zj + "/backchannel-logout";
        String subjectOnly;
        try (Browser browser = new Browser()) {
            zhejiang.signInNext(citizen);
            OidcClient.Attempt attempt =
                    web.authorizationRequest("openid", (b) -> b.customParameter("idp_hint", this.zj));
            browser.open(attempt.uri().toString());
            tokens(web, browser, attempt);
            subjectOnly = zhejiang.logoutToken(citizen.subject(), null);
            assertThat(RawHttp.postForm(endpoint, null, "logout_token", subjectOnly)
                            .statusCode())
                    .isEqualTo(200);
        }
        try (Browser browser = new Browser()) {
            zhejiang.signInNext(citizen);
            OidcClient.Attempt attempt =
                    web.authorizationRequest("openid", (b) -> b.customParameter("idp_hint", this.zj));
            browser.open(attempt.uri().toString());
            OIDCTokens later = tokens(web, browser, attempt);

            HttpResponse<String> replay = RawHttp.postForm(endpoint, null, "logout_token", subjectOnly);

            assertThat(replay.statusCode()).isEqualTo(400);
            assertThat(RawHttp.json(replay)).containsEntry("error", "invalid_request");
            assertThat(RawHttp.postForm(
                                    ISSUER + "/oauth2/introspect",
                                    RawHttp.basic("demo-web", "demo-secret"),
                                    "token",
                                    later.getAccessToken().getValue())
                            .body())
                    .as("the session that began after the token is still alive")
                    .contains("\"active\":true");
        }
    }

    @Test
    void callbackWhenStateUnknownOrUpstreamDeniesThenClearAnswerAndNothingLinked() throws Exception {
        register();
        HttpResponse<String> unknown =
                RawHttp.getHtml(ISSUER + "/federation/" + this.zj + "/callback?code=forged&state=never-issued");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("federation_state_unknown").doesNotContain("Exception");

        zhejiang.denyNext();
        try (Browser browser = new Browser()) {
            HtmlPage login = (HtmlPage) browser.open(ISSUER + "/login");
            HtmlPage back =
                    login.getAnchorByHref("/federation/" + this.zj + "/start").click();
            assertThat(back.getUrl().getPath()).isEqualTo("/login");
            assertThat(back.asNormalizedText()).contains("取消了登录");
            assertThat(browser.client().getCookieManager().getCookie("YIWANG_SSO"))
                    .as("no session")
                    .isNull();
        }
    }

    @Test
    void loginPageWhenProvinceIsDownThenSaysSoInPlainWords() throws Exception {
        String alias = "down-" + suffix();
        int deadPort = IntegrationTestSupport.freePort();
        this.administration.create(
                provider(alias, "http://127.0.0.1:" + deadPort, "测试停机" + alias, AssuranceLevel.L2, Map.of()), "test");
        this.registry.refresh();
        try (Browser browser = new Browser()) {
            HtmlPage login = (HtmlPage) browser.open(ISSUER + "/login");
            HtmlPage down =
                    login.getAnchorByHref("/federation/" + alias + "/start").click();
            assertThat(down.getUrl().getPath()).isEqualTo("/login");
            assertThat(down.asNormalizedText()).contains("测试停机" + alias + "登录暂时不可用");
            String metrics = RawHttp.get(ISSUER + "/actuator/prometheus", null).body();
            assertThat(metrics)
                    .containsPattern("yiwang_federation_outcomes_total\\{[^}]*idp=\"" + alias
                            + "\"[^}]*outcome=\"unavailable\"");
        } finally {
            this.administration.delete(alias, null, "test");
        }
    }

    private void register() {
        if (this.zj != null) {
            return;
        }
        this.zj = "zj-" + suffix();
        this.sh = "sh-" + suffix();
        this.cq = "cq-" + suffix();
        Map<String, String> mappings = Map.of("name", "name", "id_number", "id_card", "level", "loa");
        this.administration.create(
                provider(this.zj, zhejiang.issuer(), "测试浙江" + this.zj, AssuranceLevel.L3, mappings), "test");
        this.administration.create(
                provider(this.sh, shanghai.issuer(), "测试上海" + this.sh, AssuranceLevel.L2, mappings), "test");
        this.administration.create(
                provider(this.cq, chongqing.issuer(), "测试重庆" + this.cq, AssuranceLevel.L1, Map.of("name", "name")),
                "test");
        this.registry.refresh();
    }

    private static IdentityProvider provider(
            String alias, String issuer, String name, AssuranceLevel trust, Map<String, String> mappings) {
        return new IdentityProvider(
                alias,
                name,
                "Test " + alias,
                "330000",
                IdentityProvider.Protocol.OIDC,
                issuer,
                TestProvincialIdp.CLIENT_ID,
                TestProvincialIdp.CLIENT_SECRET,
                IdentityProvider.ClientAuthentication.CLIENT_SECRET_BASIC,
                List.of("openid", "profile"),
                mappings,
                trust,
                true,
                true,
                100,
                Instant.now());
    }

    private static HtmlPage submit(HtmlPage page, String username, String password) throws Exception {
        var form = page.getForms().stream()
                .filter((f) -> !f.getInputsByName("password").isEmpty())
                .findFirst()
                .orElseThrow();
        form.getInputByName("username").setValue(username);
        form.getInputByName("password").setValue(password);
        Page next =
                form.getOneHtmlElementByAttribute("button", "type", "submit").click();
        return (next instanceof HtmlPage html) ? html : page;
    }

    private static OIDCTokens tokens(OidcClient client, Browser browser, OidcClient.Attempt attempt) throws Exception {
        TokenResponse response =
                client.exchange(client.code(browser.lastClientRedirect(), attempt), attempt.verifier());
        assertThat(response.indicatesSuccess()).as("%s", response).isTrue();
        return ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
    }

    private static IDTokenClaimsSet idToken(OidcClient client, Browser browser, OidcClient.Attempt attempt)
            throws Exception {
        return client.validate(
                tokens(client, browser, attempt).getIDTokenString(), attempt.nonce(), JWSAlgorithm.RS256);
    }

    private static TestProvincialIdp.Citizen citizen() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String body = "330106" + (1955 + random.nextInt(45))
                + String.format("%02d%02d", 1 + random.nextInt(12), 1 + random.nextInt(28))
                + String.format("%03d", random.nextInt(1000));
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body.charAt(i) - '0') * weights[i];
        }
        return new TestProvincialIdp.Citizen(
                UUID.randomUUID().toString(), "钱七", body + "10X98765432".charAt(sum % 11), "L3");
    }

    private static String suffix() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    }
}
