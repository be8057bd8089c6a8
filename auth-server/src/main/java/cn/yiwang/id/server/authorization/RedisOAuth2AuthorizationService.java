package cn.yiwang.id.server.authorization;

import cn.yiwang.id.server.session.SsoAuthentication;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Authorization state (codes, access, refresh and ID tokens, device and user codes, requests awaiting
 * consent) in Redis, so any node redeems what another issued. Each authorization is one JSON value that
 * expires with its longest-lived token (an unredeemed device code a little later); lookup indexes hold a
 * digest of each token value and the authorization id.
 */
public final class RedisOAuth2AuthorizationService implements OAuth2AuthorizationService {

    private static final String PREFIX = "yid:authz:";
    private static final Duration PENDING_TTL = Duration.ofMinutes(10);
    /**
     * How long an unredeemed device authorization outlives its device code, so a device that polls
     * late is told {@code expired_token} (RFC 8628 §3.5) rather than {@code invalid_grant}.
     */
    static final Duration EXPIRED_DEVICE_CODE_GRACE = Duration.ofMinutes(10);

    private static final String STATE_INDEX = "s";

    private final StringRedisTemplate redis;
    private final AuthorizationCodec codec;
    private final RegisteredClientRepository clients;
    private final Clock clock;
    private Predicate<String> delegations = (id) -> true;

    public RedisOAuth2AuthorizationService(
            StringRedisTemplate redis, AuthorizationCodec codec, RegisteredClientRepository clients, Clock clock) {
        this.redis = redis;
        this.codec = codec;
        this.clients = clients;
        this.clock = clock;
    }

    /** Tells whether a delegation an authorization was issued under is still in force (set once at start-up). */
    public void setDelegations(Predicate<String> delegations) {
        this.delegations = delegations;
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        String value = this.codec.encode(authorization);
        long ttlMillis = ttl(authorization).toMillis();
        List<String> indexKeys = indexKeys(authorization);
        String id = authorization.getId();
        this.redis.executePipelined(new SessionCallback<Object>() {
            @Override
            @SuppressWarnings({"unchecked", "rawtypes"})
            public Object execute(RedisOperations operations) throws DataAccessException {
                operations.opsForValue().set(mainKey(id), value, ttlMillis, TimeUnit.MILLISECONDS);
                for (String indexKey : indexKeys) {
                    operations.opsForValue().set(indexKey, id, ttlMillis, TimeUnit.MILLISECONDS);
                }
                return null;
            }
        });
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        List<String> keys = new ArrayList<>(indexKeys(authorization));
        keys.add(mainKey(authorization.getId()));
        this.redis.delete(keys);
    }

    @Override
    public OAuth2Authorization findById(String id) {
        return linksChecked(load(id), 0);
    }

    private OAuth2Authorization load(String id) {
        String value = this.redis.opsForValue().get(mainKey(id));
        return (value != null) ? this.codec.decode(value, this.clients::findById) : null;
    }

    /** The authorization as it stands, or with its tokens invalidated when what it lives on has ended. */
    private OAuth2Authorization linksChecked(OAuth2Authorization authorization, int depth) {
        if (authorization == null) {
            return null;
        }
        boolean ended = false;
        String parentId = authorization.getAttribute(AuthorizationLinks.PARENT);
        if (parentId != null) {
            OAuth2Authorization parent =
                    (depth < AuthorizationLinks.MAX_CHAIN) ? linksChecked(load(parentId), depth + 1) : null;
            ended = parent == null
                    || parent.getAccessToken() == null
                    || parent.getAccessToken().isInvalidated();
        }
        if (!ended
                && authorization.getAttribute(Principal.class.getName()) instanceof SsoAuthentication sso
                && sso.getSession().isActing()) {
            ended = !this.delegations.test(sso.getSession().delegationId());
        }
        return ended ? invalidated(authorization) : authorization;
    }

    private static OAuth2Authorization invalidated(OAuth2Authorization authorization) {
        OAuth2Authorization.Builder builder = OAuth2Authorization.from(authorization);
        if (authorization.getAccessToken() != null) {
            builder.invalidate(authorization.getAccessToken().getToken());
        }
        if (authorization.getRefreshToken() != null) {
            builder.invalidate(authorization.getRefreshToken().getToken());
        }
        return builder.build();
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        if (token == null || token.isEmpty() || token.length() > 8192) {
            return null;
        }
        List<String> candidates = new ArrayList<>();
        if (tokenType == null) {
            candidates.add(indexKey(STATE_INDEX, token));
            for (TokenKind kind : TokenKind.values()) {
                candidates.add(indexKey(kind.code, token));
            }
        } else if (OAuth2ParameterNames.STATE.equals(tokenType.getValue())) {
            candidates.add(indexKey(STATE_INDEX, token));
        } else {
            for (TokenKind kind : TokenKind.values()) {
                if (kind.typeName.equals(tokenType.getValue())) {
                    candidates.add(indexKey(kind.code, token));
                }
            }
        }
        if (candidates.isEmpty()) {
            return null;
        }
        List<String> ids = this.redis.opsForValue().multiGet(candidates);
        if (ids == null) {
            return null;
        }
        for (String id : ids) {
            if (id != null) {
                OAuth2Authorization authorization = findById(id);
                if (authorization != null && holds(authorization, token, tokenType)) {
                    return authorization;
                }
            }
        }
        return null;
    }

    /**
     * The authorization that once held this refresh token and has since rotated it away (RFC 9700 §4.14.2: its
     * reuse means the token was stolen). The index of a rotated refresh token outlives the rotation, with the TTL
     * the authorization had when the token was current, so it answers exactly while the token could be replayed.
     * @param refreshToken the presented refresh token
     * @return the authorization, or {@code null} when the token is current, unknown or expired
     */
    public OAuth2Authorization findByRotatedRefreshToken(String refreshToken) {
        if (refreshToken == null || refreshToken.isEmpty() || refreshToken.length() > 8192) {
            return null;
        }
        String id = this.redis.opsForValue().get(indexKey(TokenKind.REFRESH.code, refreshToken));
        OAuth2Authorization authorization = (id != null) ? load(id) : null;
        if (authorization == null || authorization.getRefreshToken() == null) {
            return null;
        }
        return authorization.getRefreshToken().getToken().getTokenValue().equals(refreshToken) ? null : authorization;
    }

    /** An index may outlive a rotated token; only the token the authorization still holds counts. */
    private static boolean holds(OAuth2Authorization authorization, String token, OAuth2TokenType tokenType) {
        boolean stateMatches = token.equals(authorization.getAttribute(OAuth2ParameterNames.STATE));
        if (tokenType != null && OAuth2ParameterNames.STATE.equals(tokenType.getValue())) {
            return stateMatches;
        }
        return stateMatches || authorization.getToken(token) != null;
    }

    private Duration ttl(OAuth2Authorization authorization) {
        Instant now = this.clock.instant();
        Instant latest = null;
        for (TokenKind kind : TokenKind.values()) {
            OAuth2Authorization.Token<? extends OAuth2Token> token = authorization.getToken(kind.type);
            if (token != null
                    && token.getToken().getExpiresAt() != null
                    && (latest == null || token.getToken().getExpiresAt().isAfter(latest))) {
                latest = token.getToken().getExpiresAt();
            }
        }
        if (latest == null) {
            return PENDING_TTL;
        }
        OAuth2Authorization.Token<OAuth2DeviceCode> deviceCode = authorization.getToken(OAuth2DeviceCode.class);
        if (deviceCode != null && authorization.getAccessToken() == null) {
            Instant answerable = deviceCode.getToken().getExpiresAt().plus(EXPIRED_DEVICE_CODE_GRACE);
            latest = answerable.isAfter(latest) ? answerable : latest;
        }
        Duration remaining = Duration.between(now, latest);
        return remaining.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : remaining;
    }

    private static List<String> indexKeys(OAuth2Authorization authorization) {
        List<String> keys = new ArrayList<>(5);
        String state = authorization.getAttribute(OAuth2ParameterNames.STATE);
        if (state != null) {
            keys.add(indexKey(STATE_INDEX, state));
        }
        for (TokenKind kind : TokenKind.values()) {
            OAuth2Authorization.Token<? extends OAuth2Token> token = authorization.getToken(kind.type);
            if (token != null) {
                keys.add(indexKey(kind.code, token.getToken().getTokenValue()));
            }
        }
        return keys;
    }

    private static String mainKey(String id) {
        return PREFIX + "{" + id + "}";
    }

    private static String indexKey(String kind, String tokenValue) {
        return PREFIX + kind + ":" + digest(tokenValue);
    }

    private static String digest(String value) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
