package cn.yiwang.id.server.flow;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.test.Browser;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.OidcClient;
import cn.yiwang.id.server.test.RawHttp;
import cn.yiwang.id.server.test.TestAccounts;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.Prompt;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import java.net.URI;
import java.net.URL;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The whole authorization code + PKCE flow through the real login form, with an independent
 * relying party (Nimbus SDK) and browser (HtmlUnit), on real PostgreSQL and Redis.
 */
class AuthorizationCodeFlowIntegrationTests extends IntegrationTestSupport {

    @Autowired
    AccountRepository accounts;

    @Autowired
    AuditLog audit;

    @Test
    void codeFlowWhenUserSignsInThenTokensValidateRefreshRotatesIntrospectRevokeAndLogoutWork() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        OidcClient web = new OidcClient(ISSUER, "demo-web", "demo-secret", "http://127.0.0.1:8081/callback");
        try (Browser browser = new Browser()) {
            OidcClient.Attempt attempt =
                    web.authorizationRequest("openid profile", (b) -> b.loginHint(account.username()));
            Page loginPage = browser.open(attempt.uri().toString());
            assertThat(loginPage.getUrl().getPath()).isEqualTo("/login");
            HtmlPage login = (HtmlPage) loginPage;
            assertThat(login.getElementById("username").getAttribute("value")).isEqualTo(account.username());
            Instant beforeLogin = Instant.now().minusSeconds(1);

            browser.signIn(login, account.username(), TestAccounts.PASSWORD);

            AuthorizationCode code = web.code(browser.lastClientRedirect(), attempt);
            assertThat(browser.lastClientRedirect().getQuery()).contains("iss=");
            TokenResponse response = web.exchange(code, attempt.verifier());
            assertThat(response.indicatesSuccess())
                    .as("token response %s", response)
                    .isTrue();
            OIDCTokenResponse tokens = (OIDCTokenResponse) response.toSuccessResponse();

            IDTokenClaimsSet id =
                    web.validate(tokens.getOIDCTokens().getIDTokenString(), attempt.nonce(), JWSAlgorithm.RS256);
            assertThat(id.getSubject().getValue()).isEqualTo(account.id().toString());
            assertThat(id.getAudience()).extracting(Object::toString).containsExactly("demo-web");
            assertThat(id.getStringClaim("azp")).isEqualTo("demo-web");
            assertThat(id.getIssuer().getValue()).isEqualTo(ISSUER);
            assertThat(id.getAuthenticationTime()).isAfterOrEqualTo(Date.from(beforeLogin));
            assertThat(id.getACR().getValue()).isEqualTo("urn:yiwang:loa:1");
            assertThat(id.getAMR()).extracting(Object::toString).containsExactly("pwd");
            assertThat(id.getStringClaim("sid")).isNotBlank();
            assertThat(id.getIssueTime()).isNotNull();
            assertThat(id.getExpirationTime()).isAfter(new Date());

            AccessToken accessToken = tokens.getOIDCTokens().getAccessToken();
            assertThat(JWTParser.parse(accessToken.getValue())
                            .getHeader()
                            .getType()
                            .toString())
                    .isEqualTo("at+jwt");
            UserInfoResponse userInfo = UserInfoResponse.parse(new UserInfoRequest(
                            web.provider().getUserInfoEndpointURI(),
                            (com.nimbusds.oauth2.sdk.token.BearerAccessToken) accessToken)
                    .toHTTPRequest()
                    .send());
            assertThat(userInfo.indicatesSuccess()).isTrue();
            assertThat(userInfo.toSuccessResponse().getUserInfo().getSubject().getValue())
                    .isEqualTo(account.id().toString());

            assertThat(introspect(web, accessToken.getValue()).isActive()).isTrue();

            RefreshToken refreshToken = tokens.getOIDCTokens().getRefreshToken();
            TokenResponse refreshed = refresh(web, refreshToken);
            assertThat(refreshed.indicatesSuccess()).isTrue();
            RefreshToken rotated = refreshed.toSuccessResponse().getTokens().getRefreshToken();
            assertThat(rotated.getValue()).isNotEqualTo(refreshToken.getValue());

            AccessToken refreshedAccess =
                    refreshed.toSuccessResponse().getTokens().getAccessToken();
            HTTPResponse revoked = new TokenRevocationRequest(
                            web.provider().getRevocationEndpointURI(), web.clientAuthentication(), refreshedAccess)
                    .toHTTPRequest()
                    .send();
            assertThat(revoked.getStatusCode()).isEqualTo(200);
            assertThat(introspect(web, refreshedAccess.getValue()).isActive()).isFalse();

            String idTokenHint = ((OIDCTokenResponse) refreshed.toSuccessResponse())
                    .getOIDCTokens()
                    .getIDTokenString();
            URI logout = new LogoutRequest(
                            web.provider().getEndSessionEndpointURI(),
                            JWTParser.parse(idTokenHint),
                            URI.create("http://127.0.0.1:8081/"),
                            new com.nimbusds.oauth2.sdk.id.State("bye"))
                    .toURI();
            browser.open(logout.toString());
            URL afterLogout = browser.lastClientRedirect();
            assertThat(afterLogout.toString()).isEqualTo("http://127.0.0.1:8081/?state=bye");

            OidcClient.Attempt again = web.authorizationRequest("openid", (b) -> {});
            assertThat(browser.open(again.uri().toString()).getUrl().getPath())
                    .as("the SSO session ended at logout")
                    .isEqualTo("/login");
        }
    }

    @Test
    void ssoWhenSignedInForOneClientThenSecondClientGetsCodeWithoutLogin() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        OidcClient web = new OidcClient(ISSUER, "demo-web", "demo-secret", "http://127.0.0.1:8081/callback");
        OidcClient spa = new OidcClient(ISSUER, "demo-spa", null, "http://127.0.0.1:8082/callback");
        try (Browser browser = new Browser()) {
            OidcClient.Attempt first = web.authorizationRequest("openid", (b) -> {});
            browser.signIn((HtmlPage) browser.open(first.uri().toString()), account.username(), TestAccounts.PASSWORD);
            String firstSid = web.validate(
                            ((OIDCTokenResponse) web.exchange(
                                                    web.code(browser.lastClientRedirect(), first), first.verifier())
                                            .toSuccessResponse())
                                    .getOIDCTokens()
                                    .getIDTokenString(),
                            first.nonce(),
                            JWSAlgorithm.RS256)
                    .getStringClaim("sid");

            OidcClient.Attempt second = spa.authorizationRequest("openid profile", (b) -> {});
            Page consent = browser.open(second.uri().toString());
            assertThat(consent.getUrl().getPath())
                    .as("demo-spa requires consent, not a login")
                    .isEqualTo("/oauth2/consent");
            HtmlForm approve = ((HtmlPage) consent).getForms().get(0);
            approve.getOneHtmlElementByAttribute("button", "type", "submit").click();

            TokenResponse spaTokens = spa.exchange(spa.code(browser.lastClientRedirect(), second), second.verifier());
            assertThat(spaTokens.indicatesSuccess()).as("%s", spaTokens).isTrue();
            IDTokenClaimsSet spaId = spa.validate(
                    ((OIDCTokenResponse) spaTokens.toSuccessResponse())
                            .getOIDCTokens()
                            .getIDTokenString(),
                    second.nonce(),
                    JWSAlgorithm.RS256);
            assertThat(spaId.getSubject().getValue()).isEqualTo(account.id().toString());
            assertThat(spaId.getStringClaim("sid")).as("same SSO session").isEqualTo(firstSid);

            OidcClient.Attempt third = spa.authorizationRequest("openid profile", (b) -> {});
            browser.open(third.uri().toString());
            assertThat(spa.code(browser.lastClientRedirect(), third))
                    .as("consent remembered, no page")
                    .isNotNull();
        }
    }

    @Test
    void authorizeWhenPromptNoneWithoutSessionThenLoginRequiredToClient() throws Exception {
        OidcClient web = new OidcClient(ISSUER, "demo-web", "demo-secret", "http://127.0.0.1:8081/callback");
        try (Browser browser = new Browser()) {
            OidcClient.Attempt attempt = web.authorizationRequest("openid", (b) -> b.prompt(new Prompt("none")));
            browser.open(attempt.uri().toString());
            AuthorizationResponse response =
                    AuthorizationResponse.parse(browser.lastClientRedirect().toURI());
            assertThat(response.indicatesSuccess()).isFalse();
            assertThat(((AuthorizationErrorResponse) response).getErrorObject().getCode())
                    .isEqualTo("login_required");
            assertThat(response.getState()).isEqualTo(attempt.state());
        }
    }

    @Test
    void authorizeWhenPromptLoginOrMaxAgeZeroThenUserSignsInAgainAndAuthTimeMoves() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        OidcClient web = new OidcClient(ISSUER, "demo-web", "demo-secret", "http://127.0.0.1:8081/callback");
        try (Browser browser = new Browser()) {
            OidcClient.Attempt first = web.authorizationRequest("openid", (b) -> {});
            browser.signIn((HtmlPage) browser.open(first.uri().toString()), account.username(), TestAccounts.PASSWORD);
            assertThat(browser.clientRedirectCount()).isEqualTo(1);

            for (java.util.function.Consumer<com.nimbusds.openid.connect.sdk.AuthenticationRequest.Builder> fresh :
                    List.<java.util.function.Consumer<com.nimbusds.openid.connect.sdk.AuthenticationRequest.Builder>>of(
                            (b) -> b.prompt(new Prompt("login")), (b) -> b.maxAge(0))) {
                int redirects = browser.clientRedirectCount();
                OidcClient.Attempt attempt = web.authorizationRequest("openid", fresh);
                Page page = browser.open(attempt.uri().toString());
                assertThat(page.getUrl().getPath()).isEqualTo("/login");
                assertThat(browser.clientRedirectCount()).isEqualTo(redirects);
                browser.signIn((HtmlPage) page, account.username(), TestAccounts.PASSWORD);
                TokenResponse tokens =
                        web.exchange(web.code(browser.lastClientRedirect(), attempt), attempt.verifier());
                assertThat(tokens.indicatesSuccess()).isTrue();
            }

            OidcClient.Attempt silent = web.authorizationRequest(
                    "openid", (b) -> b.prompt(new Prompt("none")).maxAge(0));
            browser.open(silent.uri().toString());
            AuthorizationResponse response =
                    AuthorizationResponse.parse(browser.lastClientRedirect().toURI());
            assertThat(((AuthorizationErrorResponse) response).getErrorObject().getCode())
                    .as("a session is never fresh enough for max_age=0 without a new sign-in")
                    .isEqualTo("login_required");
        }
    }

    @Test
    void authorizeWhenPromptConsentThenConsentPageEvenForClientWithoutConsentAndPromptNoneGetsConsentRequired()
            throws Exception {
        Account account = TestAccounts.create(this.accounts);
        OidcClient web = new OidcClient(ISSUER, "demo-web", "demo-secret", "http://127.0.0.1:8081/callback");
        OidcClient spa = new OidcClient(ISSUER, "demo-spa", null, "http://127.0.0.1:8082/callback");
        try (Browser browser = new Browser()) {
            OidcClient.Attempt first =
                    web.authorizationRequest("openid profile", (b) -> b.prompt(new Prompt("consent")));
            Page consent = browser.signIn(
                    (HtmlPage) browser.open(first.uri().toString()), account.username(), TestAccounts.PASSWORD);
            assertThat(consent.getUrl().getPath()).isEqualTo("/oauth2/consent");
            ((HtmlPage) consent)
                    .getForms()
                    .get(0)
                    .getOneHtmlElementByAttribute("button", "type", "submit")
                    .click();
            assertThat(web.code(browser.lastClientRedirect(), first)).isNotNull();

            OidcClient.Attempt silent = spa.authorizationRequest("openid profile", (b) -> b.prompt(new Prompt("none")));
            browser.open(silent.uri().toString());
            AuthorizationResponse response =
                    AuthorizationResponse.parse(browser.lastClientRedirect().toURI());
            assertThat(((AuthorizationErrorResponse) response).getErrorObject().getCode())
                    .isEqualTo("consent_required");
        }
    }

    @Test
    void authorizeWhenIdTokenHintNamesAnotherUserThenLoginRequiredAndWhenSameUserThenCode() throws Exception {
        Account alice = TestAccounts.create(this.accounts);
        Account bob = TestAccounts.create(this.accounts);
        OidcClient web = new OidcClient(ISSUER, "demo-web", "demo-secret", "http://127.0.0.1:8081/callback");
        String bobsIdToken;
        try (Browser bobsBrowser = new Browser()) {
            OidcClient.Attempt attempt = web.authorizationRequest("openid", (b) -> {});
            bobsBrowser.signIn(
                    (HtmlPage) bobsBrowser.open(attempt.uri().toString()), bob.username(), TestAccounts.PASSWORD);
            bobsIdToken = ((OIDCTokenResponse)
                            web.exchange(web.code(bobsBrowser.lastClientRedirect(), attempt), attempt.verifier())
                                    .toSuccessResponse())
                    .getOIDCTokens()
                    .getIDTokenString();
        }
        try (Browser alicesBrowser = new Browser()) {
            OidcClient.Attempt login = web.authorizationRequest("openid", (b) -> {});
            alicesBrowser.signIn(
                    (HtmlPage) alicesBrowser.open(login.uri().toString()), alice.username(), TestAccounts.PASSWORD);
            String alicesIdToken = ((OIDCTokenResponse)
                            web.exchange(web.code(alicesBrowser.lastClientRedirect(), login), login.verifier())
                                    .toSuccessResponse())
                    .getOIDCTokens()
                    .getIDTokenString();

            OidcClient.Attempt wrongUser = web.authorizationRequest(
                    "openid", (b) -> b.prompt(new Prompt("none")).idTokenHint(parse(bobsIdToken)));
            alicesBrowser.open(wrongUser.uri().toString());
            AuthorizationResponse refused = AuthorizationResponse.parse(
                    alicesBrowser.lastClientRedirect().toURI());
            assertThat(((AuthorizationErrorResponse) refused).getErrorObject().getCode())
                    .isEqualTo("login_required");

            OidcClient.Attempt sameUser = web.authorizationRequest(
                    "openid", (b) -> b.prompt(new Prompt("none")).idTokenHint(parse(alicesIdToken)));
            alicesBrowser.open(sameUser.uri().toString());
            assertThat(web.code(alicesBrowser.lastClientRedirect(), sameUser)).isNotNull();
        }
    }

    private static com.nimbusds.jwt.JWT parse(String jwt) {
        try {
            return JWTParser.parse(jwt);
        } catch (java.text.ParseException ex) {
            throw new AssertionError(ex);
        }
    }

    @Test
    void refreshWhenRotatedTokenReusedThenWholeAuthorizationRevokedAuditedAndSessionLives() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        OidcClient web = new OidcClient(ISSUER, "demo-web", "demo-secret", "http://127.0.0.1:8081/callback");
        try (Browser browser = new Browser()) {
            OidcClient.Attempt attempt = web.authorizationRequest("openid", (b) -> {});
            browser.signIn(
                    (HtmlPage) browser.open(attempt.uri().toString()), account.username(), TestAccounts.PASSWORD);
            TokenResponse first = web.exchange(web.code(browser.lastClientRedirect(), attempt), attempt.verifier());
            RefreshToken stolen = first.toSuccessResponse().getTokens().getRefreshToken();
            TokenResponse refreshed = refresh(web, stolen);
            assertThat(refreshed.indicatesSuccess()).isTrue();
            String firstAccess =
                    first.toSuccessResponse().getTokens().getAccessToken().getValue();
            String refreshedAccess =
                    refreshed.toSuccessResponse().getTokens().getAccessToken().getValue();
            RefreshToken current = refreshed.toSuccessResponse().getTokens().getRefreshToken();

            TokenResponse reused = refresh(web, stolen);

            assertThat(((TokenErrorResponse) reused).getErrorObject().getCode()).isEqualTo("invalid_grant");
            assertThat(introspect(web, firstAccess).isActive()).isFalse();
            assertThat(introspect(web, refreshedAccess).isActive())
                    .as("RFC 9700 §4.14.2: the tokens issued from the authorization are revoked")
                    .isFalse();
            assertThat(RawHttp.withBearer("GET", ISSUER + "/userinfo", refreshedAccess)
                            .statusCode())
                    .isEqualTo(401);
            assertThat(refresh(web, current).indicatesSuccess())
                    .as("the current refresh token of that authorization is revoked too")
                    .isFalse();
            assertThat(this.audit.forAccount(account.id().toString(), 20)).anySatisfy((event) -> {
                assertThat(event.type()).isEqualTo("token.refresh-reused");
                assertThat(event.clientId()).isEqualTo("demo-web");
                assertThat(event.outcome()).isEqualTo("revoked");
            });
            OidcClient.Attempt again = web.authorizationRequest("openid", (b) -> b.prompt(new Prompt("none")));
            browser.open(again.uri().toString());
            assertThat(web.code(browser.lastClientRedirect(), again))
                    .as("nothing else ends: the SSO session still gives codes")
                    .isNotNull();
        }
    }

    @Test
    void tokenWhenCodeReplayedThenInvalidGrantAndFirstTokensRevoked() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        OidcClient web = new OidcClient(ISSUER, "demo-web", "demo-secret", "http://127.0.0.1:8081/callback");
        try (Browser browser = new Browser()) {
            OidcClient.Attempt attempt = web.authorizationRequest("openid", (b) -> {});
            browser.signIn(
                    (HtmlPage) browser.open(attempt.uri().toString()), account.username(), TestAccounts.PASSWORD);
            AuthorizationCode code = web.code(browser.lastClientRedirect(), attempt);
            TokenResponse first = web.exchange(code, attempt.verifier());
            assertThat(first.indicatesSuccess()).isTrue();

            TokenResponse replay = web.exchange(code, attempt.verifier());

            assertThat(((TokenErrorResponse) replay).getErrorObject().getCode()).isEqualTo("invalid_grant");
            String accessToken =
                    first.toSuccessResponse().getTokens().getAccessToken().getValue();
            assertThat(introspect(web, accessToken).isActive())
                    .as("RFC 6749 §4.1.2: revoke what the code issued")
                    .isFalse();
            RefreshToken refreshToken = first.toSuccessResponse().getTokens().getRefreshToken();
            assertThat(refresh(web, refreshToken).indicatesSuccess()).isFalse();
        }
    }

    private static TokenIntrospectionSuccessResponse introspect(OidcClient client, String token) throws Exception {
        TokenIntrospectionResponse response = TokenIntrospectionResponse.parse(new TokenIntrospectionRequest(
                        client.provider().getIntrospectionEndpointURI(),
                        client.clientAuthentication(),
                        new com.nimbusds.oauth2.sdk.token.TypelessAccessToken(token))
                .toHTTPRequest()
                .send());
        assertThat(response.indicatesSuccess()).isTrue();
        return response.toSuccessResponse();
    }

    private static TokenResponse refresh(OidcClient client, RefreshToken refreshToken) throws Exception {
        return com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser.parse(new TokenRequest(
                        client.provider().getTokenEndpointURI(),
                        client.clientAuthentication(),
                        new RefreshTokenGrant(refreshToken))
                .toHTTPRequest()
                .send());
    }
}
