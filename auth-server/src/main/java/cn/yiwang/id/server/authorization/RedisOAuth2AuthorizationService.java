package cn.yiwang.id.server.authorization;

import cn.yiwang.id.server.session.SsoAuthentication;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.types.Expiration;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Authorization state (codes, access, refresh and ID tokens, device and user codes, requests awaiting
 * consent) in Redis, so any node redeems what another issued. Each authorization is one compact record that
 * expires with its longest-lived token (an unredeemed device code a little later) and holds digests of its tokens,
 * never the tokens; its authorization request sits beside it only as long as its code lives. Lookup indexes map a
 * token's digest to the authorization id.
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
    private Predicate<String> liveSessions = (sid) -> true;

    public RedisOAuth2AuthorizationService(
            StringRedisTemplate redis, AuthorizationCodec codec, RegisteredClientRepository clients, Clock clock) {
        this.redis = redis;
        this.codec = codec;
        this.clients = clients;
        this.clock = clock;
    }

    /**
     * Tells whether an SSO session is still live (set once at start-up): tokens are never left saved in a session
     * that has ended.
     */
    public void setLiveSessions(Predicate<String> liveSessions) {
        this.liveSessions = liveSessions;
    }

    /** Tells whether a delegation an authorization was issued under is still in force (set once at start-up). */
    public void setDelegations(Predicate<String> delegations) {
        this.delegations = delegations;
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        AuthorizationCodec.Stored stored = this.codec.encode(authorization);
        Duration ttl = ttl(authorization);
        Duration pendingTtl = pendingTtl(authorization, ttl);
        Map<String, Duration> indexKeys = indexKeys(authorization, ttl);
        byte[] id = idBytes(authorization.getId());
        this.redis.executePipelined((RedisCallback<Object>) (connection) -> {
            connection
                    .stringCommands()
                    .set(bytes(mainKey(authorization.getId())), stored.record(), expiration(ttl), SetOption.upsert());
            if (stored.pending() != null && pendingTtl != null) {
                connection
                        .stringCommands()
                        .set(
                                bytes(pendingKey(authorization.getId())),
                                stored.pending(),
                                expiration(pendingTtl),
                                SetOption.upsert());
            }
            indexKeys.forEach((key, keyTtl) ->
                    connection.stringCommands().set(bytes(key), id, expiration(keyTtl), SetOption.upsert()));
            return null;
        });
        // Written first, checked after: a session that ends (logout, timeout, cap, an administrator) deletes its key
        // before it removes its authorizations, so a refresh that read the authorization before the end and saves
        // it after the removal finds the session gone here, and takes back what it wrote.
        // Only where tokens are issued: a code saved into a session that ends meanwhile is refused at its exchange.
        if (authorization.getAccessToken() != null
                && authorization.getAttribute(Principal.class.getName()) instanceof SsoAuthentication sso
                && !this.liveSessions.test(sso.getSession().sid())) {
            remove(authorization);
            throw new OAuth2AuthenticationException(
                    new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, "The sign-in session has ended", null));
        }
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        List<String> keys =
                new ArrayList<>(indexKeys(authorization, Duration.ZERO).keySet());
        keys.add(mainKey(authorization.getId()));
        keys.add(pendingKey(authorization.getId()));
        this.redis.delete(keys);
    }

    @Override
    public OAuth2Authorization findById(String id) {
        return linksChecked(find(id, null), 0);
    }

    private OAuth2Authorization find(String id, AuthorizationCodec.Presented presented) {
        List<byte[]> values = this.redis.execute((RedisCallback<List<byte[]>>)
                (connection) -> connection.stringCommands().mGet(bytes(mainKey(id)), bytes(pendingKey(id))));
        if (values == null || values.isEmpty() || values.get(0) == null) {
            return null;
        }
        return this.codec.decode(id, values.get(0), values.get(1), this.clients::findById, presented);
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
                    (depth < AuthorizationLinks.MAX_CHAIN) ? linksChecked(find(parentId, null), depth + 1) : null;
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
        if (token == null || token.isEmpty() || token.length() > 8192 || TokenDigests.isPlaceholder(token)) {
            return null;
        }
        List<TokenKind> kinds = new ArrayList<>();
        boolean state = false;
        if (tokenType == null) {
            state = true;
            kinds.addAll(List.of(TokenKind.values()));
        } else if (OAuth2ParameterNames.STATE.equals(tokenType.getValue())) {
            state = true;
        } else {
            for (TokenKind kind : TokenKind.values()) {
                if (kind.typeName.equals(tokenType.getValue())) {
                    kinds.add(kind);
                }
            }
        }
        List<String> candidates = new ArrayList<>();
        String digest = TokenDigests.text(TokenDigests.of(token));
        if (state) {
            candidates.add(PREFIX + STATE_INDEX + ":" + digest);
        }
        kinds.forEach((kind) -> candidates.add(PREFIX + kind.code + ":" + digest));
        if (candidates.isEmpty()) {
            return null;
        }
        List<String> ids = ids(candidates);
        for (int i = 0; i < ids.size(); i++) {
            if (ids.get(i) == null) {
                continue;
            }
            TokenKind kind = (state && i == 0) ? null : kinds.get(state ? i - 1 : i);
            OAuth2Authorization authorization = linksChecked(
                    find(ids.get(i), (kind != null) ? new AuthorizationCodec.Presented(kind, token) : null), 0);
            if (authorization != null && holds(authorization, token, kind)) {
                return authorization;
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
        if (TokenDigests.isPlaceholder(refreshToken)) {
            return null;
        }
        String id = ids(List.of(indexKey(TokenKind.REFRESH.code, refreshToken))).get(0);
        OAuth2Authorization authorization =
                (id != null) ? find(id, new AuthorizationCodec.Presented(TokenKind.REFRESH, refreshToken)) : null;
        if (authorization == null || authorization.getRefreshToken() == null) {
            return null;
        }
        return authorization.getRefreshToken().getToken().getTokenValue().equals(refreshToken) ? null : authorization;
    }

    /**
     * An index may outlive a rotated token; only the token the authorization still holds counts (the codec puts the
     * presented value back only into the token whose digest matches).
     */
    private static boolean holds(OAuth2Authorization authorization, String token, TokenKind kind) {
        if (kind == null) {
            return token.equals(authorization.getAttribute(OAuth2ParameterNames.STATE));
        }
        OAuth2Authorization.Token<? extends OAuth2Token> held = authorization.getToken(kind.type);
        return held != null && held.getToken().getTokenValue().equals(token);
    }

    /**
     * The authorization request and state are needed until the code is redeemed, and while a replay of the redeemed
     * code must still be recognised (RFC 6749 §4.1.2): as long as the code lives. Null when they need not be kept.
     */
    private Duration pendingTtl(OAuth2Authorization authorization, Duration ttl) {
        OAuth2Authorization.Token<OAuth2AuthorizationCode> code = authorization.getToken(OAuth2AuthorizationCode.class);
        if (code == null) {
            return (authorization.getAccessToken() == null) ? ttl : null;
        }
        Instant expiresAt = code.getToken().getExpiresAt();
        if (expiresAt == null) {
            return ttl;
        }
        Duration remaining = Duration.between(this.clock.instant(), expiresAt);
        return remaining.isNegative() || remaining.isZero() ? null : min(remaining, ttl);
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

    /**
     * The index keys of the tokens whose values are known (not read back by id), with their TTLs: a code's index lives
     * as long as the code, so that a replay is recognised, and then goes; the others live as long as the authorization.
     */
    private Map<String, Duration> indexKeys(OAuth2Authorization authorization, Duration ttl) {
        Map<String, Duration> keys = new LinkedHashMap<>();
        String state = authorization.getAttribute(OAuth2ParameterNames.STATE);
        if (state != null) {
            keys.put(indexKey(STATE_INDEX, state), min(ttl, PENDING_TTL));
        }
        for (TokenKind kind : TokenKind.values()) {
            OAuth2Authorization.Token<? extends OAuth2Token> token = authorization.getToken(kind.type);
            if (token == null
                    || (!kind.rotates
                            && TokenDigests.isPlaceholder(token.getToken().getTokenValue()))) {
                // read back by id: a code, device or user code is known by its own index only
                continue;
            }
            Duration keyTtl = ttl;
            if (kind == TokenKind.CODE && token.getToken().getExpiresAt() != null) {
                Duration remaining =
                        Duration.between(this.clock.instant(), token.getToken().getExpiresAt());
                if (remaining.isNegative() || remaining.isZero()) {
                    continue;
                }
                keyTtl = min(remaining, ttl);
            }
            keys.put(indexKey(kind.code, token.getToken().getTokenValue()), keyTtl);
        }
        return keys;
    }

    /** The authorization ids the index keys point at (null where a key is missing), in the keys' order. */
    private List<String> ids(List<String> indexKeys) {
        byte[][] keys =
                indexKeys.stream().map(RedisOAuth2AuthorizationService::bytes).toArray(byte[][]::new);
        List<byte[]> values = this.redis.execute((RedisCallback<List<byte[]>>)
                (connection) -> connection.stringCommands().mGet(keys));
        List<String> ids = new ArrayList<>(indexKeys.size());
        for (int i = 0; i < indexKeys.size(); i++) {
            byte[] value = (values != null && i < values.size()) ? values.get(i) : null;
            ids.add((value == null) ? null : idText(value));
        }
        return ids;
    }

    // an index holds a UUID id as its 16 bytes: 20 bytes less per index, in every session
    private static byte[] idBytes(String id) {
        try {
            UUID uuid = UUID.fromString(id);
            if (uuid.toString().equals(id)) {
                return ByteBuffer.allocate(16)
                        .putLong(uuid.getMostSignificantBits())
                        .putLong(uuid.getLeastSignificantBits())
                        .array();
            }
        } catch (IllegalArgumentException ex) {
            // not a UUID: stored as text
        }
        return bytes(id);
    }

    private static String idText(byte[] value) {
        if (value.length == 16) {
            ByteBuffer buffer = ByteBuffer.wrap(value);
            return new UUID(buffer.getLong(), buffer.getLong()).toString();
        }
        return new String(value, StandardCharsets.UTF_8);
    }

    private static Duration min(Duration a, Duration b) {
        return (a.compareTo(b) <= 0) ? a : b;
    }

    private static Expiration expiration(Duration ttl) {
        return Expiration.milliseconds(Math.max(ttl.toMillis(), 1));
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static String mainKey(String id) {
        return PREFIX + "{" + id + "}";
    }

    /** Beside the record, in the same cluster slot, so one MGET reads both. */
    private static String pendingKey(String id) {
        return PREFIX + "q:{" + id + "}";
    }

    private static String indexKey(String kind, String tokenValue) {
        return PREFIX + kind + ":" + TokenDigests.text(TokenDigests.of(tokenValue));
    }
}
