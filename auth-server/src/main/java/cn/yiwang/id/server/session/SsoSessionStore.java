package cn.yiwang.id.server.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisStringCommands;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.types.Expiration;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * SSO sessions in Redis. The browser holds {@code <sid>.<secret>}; Redis holds, per session:
 * <ul>
 * <li>{@code yid:sso:s:{sid}}: the session as compact JSON with a digest of the secret, expiring after
 * the idle timeout and never later than the absolute timeout (its expiry event drives the logout
 * fan-out of timed-out sessions);</li>
 * <li>{@code yid:sso:p:{sid}}: a hash of the relying parties and authorizations that took part, kept an
 * hour past the absolute timeout so the fan-out can still read it;</li>
 * <li>{@code yid:sso:u:{accountId}}: the account's session ids by creation time, for listing and the cap.</li>
 * </ul>
 * The two per-session keys share a hash tag, so they live in one Redis Cluster slot.
 */
@Component
public final class SsoSessionStore {

    static final String SESSION_PREFIX = "yid:sso:s:";

    /** A Redis glob that matches the session keys and no other key of ours. */
    public static final String SESSION_KEY_PATTERN = SESSION_PREFIX + "*";

    private static final String PARTICIPANTS_PREFIX = "yid:sso:p:";
    private static final String ACCOUNT_PREFIX = "yid:sso:u:";
    private static final String ENDING_PREFIX = "yid:sso:e:";
    private static final Duration GRACE = Duration.ofHours(1);
    private static final Pattern SID = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    private static final int MAX_USER_AGENT = 120;

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final SsoSessionProperties properties;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public SsoSessionStore(StringRedisTemplate redis, JsonMapper json, SsoSessionProperties properties, Clock clock) {
        this.redis = redis;
        this.json = json;
        this.properties = properties;
        this.clock = clock;
    }

    /** A session just created, with the handle to put in the browser cookie. */
    public record Created(String handle, SsoSession session) {}

    public Created create(String accountId, List<String> amr, String acr, String clientIp, String userAgent) {
        Instant now = this.clock.instant();
        SsoSession session =
                new SsoSession(randomToken(16), accountId, now, amr, acr, now.plus(this.properties.absoluteTimeout()));
        return store(session, clientIp, userAgent, null, now);
    }

    /**
     * A session for a device (a kiosk) that a citizen signed in from another session of theirs, e.g. at
     * {@code /activate} on their phone: the same account, sign-in time, methods and level, never longer
     * than the session that vouched for it, and marked with the device's client id. No browser holds it
     * and nothing touches it, so it ends at the idle timeout at the latest (a kiosk's sign-in should not
     * outlast the citizen's visit), or earlier like any other session.
     */
    public SsoSession createForDevice(SsoSession origin, String deviceClientId, String clientIp, String userAgent) {
        Instant now = this.clock.instant();
        Instant absolute = now.plus(this.properties.absoluteTimeout());
        SsoSession session = new SsoSession(
                randomToken(16),
                origin.accountId(),
                origin.authTime(),
                origin.amr(),
                origin.acr(),
                origin.expiresAt().isBefore(absolute) ? origin.expiresAt() : absolute);
        return store(session, clientIp, userAgent, deviceClientId, now).session();
    }

    /**
     * A session in which a community agent acts for a citizen who approved it: the citizen's account, the agent's
     * sign-in time, methods and level (the agent is the one who authenticated), marked with the agent and the
     * delegation, and never longer than the agent's own session or the delegation.
     */
    public Created createActing(
            SsoSession agent,
            String citizenId,
            String delegationId,
            Instant delegationEnds,
            String clientIp,
            String userAgent) {
        Instant now = this.clock.instant();
        Instant end = agent.expiresAt().isBefore(delegationEnds) ? agent.expiresAt() : delegationEnds;
        SsoSession session = new SsoSession(
                randomToken(16),
                citizenId,
                agent.authTime(),
                agent.amr(),
                agent.acr(),
                end,
                agent.accountId(),
                delegationId);
        return store(session, clientIp, userAgent, null, now);
    }

    private Created store(SsoSession session, String clientIp, String userAgent, String device, Instant now) {
        String accountId = session.accountId();
        String secret = randomToken(32);
        String value = encode(session, digest(secret), ClientAddresses.mask(clientIp), shorten(userAgent), device);
        Duration ttl = ttl(session, now);
        Duration participantsTtl = this.properties.absoluteTimeout().plus(GRACE);
        this.redis.executePipelined(new SessionCallback<Object>() {
            @Override
            @SuppressWarnings({"unchecked", "rawtypes"})
            public Object execute(RedisOperations operations) throws DataAccessException {
                operations.opsForValue().set(sessionKey(session.sid()), value, ttl);
                operations.opsForHash().put(participantsKey(session.sid()), "sub", accountId);
                operations.expire(participantsKey(session.sid()), participantsTtl);
                operations.opsForZSet().add(accountKey(accountId), session.sid(), now.toEpochMilli());
                operations.expire(accountKey(accountId), participantsTtl);
                return null;
            }
        });
        return new Created(session.sid() + "." + secret, session);
    }

    /** Finds the live session for a cookie handle and extends its idle lifetime. */
    public Optional<SsoSession> findAndTouch(String handle) {
        String sid = sidOf(handle);
        if (sid == null) {
            return Optional.empty();
        }
        Instant now = this.clock.instant();
        // GETEX reads and slides the idle timeout in one round trip; the absolute limit caps it below.
        String value = this.redis.opsForValue().getAndExpire(sessionKey(sid), this.properties.idleTimeout());
        if (value == null) {
            return Optional.empty();
        }
        JsonNode node = this.json.readTree(value);
        if (!MessageDigest.isEqual(
                node.get("k").asString().getBytes(StandardCharsets.US_ASCII),
                digest(handle.substring(sid.length() + 1)).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        SsoSession session = decode(sid, node);
        if (!session.expiresAt().isAfter(now)) {
            this.redis.delete(sessionKey(sid));
            return Optional.empty();
        }
        Duration remaining = Duration.between(now, session.expiresAt());
        if (remaining.compareTo(this.properties.idleTimeout()) < 0) {
            this.redis.expire(sessionKey(sid), remaining);
        }
        return Optional.of(session);
    }

    /** The session id a cookie handle names, or null when the handle is malformed. */
    public static String sidOf(String handle) {
        if (handle == null || handle.length() > 200) {
            return null;
        }
        int dot = handle.indexOf('.');
        if (dot <= 0 || dot == handle.length() - 1) {
            return null;
        }
        String sid = handle.substring(0, dot);
        return SID.matcher(sid).matches() ? sid : null;
    }

    /** The live session with this id, without extending it. */
    public Optional<SsoSessionRecord> find(String sid) {
        if (sid == null || !SID.matcher(sid).matches()) {
            return Optional.empty();
        }
        String value = this.redis.opsForValue().get(sessionKey(sid));
        return Optional.ofNullable(value).map((v) -> record(sid, v));
    }

    /** Whether the session with this id is live (one EXISTS, without extending it). */
    public boolean isLive(String sid) {
        return sid != null && SID.matcher(sid).matches() && Boolean.TRUE.equals(this.redis.hasKey(sessionKey(sid)));
    }

    /**
     * An upper bound of the account's live sessions: they plus any ended ones not yet forgotten (one ZCARD), so an
     * account at or under a cap by this count is under it for certain.
     */
    public long sessionCountUpperBound(String accountId) {
        Long count = this.redis.opsForZSet().zCard(accountKey(accountId));
        return (count != null) ? count : 0;
    }

    /** The account's live sessions, oldest first; forgets ids whose session has ended. */
    public List<SsoSessionRecord> listForAccount(String accountId) {
        Set<String> sids = this.redis.opsForZSet().range(accountKey(accountId), 0, -1);
        if (sids == null || sids.isEmpty()) {
            return List.of();
        }
        List<String> ordered = new ArrayList<>(sids);
        List<String> values = this.redis
                .opsForValue()
                .multiGet(ordered.stream().map(SsoSessionStore::sessionKey).toList());
        List<SsoSessionRecord> records = new ArrayList<>();
        List<String> gone = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            String value = (values != null) ? values.get(i) : null;
            if (value == null) {
                gone.add(ordered.get(i));
            } else {
                records.add(record(ordered.get(i), value));
            }
        }
        if (!gone.isEmpty()) {
            this.redis.opsForZSet().remove(accountKey(accountId), gone.toArray());
        }
        return records;
    }

    /** Records that a relying party received tokens in the session. */
    public void addParticipant(String sid, String clientId, String authorizationId) {
        Duration ttl = this.properties.absoluteTimeout().plus(GRACE);
        this.redis.executePipelined(new SessionCallback<Object>() {
            @Override
            @SuppressWarnings({"unchecked", "rawtypes"})
            public Object execute(RedisOperations operations) throws DataAccessException {
                operations
                        .opsForHash()
                        .putAll(participantsKey(sid), Map.of("c:" + clientId, "1", "a:" + authorizationId, clientId));
                operations.expire(participantsKey(sid), ttl);
                return null;
            }
        });
    }

    /**
     * Records a participant that is not an OAuth client (a SAML service provider, {@code saml:<alias>}):
     * it gets no tokens, but must hear of the session's end.
     */
    public void addParticipant(String sid, String participantId) {
        Duration ttl = this.properties.absoluteTimeout().plus(GRACE);
        this.redis.executePipelined(new SessionCallback<Object>() {
            @Override
            @SuppressWarnings({"unchecked", "rawtypes"})
            public Object execute(RedisOperations operations) throws DataAccessException {
                operations.opsForHash().put(participantsKey(sid), "c:" + participantId, "1");
                operations.expire(participantsKey(sid), ttl);
                return null;
            }
        });
    }

    /** Forgets a participant, e.g. the service provider that itself asked for the logout. */
    public void removeParticipant(String sid, String participantId) {
        this.redis.opsForHash().delete(participantsKey(sid), "c:" + participantId);
    }

    /**
     * Records a step-up in the session: its new {@code acr} and, when the step authenticated the user
     * again ({@code method} not null, e.g. {@code face}), that method in {@code amr} and this moment as
     * {@code auth_time}. The session keeps its lifetimes.
     */
    public Optional<SsoSession> raiseAssurance(String sid, String acr, String method) {
        String key = sessionKey(sid);
        String value = this.redis.opsForValue().get(key);
        if (value == null) {
            return Optional.empty();
        }
        ObjectNode node = (ObjectNode) this.json.readTree(value);
        node.put("c", acr);
        if (method != null) {
            node.put("t", this.clock.instant().getEpochSecond());
            ArrayNode amr = (ArrayNode) node.get("m");
            boolean present = false;
            for (JsonNode existing : amr) {
                present |= method.equals(existing.asString());
            }
            if (!present) {
                amr.add(method);
            }
        }
        String updated = this.json.writeValueAsString(node);
        Boolean written = this.redis.execute((RedisCallback<Boolean>) (connection) -> connection
                .stringCommands()
                .set(
                        key.getBytes(StandardCharsets.UTF_8),
                        updated.getBytes(StandardCharsets.UTF_8),
                        Expiration.keepTtl(),
                        RedisStringCommands.SetOption.ifPresent()));
        return Boolean.TRUE.equals(written) ? Optional.of(decode(sid, node)) : Optional.empty();
    }

    /** The authorizations issued in the session so far, by id, with the client each was issued to. */
    public Map<String, String> authorizationsOf(String sid) {
        Map<String, String> authorizations = new java.util.HashMap<>();
        this.redis.opsForHash().entries(participantsKey(sid)).forEach((key, value) -> {
            String field = (String) key;
            if (field.startsWith("a:")) {
                authorizations.put(field.substring(2), (String) value);
            }
        });
        return authorizations;
    }

    /** The relying parties that took part in the session so far. */
    public Set<String> clientsOf(String sid) {
        Set<String> clients = new HashSet<>();
        this.redis.opsForHash().keys(participantsKey(sid)).forEach((key) -> {
            String field = (String) key;
            if (field.startsWith("c:")) {
                clients.add(field.substring(2));
            }
        });
        return clients;
    }

    /**
     * Marks the session as ending and returns true for exactly one caller across all nodes, so the
     * logout fan-out happens once even when a timeout and a logout race.
     */
    public boolean claimEnd(String sid) {
        Boolean claimed = this.redis.opsForValue().setIfAbsent(ENDING_PREFIX + "{" + sid + "}", "1", GRACE);
        return Boolean.TRUE.equals(claimed);
    }

    /** Deletes the session and hands back who took part in it (null when nothing is known of it). */
    public SessionParticipants remove(String sid) {
        Map<Object, Object> entries = this.redis.opsForHash().entries(participantsKey(sid));
        this.redis.delete(List.of(sessionKey(sid), participantsKey(sid)));
        if (entries == null || entries.isEmpty()) {
            return null;
        }
        String accountId = (String) entries.get("sub");
        Set<String> clients = new HashSet<>();
        Set<String> authorizations = new HashSet<>();
        entries.keySet().forEach((key) -> {
            String field = (String) key;
            if (field.startsWith("c:")) {
                clients.add(field.substring(2));
            } else if (field.startsWith("a:")) {
                authorizations.add(field.substring(2));
            }
        });
        if (accountId != null) {
            this.redis.opsForZSet().remove(accountKey(accountId), sid);
        }
        return new SessionParticipants(accountId, clients, authorizations);
    }

    /** The session id named by a Redis key of this store, or null for any other key. */
    public static String sidOfKey(String key) {
        if (key == null || !key.startsWith(SESSION_PREFIX + "{") || !key.endsWith("}")) {
            return null;
        }
        return key.substring(SESSION_PREFIX.length() + 1, key.length() - 1);
    }

    private Duration ttl(SsoSession session, Instant now) {
        Duration remaining = Duration.between(now, session.expiresAt());
        return remaining.compareTo(this.properties.idleTimeout()) < 0 ? remaining : this.properties.idleTimeout();
    }

    private String encode(SsoSession session, String secretDigest, String clientIp, String userAgent, String device) {
        ObjectNode node = this.json.createObjectNode();
        node.put("k", secretDigest);
        node.put("a", session.accountId());
        node.put("t", session.authTime().getEpochSecond());
        ArrayNode amr = node.putArray("m");
        session.amr().forEach(amr::add);
        node.put("c", session.acr());
        node.put("x", session.expiresAt().getEpochSecond());
        node.put("ip", clientIp);
        node.put("ua", userAgent);
        if (device != null) {
            // optional: records written before it existed simply have no device
            node.put("dv", device);
        }
        if (session.isActing()) {
            node.put("ag", session.actorId());
            node.put("dg", session.delegationId());
        }
        return this.json.writeValueAsString(node);
    }

    private SsoSessionRecord record(String sid, String value) {
        JsonNode node = this.json.readTree(value);
        return new SsoSessionRecord(
                decode(sid, node),
                text(node, "ip"),
                text(node, "ua"),
                node.hasNonNull("dv") ? node.get("dv").asString() : null);
    }

    private static SsoSession decode(String sid, JsonNode node) {
        List<String> amr = new ArrayList<>();
        node.get("m").forEach((m) -> amr.add(m.asString()));
        return new SsoSession(
                sid,
                node.get("a").asString(),
                Instant.ofEpochSecond(node.get("t").asLong()),
                amr,
                node.get("c").asString(),
                Instant.ofEpochSecond(node.get("x").asLong()),
                node.hasNonNull("ag") ? node.get("ag").asString() : null,
                node.hasNonNull("dg") ? node.get("dg").asString() : null);
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asString() : "";
    }

    private static String shorten(String userAgent) {
        if (userAgent == null) {
            return "";
        }
        return (userAgent.length() > MAX_USER_AGENT) ? userAgent.substring(0, MAX_USER_AGENT) : userAgent;
    }

    static String sessionKey(String sid) {
        return SESSION_PREFIX + "{" + sid + "}";
    }

    private static String participantsKey(String sid) {
        return PARTICIPANTS_PREFIX + "{" + sid + "}";
    }

    private static String accountKey(String accountId) {
        return ACCOUNT_PREFIX + accountId;
    }

    private static String digest(String secret) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private String randomToken(int bytes) {
        byte[] buffer = new byte[bytes];
        this.random.nextBytes(buffer);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
    }
}
