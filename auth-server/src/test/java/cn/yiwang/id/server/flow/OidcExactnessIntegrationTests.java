package cn.yiwang.id.server.flow;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.account.realname.AssuranceEvidence;
import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.account.realname.RealNameRegistry;
import cn.yiwang.id.server.test.Browser;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.LogoutReceiver;
import cn.yiwang.id.server.test.OidcClient;
import cn.yiwang.id.server.test.RawHttp;
import cn.yiwang.id.server.test.TestAccounts;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.Prompt;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

/**
 * Where certified relying-party libraries and conformance checks hold us to the letter: RP-Initiated Logout
 * with any ID token we issued (older, expired) and a confirmation without one; pairwise subjects (OIDC Core
 * §8.1) the same in ID token, access token, userinfo and logout token; the {@code claims} parameter asking for
 * {@code acr}; and userinfo's {@code loa} agreeing with the ID token's {@code acr}.
 */
class OidcExactnessIntegrationTests extends IntegrationTestSupport {

    private static final String WEB_CALLBACK = "http://127.0.0.1:8081/callback";

    @Autowired
    AccountRepository accounts;

    @Autowired
    RealNameRegistry realNames;

    @Autowired
    JwtEncoder keys;

    @Test
    void logoutWhenIdTokenFromBeforeARefreshThenSessionEndsAndBackToTheClient() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        OidcClient web = new OidcClient(ISSUER, "demo-web", "demo-secret", WEB_CALLBACK);
        try (Browser browser = new Browser()) {
            OidcClient.Attempt attempt = web.authorizationRequest("openid", (b) -> {});
            browser.signIn(
                    (HtmlPage) browser.open(attempt.uri().toString()), account.username(), TestAccounts.PASSWORD);
            OIDCTokenResponse first = (OIDCTokenResponse)
                    web.exchange(web.code(browser.lastClientRedirect(), attempt), attempt.verifier())
                            .toSuccessResponse();
            String oldIdToken = first.getOIDCTokens().getIDTokenString();
            TokenResponse refreshed = OIDCTokenResponseParser.parse(new TokenRequest(
                            web.provider().getTokenEndpointURI(),
                            web.clientAuthentication(),
                            new RefreshTokenGrant(first.getOIDCTokens().getRefreshToken()))
                    .toHTTPRequest()
                    .send());
            assertThat(refreshed.indicatesSuccess()).as("%s", refreshed).isTrue();

            browser.open(ISSUER + "/connect/logout?id_token_hint=" + oldIdToken
                    + "&post_logout_redirect_uri=http://127.0.0.1:8081/&state=s-1");

            assertThat(browser.lastClientRedirect().toString()).isEqualTo("http://127.0.0.1:8081/?state=s-1");
            assertThat(browser.client().getCookieManager().getCookie("YIWANG_SSO"))
                    .isNull();
        }
    }

    @Test
    void logoutWhenIdTokenExpiredButOursThenAccepted() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        try (Browser browser = new Browser()) {
            browser.signIn((HtmlPage) browser.open(ISSUER + "/login"), account.username(), TestAccounts.PASSWORD);
            Instant issued = Instant.now().minus(Duration.ofDays(2));
            String expired = this.keys
                    .encode(JwtEncoderParameters.from(
                            JwsHeader.with(SignatureAlgorithm.RS256).build(),
                            JwtClaimsSet.builder()
                                    .issuer(ISSUER)
                                    .subject(account.id().toString())
                                    .audience(List.of("demo-web"))
                                    .issuedAt(issued)
                                    .expiresAt(issued.plusSeconds(600))
                                    .build()))
                    .getTokenValue();

            browser.open(ISSUER + "/connect/logout?id_token_hint=" + expired
                    + "&post_logout_redirect_uri=http://127.0.0.1:8081/");

            assertThat(browser.lastClientRedirect().toString()).isEqualTo("http://127.0.0.1:8081/");
            assertThat(browser.client().getCookieManager().getCookie("YIWANG_SSO"))
                    .isNull();
        }
    }

    @Test
    void logoutWhenHintIsAnAccessTokenThenRefused() throws Exception {
        HttpResponse<String> token = RawHttp.postForm(
                ISSUER + "/oauth2/token",
                RawHttp.basic("demo-service", "demo-secret"),
                "grant_type",
                "client_credentials");
        String accessToken = (String) RawHttp.json(token).get("access_token");

        HttpResponse<String> response = RawHttp.getHtml(ISSUER + "/connect/logout?id_token_hint=" + accessToken);

        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void logoutWhenNoHintThenConfirmationInTheReadersLanguageAndConfirmingEndsTheSession() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        try (Browser browser = new Browser()) {
            browser.signIn((HtmlPage) browser.open(ISSUER + "/login"), account.username(), TestAccounts.PASSWORD);
            assertThat(browser.client().getCookieManager().getCookie("YIWANG_SSO"))
                    .isNotNull();

            HtmlPage confirm = (HtmlPage) browser.open(ISSUER + "/connect/logout?client_id=demo-web"
                    + "&post_logout_redirect_uri=" + URLEncoder.encode("http://127.0.0.1:8081/", StandardCharsets.UTF_8)
                    + "&state=s-2");
            assertThat(confirm.getUrl().getPath()).isEqualTo("/logout");
            assertThat(confirm.querySelector("h1").getTextContent()).isEqualTo("退出登录？");
            assertThat(browser.client().getCookieManager().getCookie("YIWANG_SSO"))
                    .as("nothing ends before the citizen confirms")
                    .isNotNull();
            HtmlPage english = (HtmlPage) browser.open(confirm.getUrl() + "&lang=en");
            assertThat(english.querySelector("h1").getTextContent()).isEqualTo("Sign out?");

            HtmlForm form = english.getForms().stream()
                    .filter((f) -> f.getActionAttribute().endsWith("/logout"))
                    .findFirst()
                    .orElseThrow();
            form.getOneHtmlElementByAttribute("button", "type", "submit").click();

            assertThat(browser.lastClientRedirect().toString()).isEqualTo("http://127.0.0.1:8081/?state=s-2");
            assertThat(browser.client().getCookieManager().getCookie("YIWANG_SSO"))
                    .isNull();
        }
    }

    @Test
    void logoutWhenNoHintAndNoSessionThenSignedOutPageWithoutQuestion() throws Exception {
        HttpResponse<String> response = RawHttp.getHtml(ISSUER + "/connect/logout");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location"))
                .hasValueSatisfying((l) -> assertThat(l).endsWith("/logged-out"));
    }

    @Test
    void pairwiseWhenTwoSectorsThenDifferentStableSubjectsSameInEveryTokenAndLogoutToken() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        OidcClient a = new OidcClient(ISSUER, "test-pairwise-a", "demo-secret", "http://127.0.0.1:8087/pairwise");
        OidcClient b = new OidcClient(ISSUER, "test-pairwise-b", "demo-secret", "http://localhost:8087/pairwise");
        try (LogoutReceiver receiver = new LogoutReceiver(18287);
                Browser browser = new Browser()) {
            OidcClient.Attempt atA = a.authorizationRequest("openid profile", (r) -> {});
            browser.signIn((HtmlPage) browser.open(atA.uri().toString()), account.username(), TestAccounts.PASSWORD);
            OIDCTokenResponse tokensA =
                    (OIDCTokenResponse) a.exchange(a.code(browser.lastClientRedirect(), atA), atA.verifier())
                            .toSuccessResponse();
            IDTokenClaimsSet idA =
                    a.validate(tokensA.getOIDCTokens().getIDTokenString(), atA.nonce(), JWSAlgorithm.RS256);
            OidcClient.Attempt atB = b.authorizationRequest("openid", (r) -> {});
            browser.open(atB.uri().toString());
            IDTokenClaimsSet idB = b.validate(
                    ((OIDCTokenResponse) b.exchange(b.code(browser.lastClientRedirect(), atB), atB.verifier())
                                    .toSuccessResponse())
                            .getOIDCTokens()
                            .getIDTokenString(),
                    atB.nonce(),
                    JWSAlgorithm.RS256);

            String subA = idA.getSubject().getValue();
            assertThat(subA)
                    .isNotEqualTo(account.id().toString())
                    .isNotEqualTo(idB.getSubject().getValue());
            assertThat(SignedJWT.parse(tokensA.getOIDCTokens().getAccessToken().getValue())
                            .getJWTClaimsSet()
                            .getSubject())
                    .as("the access token says the same")
                    .isEqualTo(subA);
            HttpResponse<String> userinfo = RawHttp.withBearer(
                    "GET",
                    ISSUER + "/userinfo",
                    tokensA.getOIDCTokens().getAccessToken().getValue());
            assertThat(RawHttp.json(userinfo)).containsEntry("sub", subA);

            OidcClient.Attempt again = a.authorizationRequest("openid", (r) -> {});
            browser.open(again.uri().toString());
            String idAgain = ((OIDCTokenResponse)
                            a.exchange(a.code(browser.lastClientRedirect(), again), again.verifier())
                                    .toSuccessResponse())
                    .getOIDCTokens()
                    .getIDTokenString();
            assertThat(SignedJWT.parse(idAgain).getJWTClaimsSet().getSubject())
                    .as("stable")
                    .isEqualTo(subA);

            browser.open(ISSUER + "/connect/logout?id_token_hint=" + idAgain);
            String logoutToken = receiver.await((t) -> true, Duration.ofSeconds(20));
            assertThat(logoutToken).isNotNull();
            assertThat(SignedJWT.parse(logoutToken).getJWTClaimsSet().getSubject())
                    .as("the logout token names the citizen as the client knows them")
                    .isEqualTo(subA);
        }
    }

    @Test
    void claimsParameterWhenEssentialAcrAboveTheSessionThenStepUpOrUnmetWithPromptNone() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        OidcClient web = new OidcClient(ISSUER, "demo-web", "demo-secret", WEB_CALLBACK);
        String claims =
                "{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\"urn:yiwang:loa:2\",\"urn:yiwang:loa:3\"]}}}";
        try (Browser browser = new Browser()) {
            OidcClient.Attempt attempt = web.authorizationRequest("openid", (b) -> b.customParameter("claims", claims));
            Page stepUp = browser.signIn(
                    (HtmlPage) browser.open(attempt.uri().toString()), account.username(), TestAccounts.PASSWORD);
            assertThat(stepUp.getUrl().getPath()).isEqualTo("/stepup");

            OidcClient.Attempt silent = web.authorizationRequest(
                    "openid", (b) -> b.customParameter("claims", claims).prompt(new Prompt("none")));
            browser.open(silent.uri().toString());
            AuthorizationResponse response =
                    AuthorizationResponse.parse(browser.lastClientRedirect().toURI());
            assertThat(((AuthorizationErrorResponse) response).getErrorObject().getCode())
                    .isEqualTo("unmet_authentication_requirements");
        }
    }

    @Test
    void userinfoWhenAccountAboveTheSessionThenLoaAgreesWithTheIdTokenAcr() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        // verified in person (L4), but a password sign-in reaches L2 at most
        this.realNames.recordEvidence(
                account.id(),
                new AssuranceEvidence(AssuranceLevel.L4, "in-person", "counter", "test", "operator", Instant.now()));
        this.realNames.recordEvidence(
                account.id(),
                new AssuranceEvidence(AssuranceLevel.L2, "realname", "test", "test", null, Instant.now()));
        OidcClient portal = new OidcClient(ISSUER, "test-l2", "demo-secret", "http://127.0.0.1:8088/callback");
        try (Browser browser = new Browser()) {
            OidcClient.Attempt attempt = portal.authorizationRequest("openid realname", (b) -> {});
            browser.signIn(
                    (HtmlPage) browser.open(attempt.uri().toString()), account.username(), TestAccounts.PASSWORD);
            OIDCTokenResponse tokens = (OIDCTokenResponse)
                    portal.exchange(portal.code(browser.lastClientRedirect(), attempt), attempt.verifier())
                            .toSuccessResponse();
            IDTokenClaimsSet id =
                    portal.validate(tokens.getOIDCTokens().getIDTokenString(), attempt.nonce(), JWSAlgorithm.RS256);
            Map<String, Object> userinfo = RawHttp.json(RawHttp.withBearer(
                    "GET",
                    ISSUER + "/userinfo",
                    tokens.getOIDCTokens().getAccessToken().getValue()));

            assertThat(id.getACR().getValue()).isEqualTo("urn:yiwang:loa:2");
            assertThat(userinfo).containsEntry("loa", "L2");
        }
    }

    @SuppressWarnings("unused")
    private static URI uri(String value) {
        return URI.create(value);
    }
}
