package cn.yiwang.id.server.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.server.test.Browser;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.OidcClient;
import cn.yiwang.id.server.test.RawHttp;
import cn.yiwang.id.server.test.TestAccounts;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What a relying party or an operator discovers without asking anyone: provider metadata (OIDC
 * Discovery 1.0, RFC 8414), the JWKS and the tokens it verifies, and the health and metrics endpoints.
 */
class DiscoveryIntegrationTests extends IntegrationTestSupport {

    @Autowired
    AccountRepository accounts;

    @ParameterizedTest
    @ValueSource(strings = {"/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"})
    void metadataWhenFetchedThenIssuerEndpointsAndOnlyServedFeatures(String path) throws Exception {
        Map<String, Object> metadata = fetchJson(ISSUER + path);

        assertThat(metadata)
                .containsEntry("issuer", ISSUER)
                .containsEntry("authorization_endpoint", ISSUER + "/oauth2/authorize")
                .containsEntry("token_endpoint", ISSUER + "/oauth2/token")
                .containsEntry("jwks_uri", ISSUER + "/oauth2/jwks")
                .containsEntry("revocation_endpoint", ISSUER + "/oauth2/revoke")
                .containsEntry("introspection_endpoint", ISSUER + "/oauth2/introspect")
                .containsEntry("response_types_supported", List.of("code"))
                .containsEntry("code_challenge_methods_supported", List.of("S256"))
                .containsEntry("authorization_response_iss_parameter_supported", true)
                .containsEntry(
                        "acr_values_supported",
                        List.of("urn:yiwang:loa:1", "urn:yiwang:loa:2", "urn:yiwang:loa:3", "urn:yiwang:loa:4"))
                .containsEntry(
                        "grant_types_supported",
                        List.of(
                                "authorization_code",
                                "refresh_token",
                                "client_credentials",
                                "urn:ietf:params:oauth:grant-type:token-exchange",
                                "urn:ietf:params:oauth:grant-type:device_code"))
                .containsEntry("device_authorization_endpoint", ISSUER + "/oauth2/device_authorization")
                .containsEntry("ui_locales_supported", List.of("zh-CN", "en"))
                .doesNotContainKey("tls_client_certificate_bound_access_tokens")
                .doesNotContainKey("mtls_endpoint_aliases")
                .doesNotContainKey("dpop_signing_alg_values_supported");
        assertThat(OidcClient.list(metadata.get("token_endpoint_auth_methods_supported")))
                .contains("client_secret_basic", "client_secret_post", "none")
                .doesNotContain("client_secret_jwt");
        for (String name : List.of(
                "token_endpoint_auth_methods_supported",
                "revocation_endpoint_auth_methods_supported",
                "introspection_endpoint_auth_methods_supported")) {
            assertThat(OidcClient.list(metadata.get(name)))
                    .as(name)
                    .isNotEmpty()
                    .doesNotContain("tls_client_auth", "self_signed_tls_client_auth", "client_secret_jwt");
        }
    }

    /**
     * Discovery lists exactly what the suite exercises, so a value added here without a test fails: grant types
     * (code: flow tests; refresh_token: BrowserAppIntegrationTests, OidcExactnessIntegrationTests;
     * client_credentials: below), client authentication (client_secret_basic and _post: below; private_key_jwt
     * with RS256, PS256, ES256 at token, introspection and revocation: PrivateKeyJwtIntegrationTests; none at token
     * and revocation: BrowserAppIntegrationTests), subject types (pairwise: OidcExactnessIntegrationTests), ID
     * token algorithms (below), the claims parameter (OidcExactnessIntegrationTests), ui_locales
     * (LoginPageIntegrationTests), registration (DynamicClientRegistrationIntegrationTests), the device grant and
     * its endpoint (DeviceFlowIntegrationTests), token exchange (TokenExchangeIntegrationTests).
     */
    @Test
    void openidConfigurationWhenFetchedThenEveryListedValueIsOneTheSuiteExercises() throws Exception {
        Map<String, Object> metadata = fetchJson(ISSUER + "/.well-known/openid-configuration");
        List<String> methods = List.of("client_secret_basic", "client_secret_post", "private_key_jwt");
        List<String> withNone = List.of("client_secret_basic", "client_secret_post", "private_key_jwt", "none");
        List<String> assertionAlgorithms = List.of("RS256", "PS256", "ES256");

        assertThat(metadata)
                .containsEntry(
                        "grant_types_supported",
                        List.of(
                                "authorization_code",
                                "refresh_token",
                                "client_credentials",
                                "urn:ietf:params:oauth:grant-type:token-exchange",
                                "urn:ietf:params:oauth:grant-type:device_code"))
                .containsEntry("device_authorization_endpoint", ISSUER + "/oauth2/device_authorization")
                .containsEntry("response_types_supported", List.of("code"))
                .containsEntry("response_modes_supported", List.of("query"))
                .containsEntry("code_challenge_methods_supported", List.of("S256"))
                .containsEntry("token_endpoint_auth_methods_supported", withNone)
                .containsEntry("revocation_endpoint_auth_methods_supported", withNone)
                .containsEntry("introspection_endpoint_auth_methods_supported", methods)
                .containsEntry("token_endpoint_auth_signing_alg_values_supported", assertionAlgorithms)
                .containsEntry("revocation_endpoint_auth_signing_alg_values_supported", assertionAlgorithms)
                .containsEntry("introspection_endpoint_auth_signing_alg_values_supported", assertionAlgorithms)
                .containsEntry("id_token_signing_alg_values_supported", List.of("RS256", "ES256"))
                .containsEntry("subject_types_supported", List.of("public", "pairwise"))
                .containsEntry("claims_parameter_supported", true)
                .containsEntry("request_parameter_supported", false)
                .containsEntry("request_uri_parameter_supported", false)
                .containsEntry("ui_locales_supported", List.of("zh-CN", "en"))
                .containsEntry("registration_endpoint", ISSUER + "/connect/register")
                .doesNotContainKeys(
                        "dpop_signing_alg_values_supported",
                        "tls_client_certificate_bound_access_tokens",
                        "mtls_endpoint_aliases",
                        "userinfo_signing_alg_values_supported",
                        "request_object_signing_alg_values_supported",
                        "pushed_authorization_request_endpoint");
    }

    @Test
    void openidConfigurationWhenFetchedThenOidcFieldsPresent() throws Exception {
        Map<String, Object> metadata = fetchJson(ISSUER + "/.well-known/openid-configuration");

        assertThat(metadata)
                .containsEntry("userinfo_endpoint", ISSUER + "/userinfo")
                .containsEntry("end_session_endpoint", ISSUER + "/connect/logout")
                .containsEntry("subject_types_supported", List.of("public", "pairwise"))
                .containsEntry("claims_parameter_supported", true);
        assertThat(OidcClient.list(metadata.get("id_token_signing_alg_values_supported")))
                .contains("RS256", "ES256");
        assertThat(OidcClient.list(metadata.get("scopes_supported"))).contains("openid");
    }

    @Test
    void jwksWhenFetchedThenRs256AndEs256SigningKeysWithoutPrivateParts() throws Exception {
        Map<String, Object> jwks = fetchJson(ISSUER + "/oauth2/jwks");

        List<?> keys = (List<?>) jwks.get("keys");
        assertThat(keys).isNotEmpty();
        for (Object key : keys) {
            @SuppressWarnings("unchecked")
            Map<String, Object> json = (Map<String, Object>) key;
            assertThat(json)
                    .as("public parts only: %s", json)
                    .doesNotContainKeys("d", "p", "q", "dp", "dq", "qi", "oth", "k")
                    .containsEntry("use", "sig")
                    .containsKey("kid");
        }
        JWKSet set = JWKSet.parse(jwks);
        assertThat(set.getKeys()).extracting(JWK::getKeyID).doesNotHaveDuplicates();
        assertThat(set.getKeys()).noneMatch(JWK::isPrivate);
        assertThat(set.getKeys()).anySatisfy((key) -> {
            assertThat(key.getKeyType()).isEqualTo(KeyType.RSA);
            assertThat(key.getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
            assertThat(key.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
            assertThat(key.toRSAKey().size()).isGreaterThanOrEqualTo(2048);
        });
        assertThat(set.getKeys()).anySatisfy((key) -> {
            assertThat(key.getKeyType()).isEqualTo(KeyType.EC);
            assertThat(key.toECKey().getCurve()).isEqualTo(Curve.P_256);
            assertThat(key.getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
            assertThat(key.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
        });
    }

    @Test
    void idTokenWhenClientRegisteredForEs256ThenSignedWithTheJwksEcKey() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        OidcClient client = new OidcClient(ISSUER, "test-es256", "demo-secret", "http://127.0.0.1:8084/callback");
        String idToken;
        OidcClient.Attempt attempt = client.authorizationRequest("openid", (b) -> {});
        try (Browser browser = new Browser()) {
            browser.signIn(
                    (HtmlPage) browser.open(attempt.uri().toString()), account.username(), TestAccounts.PASSWORD);
            TokenResponse response =
                    client.exchange(client.code(browser.lastClientRedirect(), attempt), attempt.verifier());
            assertThat(response.indicatesSuccess()).as("%s", response).isTrue();
            idToken = ((OIDCTokenResponse) response.toSuccessResponse())
                    .getOIDCTokens()
                    .getIDTokenString();
        }

        SignedJWT jwt = SignedJWT.parse(idToken);
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        JWK key = JWKSet.load(URI.create(ISSUER + "/oauth2/jwks").toURL())
                .getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(key).as("the kid is published").isNotNull();
        assertThat(key.getKeyType()).isEqualTo(KeyType.EC);
        IDTokenClaimsSet claims = client.validate(idToken, attempt.nonce(), JWSAlgorithm.ES256);
        assertThat(claims.getSubject().getValue()).isEqualTo(account.id().toString());
        assertThatExceptionOfType(BadJOSEException.class)
                .as("an RS256-only relying party refuses it")
                .isThrownBy(() -> client.validate(idToken, attempt.nonce(), JWSAlgorithm.RS256));
    }

    @ParameterizedTest
    @ValueSource(strings = {"client_secret_basic", "client_secret_post"})
    void clientCredentialsWhenClientAuthenticatesThenAtJwtValidAgainstJwks(String method) throws Exception {
        ClientID clientId = new ClientID("demo-service");
        Secret secret = new Secret("demo-secret");
        ClientAuthentication authentication = "client_secret_basic".equals(method)
                ? new ClientSecretBasic(clientId, secret)
                : new ClientSecretPost(clientId, secret);

        TokenResponse response = TokenResponse.parse(new TokenRequest(
                        URI.create(ISSUER + "/oauth2/token"),
                        authentication,
                        new ClientCredentialsGrant(),
                        new Scope("api.read"))
                .toHTTPRequest()
                .send());

        assertThat(response.indicatesSuccess()).as("%s", response).isTrue();
        AccessTokenResponse tokens = response.toSuccessResponse();
        assertThat(tokens.getTokens().getRefreshToken())
                .as("no refresh token for client credentials")
                .isNull();
        assertThat(tokens.getTokens().getAccessToken().getLifetime()).isPositive();
        SignedJWT jwt = SignedJWT.parse(tokens.getTokens().getAccessToken().getValue());
        assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
        JWTClaimsSet claims = verifyAccessToken(jwt);
        assertThat(claims.getStringClaim("client_id")).isEqualTo("demo-service");
        assertThat(claims.getSubject()).isEqualTo("demo-service");
        assertThat(claims.getIssuer()).isEqualTo(ISSUER);
        assertThat(claims.getClaim("scope")).as("RFC 9068 §2.2.3: a string").isEqualTo("api.read");
    }

    @ParameterizedTest
    @ValueSource(strings = {"*/*", "text/html,application/xhtml+xml", "application/json"})
    void userinfoWhenNoTokenThenBearerChallengeWhateverAccept(String accept) throws Exception {
        HttpResponse<String> response = RawHttp.get(ISSUER + "/userinfo", accept);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Bearer"));
        assertThat(response.headers().firstValue("Location")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"readiness", "liveness"})
    void healthProbeWhenQueriedThenUp(String probe) throws Exception {
        HttpResponse<String> response = RawHttp.get(ISSUER + "/actuator/health/" + probe, "application/json");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(RawHttp.json(response)).containsEntry("status", "UP");
    }

    @Test
    void prometheusWhenClientCredentialsTokenIssuedThenTokenCounterRises() throws Exception {
        Pattern counter = metric("yiwang_token_issued_total", "grant_type=\"client_credentials\"");
        double before = valueOr0(counter);

        HttpResponse<String> token = RawHttp.postForm(
                ISSUER + "/oauth2/token",
                RawHttp.basic("demo-service", "demo-secret"),
                "grant_type",
                "client_credentials");
        assertThat(token.statusCode()).isEqualTo(200);

        assertThat(valueOr0(counter)).isGreaterThanOrEqualTo(before + 1);
    }

    @Test
    void prometheusWhenUserSignsInThenLoginCounterRises() throws Exception {
        // the password series: other methods (federation, sms) have success series of their own, listed before
        // or after it depending on which tests ran first
        Pattern counter = metric("yiwang_login_total", "method=\"password\",outcome=\"success\"");
        double before = valueOr0(counter);
        Account account = TestAccounts.create(this.accounts);

        try (Browser browser = new Browser()) {
            browser.signIn((HtmlPage) browser.open(ISSUER + "/login"), account.username(), TestAccounts.PASSWORD);
            assertThat(browser.client().getCookieManager().getCookie("YIWANG_SSO"))
                    .as("signed in")
                    .isNotNull();
        }

        assertThat(valueOr0(counter)).isGreaterThanOrEqualTo(before + 1);
    }

    private static Map<String, Object> fetchJson(String url) throws Exception {
        HttpResponse<String> response = RawHttp.get(url, "application/json");
        assertThat(response.statusCode()).as("GET %s", url).isEqualTo(200);
        return RawHttp.json(response);
    }

    /** Checks signature (published JWKS), at+jwt type, issuer and expiry, as a resource server does. */
    private static JWTClaimsSet verifyAccessToken(SignedJWT jwt) throws Exception {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(
                Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256),
                new ImmutableJWKSet<>(
                        JWKSet.load(URI.create(ISSUER + "/oauth2/jwks").toURL()))));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                new JWTClaimsSet.Builder().issuer(ISSUER).build(), Set.of("sub", "exp", "iat", "client_id")));
        return processor.process(jwt, null);
    }

    /** One sample line of the Prometheus text format: name, labels including {@code label}, value. */
    private static Pattern metric(String name, String label) {
        return Pattern.compile(
                "^" + Pattern.quote(name) + "\\{[^}]*" + Pattern.quote(label) + "[^}]*}\\s+(\\S+)", Pattern.MULTILINE);
    }

    private static double valueOr0(Pattern sample) throws Exception {
        HttpResponse<String> response = RawHttp.get(ISSUER + "/actuator/prometheus", "text/plain");
        assertThat(response.statusCode()).isEqualTo(200);
        Matcher matcher = sample.matcher(response.body());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
