package cn.yiwang.id.server.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.server.session.SsoAuthentication;
import cn.yiwang.id.server.session.SsoSession;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import tools.jackson.databind.json.JsonMapper;

/** Round trips of {@link OAuth2Authorization} through the compact record of {@link AuthorizationCodec}. */
class AuthorizationCodecTests {

    private static final Instant NOW = Instant.parse("2026-05-01T08:00:00.123Z");

    private static final Instant NOW_SECONDS = Instant.parse("2026-05-01T08:00:00Z");

    // registered client id and client_id differ, so the lookup proves which one the codec stores
    private static final RegisteredClient CLIENT = RegisteredClient.withId("rc-7f3a")
            .clientId("demo-web")
            .clientSecret("{sha256}00$00")
            .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
            .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
            .redirectUri("https://rp.example.cn/callback")
            .scope("openid")
            .scope("profile")
            .build();

    private static final Function<String, RegisteredClient> CLIENTS =
            (id) -> CLIENT.getId().equals(id) ? CLIENT : null;

    private static final SsoSession SESSION = new SsoSession(
            "sid-1",
            "account-42",
            Instant.parse("2026-05-01T07:55:00Z"),
            List.of("pwd", "otp"),
            "loa2",
            Instant.parse("2026-05-01T15:55:00Z"));

    private final AuthorizationCodec codec =
            new AuthorizationCodec(JsonMapper.builder().build());

    @Test
    void decodeWhenCodeIssuedThenStateRequestPrincipalAndCodeSurvive() {
        OAuth2Authorization original = withCode().build();

        OAuth2Authorization decoded = roundTrip(original, new AuthorizationCodec.Presented(TokenKind.CODE, "code-1"));

        assertThat(decoded.getId()).isEqualTo("authz-1");
        assertThat(decoded.getRegisteredClientId()).isEqualTo("rc-7f3a");
        assertThat(decoded.getPrincipalName()).isEqualTo("account-42");
        assertThat(decoded.getAuthorizationGrantType()).isEqualTo(AuthorizationGrantType.AUTHORIZATION_CODE);
        assertThat(decoded.getAuthorizedScopes()).containsExactlyInAnyOrder("openid", "profile");
        assertThat((String) decoded.getAttribute(OAuth2ParameterNames.STATE)).isEqualTo("state-1");

        OAuth2AuthorizationRequest request = decoded.getAttribute(OAuth2AuthorizationRequest.class.getName());
        OAuth2AuthorizationRequest expected = original.getAttribute(OAuth2AuthorizationRequest.class.getName());
        assertThat(request).isNotNull();
        assertThat(request.getGrantType()).isEqualTo(AuthorizationGrantType.AUTHORIZATION_CODE);
        assertThat(request.getResponseType()).isEqualTo(expected.getResponseType());
        assertThat(request.getAuthorizationUri()).isEqualTo(expected.getAuthorizationUri());
        assertThat(request.getClientId()).isEqualTo("demo-web");
        assertThat(request.getRedirectUri()).isEqualTo("https://rp.example.cn/callback");
        assertThat(request.getState()).isEqualTo("rp-state");
        assertThat(request.getScopes()).containsExactlyInAnyOrder("openid", "profile");
        assertThat(request.getAuthorizationRequestUri()).isEqualTo(expected.getAuthorizationRequestUri());
        assertThat(request.getAdditionalParameters())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "nonce",
                        "n-0S6",
                        "code_challenge",
                        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                        "code_challenge_method",
                        "S256"));

        Object principal = decoded.getAttribute(Principal.class.getName());
        assertThat(principal).isInstanceOf(SsoAuthentication.class);
        SsoAuthentication sso = (SsoAuthentication) principal;
        assertThat(sso.getSession()).isEqualTo(SESSION);
        assertThat(sso.isAuthenticated()).isTrue();
        assertThat(sso.getName()).isEqualTo("account-42");

        assertThat(decoded.getToken(OAuth2AuthorizationCode.class))
                .isEqualTo(original.getToken(OAuth2AuthorizationCode.class));
        assertThat(decoded.getToken("code-1")).isNotNull();
        assertThat(decoded.getToken(OAuth2AuthorizationCode.class).isInvalidated())
                .isFalse();
    }

    @Test
    void decodeWhenReadByIdThenTokensAreDigestsWithTimesAndTheIdTokenSaysTheSession() {
        OAuth2Authorization original =
                withTokens(OAuth2AccessToken.TokenType.BEARER, Map.of()).build();

        OAuth2Authorization decoded = roundTrip(original, null);

        OAuth2Authorization.Token<OAuth2AccessToken> access = decoded.getToken(OAuth2AccessToken.class);
        assertThat(access.getToken().getTokenValue()).startsWith("#").doesNotContain("access-1");
        assertThat(access.getToken().getIssuedAt()).isEqualTo(NOW_SECONDS);
        assertThat(access.getToken().getExpiresAt()).isEqualTo(NOW_SECONDS.plus(Duration.ofMinutes(10)));
        assertThat(access.getToken().getTokenType()).isEqualTo(OAuth2AccessToken.TokenType.BEARER);
        assertThat(access.getToken().getScopes()).containsExactlyInAnyOrder("openid", "profile");
        assertThat(decoded.getRefreshToken().getToken().getExpiresAt())
                .isEqualTo(original.getRefreshToken().getToken().getExpiresAt());
        OidcIdToken idToken = decoded.getToken(OidcIdToken.class).getToken();
        assertThat(idToken.getClaims())
                .containsOnlyKeys("sid", "auth_time")
                .containsEntry("sid", "sid-1")
                .containsEntry("auth_time", SESSION.authTime());
        assertThat(decoded.getToken(OAuth2AuthorizationCode.class).isInvalidated())
                .isTrue();

        // read back by id and saved again, the same digests are written
        assertThat(this.codec.encode(decoded).record())
                .isEqualTo(this.codec.encode(original).record());
    }

    @Test
    void decodeWhenTokenPresentedThenItsValueAndTheClaimsItCarriesComeBack() {
        String jwt = jwt(Map.of("sub", "account-42", "iat", NOW_SECONDS.getEpochSecond(), "scope", "openid profile"));
        OAuth2Authorization original = withTokens(OAuth2AccessToken.TokenType.BEARER, Map.of())
                .token(
                        new OAuth2AccessToken(
                                OAuth2AccessToken.TokenType.BEARER,
                                jwt,
                                NOW_SECONDS,
                                NOW_SECONDS.plus(Duration.ofMinutes(10)),
                                Set.of("openid", "profile")),
                        (metadata) -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, Map.of("sub", "x")))
                .build();

        OAuth2Authorization decoded = roundTrip(original, new AuthorizationCodec.Presented(TokenKind.ACCESS, jwt));

        assertThat(decoded.getToken(jwt)).isNotNull();
        assertThat(decoded.getAccessToken().getClaims())
                .containsEntry("sub", "account-42")
                .containsEntry("iat", NOW_SECONDS)
                .containsEntry("scope", "openid profile");
        assertThat(roundTrip(original, new AuthorizationCodec.Presented(TokenKind.ACCESS, jwt + "x"))
                        .getToken(jwt + "x"))
                .as("another value is not put back")
                .isNull();
    }

    @Test
    void encodeWhenTokensIssuedThenRecordHoldsNoTokenNorClaimsAndIsSmall() {
        String jwt = jwt(Map.of("sub", "account-42", "nonce", "n-0S6"));
        OAuth2Authorization original = withTokens(OAuth2AccessToken.TokenType.BEARER, Map.of())
                .token(
                        new OAuth2AccessToken(
                                OAuth2AccessToken.TokenType.BEARER,
                                jwt,
                                NOW_SECONDS,
                                NOW_SECONDS.plus(Duration.ofMinutes(10)),
                                Set.of("openid", "profile")),
                        (metadata) -> metadata.put(
                                OAuth2Authorization.Token.CLAIMS_METADATA_NAME, Map.of("sub", "account-42")))
                .build();

        AuthorizationCodec.Stored stored = this.codec.encode(original);

        String record = new String(stored.record(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(record)
                .doesNotContain("access-1")
                .doesNotContain("refresh-1")
                .doesNotContain("n-0S6");
        assertThat(stored.record().length).isLessThan(200);
        assertThat(stored.pending())
                .as("the request, kept while the code may be replayed")
                .isNotNull();
    }

    @Test
    void decodeWhenTokenInvalidatedThenInvalidatedMetadataSurvives() {
        OAuth2Authorization original = withTokens(OAuth2AccessToken.TokenType.BEARER, Map.of())
                .token(
                        new OAuth2RefreshToken("refresh-1", NOW, NOW.plus(Duration.ofHours(8))),
                        (metadata) -> metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, true))
                .build();

        OAuth2Authorization decoded = roundTrip(original, null);

        assertThat(decoded.getRefreshToken().isInvalidated()).isTrue();
        assertThat(decoded.getRefreshToken().getMetadata())
                .containsEntry(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, true);
        assertThat(decoded.getAccessToken().isInvalidated()).isFalse();
    }

    @Test
    void decodeWhenAgentActsForTheCitizenAndTokenWasExchangedThenActorDelegationParentAndActSurvive() {
        SsoSession acting = new SsoSession(
                "sid-2",
                "citizen-7",
                SESSION.authTime(),
                SESSION.amr(),
                SESSION.acr(),
                SESSION.expiresAt(),
                "agent-9",
                "delegation-3");
        Map<String, Object> act = Map.of("sub", "svc", "act", Map.of("sub", "agent-9", "role", "community_agent"));
        OAuth2Authorization original = withTokens(OAuth2AccessToken.TokenType.BEARER, Map.of("act", act))
                .attribute(Principal.class.getName(), new SsoAuthentication(acting))
                .attribute(AuthorizationLinks.PARENT, "authz-0")
                .build();

        OAuth2Authorization decoded = roundTrip(original, null);

        SsoAuthentication principal = decoded.getAttribute(Principal.class.getName());
        assertThat(principal.getSession()).isEqualTo(acting);
        assertThat(principal.getSession().isActing()).isTrue();
        assertThat((String) decoded.getAttribute(AuthorizationLinks.PARENT)).isEqualTo("authz-0");
        assertThat(decoded.getAccessToken().getClaims()).containsEntry("act", act);
    }

    @Test
    void decodeWhenDpopBoundAccessTokenThenTokenTypeAndConfirmationSurvive() {
        Map<String, Object> cnf = Map.of("cnf", Map.of("jkt", "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"));
        OAuth2Authorization original =
                withTokens(OAuth2AccessToken.TokenType.DPOP, cnf).build();

        OAuth2Authorization decoded = roundTrip(original, null);

        assertThat(decoded.getAccessToken().getToken().getTokenType()).isEqualTo(OAuth2AccessToken.TokenType.DPOP);
        assertThat(decoded.getAccessToken().getClaims()).containsEntry("cnf", cnf.get("cnf"));
    }

    @Test
    void decodeWhenDeviceAuthorizationPendingThenDeviceCodeUserCodeAndRequestedScopesSurvive() {
        OAuth2Authorization original = OAuth2Authorization.withRegisteredClient(CLIENT)
                .id("authz-device")
                .principalName("demo-web")
                .authorizationGrantType(AuthorizationGrantType.DEVICE_CODE)
                .token(new OAuth2DeviceCode("device-1", NOW, NOW.plus(Duration.ofMinutes(10))))
                .token(
                        new OAuth2UserCode("BCDF-GHJK", NOW, NOW.plus(Duration.ofMinutes(10))),
                        (metadata) -> metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, true))
                .attribute(OAuth2ParameterNames.SCOPE, Set.of("openid", "profile"))
                .build();

        OAuth2Authorization decoded =
                roundTrip(original, new AuthorizationCodec.Presented(TokenKind.DEVICE, "device-1"));

        assertThat(decoded.getAuthorizationGrantType()).isEqualTo(AuthorizationGrantType.DEVICE_CODE);
        assertThat(decoded.getToken(OAuth2DeviceCode.class).getToken())
                .isEqualTo(original.getToken(OAuth2DeviceCode.class).getToken());
        assertThat(decoded.getToken(OAuth2DeviceCode.class).isInvalidated()).isFalse();
        assertThat(decoded.getToken(OAuth2UserCode.class).getToken().getTokenValue())
                .as("not presented: known by its index only")
                .startsWith("#");
        assertThat(decoded.getToken(OAuth2UserCode.class).getToken().getExpiresAt())
                .isEqualTo(NOW.plus(Duration.ofMinutes(10)));
        assertThat(decoded.getToken(OAuth2UserCode.class).isInvalidated()).isTrue();
        assertThat(decoded.<Set<String>>getAttribute(OAuth2ParameterNames.SCOPE))
                .containsExactlyInAnyOrder("openid", "profile");
    }

    @Test
    void decodeWhenClientUnknownThenNull() {
        AuthorizationCodec.Stored stored = this.codec.encode(withCode().build());

        assertThat(this.codec.decode("authz-1", stored.record(), stored.pending(), (id) -> null, null))
                .isNull();
    }

    private OAuth2Authorization roundTrip(OAuth2Authorization original, AuthorizationCodec.Presented presented) {
        AuthorizationCodec.Stored stored = this.codec.encode(original);
        return this.codec.decode(original.getId(), stored.record(), stored.pending(), CLIENTS, presented);
    }

    private static String jwt(Map<String, Object> claims) {
        java.util.Base64.Encoder base64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String payload = JsonMapper.builder().build().writeValueAsString(claims);
        return base64.encodeToString("{\"alg\":\"RS256\"}".getBytes()) + "." + base64.encodeToString(payload.getBytes())
                + ".c2ln";
    }

    private static OAuth2Authorization.Builder withCode() {
        Map<String, Object> additional = new LinkedHashMap<>();
        additional.put("nonce", "n-0S6");
        additional.put("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        additional.put("code_challenge_method", "S256");
        OAuth2AuthorizationRequest request = OAuth2AuthorizationRequest.authorizationCode()
                .authorizationUri("https://id.example.cn/oauth2/authorize")
                .clientId("demo-web")
                .redirectUri("https://rp.example.cn/callback")
                .scopes(Set.of("openid", "profile"))
                .state("rp-state")
                .additionalParameters(additional)
                .authorizationRequestUri("https://id.example.cn/oauth2/authorize?response_type=code&client_id=demo-web"
                        + "&scope=openid%20profile&state=rp-state&nonce=n-0S6")
                .build();
        return OAuth2Authorization.withRegisteredClient(CLIENT)
                .id("authz-1")
                .principalName("account-42")
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizedScopes(Set.of("openid", "profile"))
                .attribute(OAuth2ParameterNames.STATE, "state-1")
                .attribute(OAuth2AuthorizationRequest.class.getName(), request)
                .attribute(Principal.class.getName(), new SsoAuthentication(SESSION))
                .token(new OAuth2AuthorizationCode("code-1", NOW, NOW.plus(Duration.ofMinutes(2))));
    }

    private static OAuth2Authorization.Builder withTokens(
            OAuth2AccessToken.TokenType tokenType, Map<String, Object> extraClaims) {
        Instant accessExpiry = NOW_SECONDS.plus(Duration.ofMinutes(10));
        Map<String, Object> accessClaims = new LinkedHashMap<>();
        accessClaims.put("iss", "https://id.example.cn");
        accessClaims.put("sub", "account-42");
        accessClaims.put("aud", List.of("demo-web", "api.example.cn"));
        accessClaims.put("iat", NOW_SECONDS);
        accessClaims.put("nbf", NOW_SECONDS);
        accessClaims.put("exp", accessExpiry);
        accessClaims.put("scope", Set.of("openid", "profile"));
        accessClaims.put("jti", "jti-1");
        accessClaims.putAll(extraClaims);
        Map<String, Object> idClaims = new LinkedHashMap<>();
        idClaims.put("iss", "https://id.example.cn");
        idClaims.put("sub", "account-42");
        idClaims.put("aud", List.of("demo-web"));
        idClaims.put("iat", NOW_SECONDS);
        idClaims.put("exp", accessExpiry);
        idClaims.put("auth_time", SESSION.authTime());
        idClaims.put("nonce", "n-0S6");
        idClaims.put("amr", List.of("pwd", "otp"));
        idClaims.put("acr", "loa2");
        idClaims.put("sid", "sid-1");
        return withCode()
                .token(
                        new OAuth2AuthorizationCode("code-1", NOW, NOW.plus(Duration.ofMinutes(2))),
                        (metadata) -> metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, true))
                .token(
                        new OAuth2AccessToken(
                                tokenType, "access-1", NOW_SECONDS, accessExpiry, Set.of("openid", "profile")),
                        (metadata) -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, accessClaims))
                .refreshToken(new OAuth2RefreshToken("refresh-1", NOW, NOW.plus(Duration.ofHours(8))))
                .token(
                        new OidcIdToken("id-1", NOW_SECONDS, accessExpiry, idClaims),
                        (metadata) -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, idClaims));
    }
}
