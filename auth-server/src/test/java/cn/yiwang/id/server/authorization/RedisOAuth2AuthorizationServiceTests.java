package cn.yiwang.id.server.authorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import cn.yiwang.id.server.session.SsoAuthentication;
import cn.yiwang.id.server.session.SsoSession;
import cn.yiwang.id.testsupport.LocalInfrastructure;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import tools.jackson.databind.json.JsonMapper;

/** {@link RedisOAuth2AuthorizationService} against the real Redis. */
class RedisOAuth2AuthorizationServiceTests {

    private static final OAuth2TokenType STATE = new OAuth2TokenType(OAuth2ParameterNames.STATE);

    private static final OAuth2TokenType CODE = new OAuth2TokenType(OAuth2ParameterNames.CODE);

    private static final OAuth2TokenType ID_TOKEN = new OAuth2TokenType(OidcParameterNames.ID_TOKEN);

    private static final OAuth2TokenType DEVICE_CODE = new OAuth2TokenType(OAuth2ParameterNames.DEVICE_CODE);

    private static final OAuth2TokenType USER_CODE = new OAuth2TokenType(OAuth2ParameterNames.USER_CODE);

    private static final RegisteredClient CLIENT = RegisteredClient.withId("rc-" + UUID.randomUUID())
            .clientId("redis-test-client")
            .clientSecret("{sha256}00$00")
            .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
            .redirectUri("https://rp.example.cn/callback")
            .scope("openid")
            .build();

    private static LettuceConnectionFactory connections;

    private static StringRedisTemplate redis;

    private final RedisOAuth2AuthorizationService service = new RedisOAuth2AuthorizationService(
            redis,
            new AuthorizationCodec(JsonMapper.builder().build()),
            new InMemoryRegisteredClientRepository(CLIENT),
            Clock.systemUTC());

    /** Unique per test, so runs in parallel builds never meet. */
    private final String id = "authz-" + UUID.randomUUID();

    private final String suffix = UUID.randomUUID().toString();

    private final List<String> written = new ArrayList<>();

    @BeforeAll
    static void connect() {
        LocalInfrastructure.ensureAvailable();
        connections = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration(LocalInfrastructure.redisHost(), LocalInfrastructure.redisPort()));
        connections.afterPropertiesSet();
        connections.start();
        redis = new StringRedisTemplate(connections);
    }

    @AfterAll
    static void disconnect() {
        connections.destroy();
    }

    @AfterEach
    void cleanUp() {
        this.written.addAll(keysOf(this.id));
        if (!this.written.isEmpty()) {
            redis.delete(this.written);
        }
    }

    @Test
    void findByIdWhenSavedThenFound() {
        OAuth2Authorization authorization = withAllTokens("refresh_token-" + this.suffix);

        this.service.save(authorization);

        OAuth2Authorization found = this.service.findById(this.id);
        assertThat(found).isNotNull();
        assertThat(found.getId()).isEqualTo(this.id);
        // read by id, a token is known by its digest and its times; never its value
        assertThat(found.getAccessToken().getToken().getTokenValue()).startsWith("#");
        assertThat(found.getAccessToken().getToken().getExpiresAt())
                .isEqualTo(authorization.getAccessToken().getToken().getExpiresAt());
        assertThat(this.service.findById("authz-" + UUID.randomUUID())).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"state", "code", "access_token", "refresh_token", "id_token"})
    void findByTokenWhenSavedThenFoundWithAndWithoutTokenType(String kind) {
        this.service.save(withAllTokens("refresh_token-" + this.suffix));
        String value = kind + "-" + this.suffix;
        OAuth2TokenType type = switch (kind) {
            case "state" -> STATE;
            case "code" -> CODE;
            case "access_token" -> OAuth2TokenType.ACCESS_TOKEN;
            case "refresh_token" -> OAuth2TokenType.REFRESH_TOKEN;
            default -> ID_TOKEN;
        };

        assertThat(this.service.findByToken(value, type))
                .extracting(OAuth2Authorization::getId)
                .isEqualTo(this.id);
        assertThat(this.service.findByToken(value, null))
                .extracting(OAuth2Authorization::getId)
                .isEqualTo(this.id);
        assertThat(this.service.findByToken(value + "-other", type)).isNull();
    }

    @Test
    void findByTokenWhenTypeDoesNotMatchThenNull() {
        this.service.save(withAllTokens("refresh_token-" + this.suffix));

        assertThat(this.service.findByToken("access_token-" + this.suffix, OAuth2TokenType.REFRESH_TOKEN))
                .isNull();
        assertThat(this.service.findByToken("refresh_token-" + this.suffix, OAuth2TokenType.ACCESS_TOKEN))
                .isNull();
        assertThat(this.service.findByToken("code-" + this.suffix, STATE)).isNull();
    }

    @Test
    void findByTokenWhenRefreshTokenRotatedThenOldRefreshTokenNotFound() {
        String oldRefresh = "refresh_token-" + this.suffix;
        String newRefresh = "refresh_token-new-" + this.suffix;
        this.service.save(withAllTokens(oldRefresh));
        this.written.addAll(keysOf(this.id));

        this.service.save(withAllTokens(newRefresh));

        assertThat(this.service.findByToken(oldRefresh, OAuth2TokenType.REFRESH_TOKEN))
                .isNull();
        assertThat(this.service.findByToken(oldRefresh, null)).isNull();
        assertThat(this.service.findByToken(newRefresh, OAuth2TokenType.REFRESH_TOKEN))
                .extracting(OAuth2Authorization::getId)
                .isEqualTo(this.id);
    }

    @Test
    void removeWhenSavedThenMainAndIndexKeysDeleted() {
        OAuth2Authorization authorization = withAllTokens("refresh_token-" + this.suffix);
        this.service.save(authorization);
        List<String> keys = keysOf(this.id);
        // the authorization itself, its pending request, and an index for its state and each of its four tokens
        assertThat(keys).hasSize(7);

        this.service.remove(authorization);

        assertThat(redis.countExistingKeys(keys)).isZero();
        assertThat(this.service.findById(this.id)).isNull();
        assertThat(this.service.findByToken("access_token-" + this.suffix, null))
                .isNull();
    }

    @Test
    void saveWhenTokensIssuedThenEveryKeyExpiresWithTheLongestToken() {
        this.service.save(withAllTokens("refresh_token-" + this.suffix));

        List<String> keys = keysOf(this.id);
        assertThat(keys).hasSize(7);
        // the code, its request and the state go with the code (two minutes); the rest with the tokens
        keys.removeIf((key) ->
                key.startsWith("yid:authz:c:") || key.startsWith("yid:authz:q:") || key.startsWith("yid:authz:s:"));
        assertThat(keys).hasSize(4);
        for (String key : keys) {
            Long ttl = redis.getExpire(key, TimeUnit.SECONDS);
            // the refresh token lives 8 hours and is the longest-lived token
            assertThat(ttl)
                    .as("TTL of %s", key)
                    .isGreaterThan(0)
                    .isLessThanOrEqualTo(Duration.ofHours(8).toSeconds())
                    .isGreaterThan(Duration.ofHours(8).minusMinutes(1).toSeconds());
        }
    }

    @Test
    void saveWhenNoTokensYetThenKeysExpireWithinTenMinutes() {
        OAuth2Authorization pending = OAuth2Authorization.withRegisteredClient(CLIENT)
                .id(this.id)
                .principalName("account-42")
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .attribute(OAuth2ParameterNames.STATE, "state-" + this.suffix)
                .build();

        this.service.save(pending);

        List<String> keys = keysOf(this.id);
        // the authorization, its state and its pending request
        assertThat(keys).hasSize(3);
        for (String key : keys) {
            assertThat(redis.getExpire(key, TimeUnit.SECONDS))
                    .as("TTL of %s", key)
                    .isGreaterThan(0)
                    .isLessThanOrEqualTo(Duration.ofMinutes(10).toSeconds());
        }
        assertThat(this.service.findByToken("state-" + this.suffix, STATE)).isNotNull();
    }

    @Test
    void findByIdWhenSavedAgainThenIndexesStillFindTheTokens() {
        OAuth2Authorization saved = withAllTokens("refresh_token-" + this.suffix);
        this.service.save(saved);

        OAuth2Authorization readBack = this.service.findById(this.id);
        this.service.save(OAuth2Authorization.from(readBack).build());

        assertThat(readBack.getAccessToken().getToken().getTokenValue()).doesNotContain(this.suffix);
        assertThat(this.service.findByToken("access_token-" + this.suffix, OAuth2TokenType.ACCESS_TOKEN))
                .isNotNull()
                .satisfies((found) -> assertThat(found.getToken("access_token-" + this.suffix))
                        .isNotNull());
        assertThat(this.service.findByToken("refresh_token-" + this.suffix, null))
                .isNotNull();
        this.service.remove(readBack);
        assertThat(keysOf(this.id))
                .as("removed through the digests the record holds")
                .allMatch((key) -> key.startsWith("yid:authz:c:") || key.startsWith("yid:authz:s:"));
    }

    @Test
    void findByTokenWhenDeviceAuthorizationSavedThenFoundByDeviceCodeAndUserCode() {
        this.service.save(deviceAuthorization(Instant.now().plus(Duration.ofMinutes(10))));

        assertThat(this.service.findByToken("device-" + this.suffix, DEVICE_CODE))
                .extracting(OAuth2Authorization::getId)
                .isEqualTo(this.id);
        assertThat(this.service.findByToken(userCode(), USER_CODE))
                .extracting(OAuth2Authorization::getId)
                .isEqualTo(this.id);
        assertThat(this.service.findByToken(userCode(), DEVICE_CODE)).isNull();
        // the authorization, its device code index and its user code index
        assertThat(keysOf(this.id)).hasSize(3);
    }

    @Test
    void saveWhenDeviceCodeUnredeemedThenKeptPastItsExpirySoLatePollsHearExpiredToken() {
        this.service.save(deviceAuthorization(Instant.now().plus(Duration.ofMinutes(5))));

        for (String key : keysOf(this.id)) {
            assertThat(redis.getExpire(key, TimeUnit.SECONDS))
                    .as("TTL of %s: five minutes of device code and the grace", key)
                    .isGreaterThan(Duration.ofMinutes(5)
                            .plus(RedisOAuth2AuthorizationService.EXPIRED_DEVICE_CODE_GRACE)
                            .minusSeconds(30)
                            .toSeconds())
                    .isLessThanOrEqualTo(Duration.ofMinutes(5)
                            .plus(RedisOAuth2AuthorizationService.EXPIRED_DEVICE_CODE_GRACE)
                            .toSeconds());
        }
    }

    @Test
    void saveWhenDeviceCodeRedeemedThenExpiresWithTheTokensNotTheGrace() {
        Instant now = Instant.now();
        OAuth2Authorization redeemed = OAuth2Authorization.from(deviceAuthorization(now.plus(Duration.ofMinutes(5))))
                .accessToken(new OAuth2AccessToken(
                        OAuth2AccessToken.TokenType.BEARER,
                        "access_token-" + this.suffix,
                        now,
                        now.plus(Duration.ofMinutes(3)),
                        Set.of("profile")))
                .build();

        this.service.save(redeemed);

        for (String key : keysOf(this.id)) {
            assertThat(redis.getExpire(key, TimeUnit.SECONDS))
                    .as("TTL of %s", key)
                    .isLessThanOrEqualTo(Duration.ofMinutes(5).toSeconds());
        }
    }

    private OAuth2Authorization deviceAuthorization(Instant expiresAt) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return OAuth2Authorization.withRegisteredClient(CLIENT)
                .id(this.id)
                .principalName("redis-test-client")
                .authorizationGrantType(AuthorizationGrantType.DEVICE_CODE)
                .token(new OAuth2DeviceCode("device-" + this.suffix, now, expiresAt))
                .token(new OAuth2UserCode(userCode(), now, expiresAt))
                .attribute(OAuth2ParameterNames.SCOPE, Set.of("profile"))
                .build();
    }

    /** A user code per test (they are short; the suffix keeps parallel runs apart). */
    private String userCode() {
        return "U-" + this.suffix;
    }

    @Test
    void saveWhenTheSessionEndedMeanwhileThenNothingStaysAndTheGrantIsRefused() {
        // a refresh read the authorization, then its session ended (logout) and removed it; the refresh now saves
        Set<String> live = new HashSet<>(Set.of("sid-live"));
        this.service.setLiveSessions(live::contains);
        OAuth2Authorization inLiveSession = inSession(withAllTokens("refresh_token-" + this.suffix), "sid-live");
        this.service.save(inLiveSession);
        assertThat(this.service.findById(this.id)).isNotNull();

        live.clear();
        String rotated = "refresh_token-rotated-" + this.suffix;
        assertThatExceptionOfType(OAuth2AuthenticationException.class)
                .isThrownBy(() -> this.service.save(inSession(withAllTokens(rotated), "sid-live")))
                .satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_grant"));

        assertThat(this.service.findById(this.id)).isNull();
        assertThat(this.service.findByToken(rotated, OAuth2TokenType.REFRESH_TOKEN))
                .isNull();
        assertThat(this.service.findByToken("access_token-" + this.suffix, OAuth2TokenType.ACCESS_TOKEN))
                .isNull();
    }

    private static OAuth2Authorization inSession(OAuth2Authorization authorization, String sid) {
        SsoSession session = new SsoSession(
                sid,
                "account-42",
                Instant.now(),
                List.of("pwd"),
                "loa1",
                Instant.now().plus(Duration.ofHours(8)));
        return OAuth2Authorization.from(authorization)
                .attribute(Principal.class.getName(), new SsoAuthentication(session))
                .build();
    }

    private OAuth2Authorization withAllTokens(String refreshToken) {
        // the codec keeps milliseconds, as much as token expiry checks need
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant accessExpiry = now.plus(Duration.ofMinutes(10));
        Map<String, Object> idClaims = Map.of(
                "iss",
                "https://id.example.cn",
                "sub",
                "account-42",
                "aud",
                List.of("redis-test-client"),
                "iat",
                now,
                "exp",
                accessExpiry);
        return OAuth2Authorization.withRegisteredClient(CLIENT)
                .id(this.id)
                .principalName("account-42")
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizedScopes(Set.of("openid"))
                .attribute(OAuth2ParameterNames.STATE, "state-" + this.suffix)
                .token(
                        new OAuth2AuthorizationCode("code-" + this.suffix, now, now.plus(Duration.ofMinutes(2))),
                        (metadata) -> metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, true))
                .accessToken(new OAuth2AccessToken(
                        OAuth2AccessToken.TokenType.BEARER,
                        "access_token-" + this.suffix,
                        now,
                        accessExpiry,
                        Set.of("openid")))
                .refreshToken(new OAuth2RefreshToken(refreshToken, now, now.plus(Duration.ofHours(8))))
                .token(
                        new OidcIdToken("id_token-" + this.suffix, now, accessExpiry, idClaims),
                        (metadata) -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, idClaims))
                .build();
    }

    /** The keys belonging to one authorization: its own (named after its id) and the indexes pointing at it. */
    private static List<String> keysOf(String id) {
        List<String> keys = new ArrayList<>();
        for (String key : redis.keys("yid:authz:*")) {
            if (key.contains(id) || id.equals(redis.opsForValue().get(key))) {
                keys.add(key);
            }
        }
        return keys;
    }
}
