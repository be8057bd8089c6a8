package cn.yiwang.id.server.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.server.test.Browser;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.OidcClient;
import cn.yiwang.id.server.test.RawHttp;
import cn.yiwang.id.server.test.TestAccounts;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * RFC 8693 token exchange at the token endpoint (跨省通办): a citizen's access token from an app is exchanged by a
 * registered service for a token aimed at another province's service, within the service's policy; every token
 * is parsed with Nimbus.
 */
class TokenExchangeIntegrationTests extends IntegrationTestSupport {

    private static final String GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
    private static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
    private static final String SHANGHAI = "https://sh.example.gov.cn/social";
    private static final String ARCHIVE = "https://mohrss.example.gov.cn/archive";

    @Autowired
    AccountRepository accounts;

    @Test
    void exchangeWhenTargetInPolicyThenTokenForThatServiceActingAsTheCallerWithNarrowedScopesAndCappedLife()
            throws Exception {
        String subjectToken = citizenAccessToken();
        JWTClaimsSet subject = SignedJWT.parse(subjectToken).getJWTClaimsSet();

        HttpResponse<String> response =
                exchange("test-exchange-zj", subjectToken, "resource", SHANGHAI, "scope", "social.read");

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> body = RawHttp.json(response);
        assertThat(body)
                .containsEntry("issued_token_type", ACCESS_TOKEN_TYPE)
                .containsEntry("token_type", "Bearer")
                .containsEntry("scope", "social.read")
                .doesNotContainKey("refresh_token");
        JWTClaimsSet exchanged =
                SignedJWT.parse((String) body.get("access_token")).getJWTClaimsSet();
        assertThat(exchanged.getAudience()).containsExactly(SHANGHAI);
        assertThat(exchanged.getSubject()).isEqualTo(subject.getSubject());
        assertThat(exchanged.getJSONObjectClaim("act")).isEqualTo(Map.of("sub", "test-exchange-zj"));
        assertThat(exchanged.getStringClaim("scope")).isEqualTo("social.read");
        assertThat(exchanged.getStringClaim("client_id")).isEqualTo("test-exchange-zj");
        assertThat(exchanged.getExpirationTime())
                .as("the service's own 1h lifetime is capped by the citizen's token")
                .isBeforeOrEqualTo(subject.getExpirationTime());
    }

    @Test
    void exchangeWhenNoScopeAskedThenEveryScopeBothTheSubjectTokenAndTheClientHave() throws Exception {
        HttpResponse<String> response = exchange("test-exchange-zj", citizenAccessToken(), "audience", SHANGHAI);

        assertThat(response.statusCode()).isEqualTo(200);
        JWTClaimsSet exchanged = SignedJWT.parse((String) RawHttp.json(response).get("access_token"))
                .getJWTClaimsSet();
        assertThat(List.of(exchanged.getStringClaim("scope").split(" ")))
                .containsExactlyInAnyOrder("social.read", "tax.read");
    }

    @Test
    void exchangeWhenTheSubjectTokenWasItselfExchangedThenActIsNested() throws Exception {
        String forMinistry = (String)
                RawHttp.json(exchange("test-exchange-zj", citizenAccessToken(), "audience", "test-exchange-ministry"))
                        .get("access_token");

        HttpResponse<String> response = exchange("test-exchange-ministry", forMinistry, "resource", ARCHIVE);

        assertThat(response.statusCode()).isEqualTo(200);
        JWTClaimsSet exchanged = SignedJWT.parse((String) RawHttp.json(response).get("access_token"))
                .getJWTClaimsSet();
        assertThat(exchanged.getAudience()).containsExactly(ARCHIVE);
        assertThat(exchanged.getStringClaim("scope")).isEqualTo("social.read");
        assertThat(exchanged.getJSONObjectClaim("act"))
                .isEqualTo(Map.of("sub", "test-exchange-ministry", "act", Map.of("sub", "test-exchange-zj")));
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(
                        "target outside the policy",
                        "test-exchange-zj",
                        "invalid_target",
                        List.of("resource", "https://bj.example.gov.cn/tax")),
                Arguments.of("no target", "test-exchange-zj", "invalid_request", List.of()),
                Arguments.of(
                        "scope the client lacks",
                        "test-exchange-zj",
                        "invalid_scope",
                        List.of("resource", SHANGHAI, "scope", "profile")),
                Arguments.of(
                        "scope the subject token lacks",
                        "test-exchange-zj",
                        "invalid_scope",
                        List.of("resource", SHANGHAI, "scope", "social.write")),
                Arguments.of(
                        "an actor token",
                        "test-exchange-zj",
                        "invalid_request",
                        List.of("resource", SHANGHAI, "actor_token", "x", "actor_token_type", ACCESS_TOKEN_TYPE)),
                Arguments.of(
                        "client without the grant",
                        "test-exchange-rp",
                        "unauthorized_client",
                        List.of("resource", SHANGHAI)),
                Arguments.of(
                        "no scope in common",
                        "test-exchange-ministry",
                        "invalid_scope",
                        List.of("resource", ARCHIVE, "scope", "tax.read")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void exchangeWhenOutsideThePolicyThenTheRfcErrorAndNoToken(
            String why, String clientId, String error, List<String> parameters) throws Exception {
        HttpResponse<String> response = exchange(clientId, citizenAccessToken(), parameters.toArray(String[]::new));

        assertThat(response.statusCode()).as(why).isEqualTo(400);
        assertThat(RawHttp.json(response)).containsEntry("error", error).doesNotContainKey("access_token");
    }

    @Test
    void exchangeWhenSubjectTokenUnknownThenInvalidGrant() throws Exception {
        HttpResponse<String> response = exchange("test-exchange-zj", "not-a-token-of-ours", "resource", SHANGHAI);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(RawHttp.json(response))
                .containsEntry("error", "invalid_grant")
                .doesNotContainKey("access_token");
    }

    @Test
    void revokeWhenTheSubjectTokenIsRevokedThenTheExchangedTokensAreInactiveAndItCannotBeExchangedAgain()
            throws Exception {
        String subjectToken = citizenAccessToken();
        String forMinistry =
                (String) RawHttp.json(exchange("test-exchange-zj", subjectToken, "audience", "test-exchange-ministry"))
                        .get("access_token");
        String forArchive = (String) RawHttp.json(exchange("test-exchange-ministry", forMinistry, "resource", ARCHIVE))
                .get("access_token");
        assertThat(introspect(forArchive)).containsEntry("active", true);

        HttpResponse<String> revoked = RawHttp.postForm(
                ISSUER + "/oauth2/revoke",
                RawHttp.basic("test-exchange-rp", "demo-secret"),
                "token",
                subjectToken,
                "token_type_hint",
                "access_token");
        assertThat(revoked.statusCode()).isEqualTo(200);

        assertThat(introspect(forMinistry)).containsEntry("active", false);
        assertThat(introspect(forArchive)).as("down the chain").containsEntry("active", false);
        assertThat(RawHttp.json(exchange("test-exchange-zj", subjectToken, "resource", SHANGHAI)))
                .containsEntry("error", "invalid_grant");
    }

    private Map<String, Object> introspect(String token) throws Exception {
        return RawHttp.json(RawHttp.postForm(
                ISSUER + "/oauth2/introspect", RawHttp.basic("test-exchange-zj", "demo-secret"), "token", token));
    }

    private static HttpResponse<String> exchange(String clientId, String subjectToken, String... parameters)
            throws Exception {
        String[] form = new String[6 + parameters.length];
        form[0] = "grant_type";
        form[1] = GRANT;
        form[2] = "subject_token";
        form[3] = subjectToken;
        form[4] = "subject_token_type";
        form[5] = ACCESS_TOKEN_TYPE;
        System.arraycopy(parameters, 0, form, 6, parameters.length);
        return RawHttp.postForm(ISSUER + "/oauth2/token", RawHttp.basic(clientId, "demo-secret"), form);
    }

    /** A fresh citizen signs in at the app, which gets an access token with all its scopes. */
    private String citizenAccessToken() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        OidcClient app = new OidcClient(ISSUER, "test-exchange-rp", "demo-secret", "http://127.0.0.1:8088/exchange");
        try (Browser browser = new Browser()) {
            OidcClient.Attempt attempt = app.authorizationRequest("openid profile social.read tax.read", (r) -> {});
            browser.signIn(
                    (HtmlPage) browser.open(attempt.uri().toString()), account.username(), TestAccounts.PASSWORD);
            OIDCTokenResponse tokens = (OIDCTokenResponse)
                    app.exchange(app.code(browser.lastClientRedirect(), attempt), attempt.verifier())
                            .toSuccessResponse();
            return tokens.getOIDCTokens().getAccessToken().getValue();
        }
    }
}
