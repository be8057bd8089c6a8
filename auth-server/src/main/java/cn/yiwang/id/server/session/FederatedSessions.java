package cn.yiwang.id.server.session;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * What a session that came from an upstream IdP remembers about it: which IdP, its ID token (for
 * upstream logout) and its session id; plus the reverse index an upstream back-channel logout needs
 * to find the national sessions it ends. Kept beside the session, with the session's lifetime.
 */
@Component
public final class FederatedSessions {

    private static final String SESSION_PREFIX = "yid:fed:s:";
    private static final String UPSTREAM_SID_PREFIX = "yid:fed:usid:";
    private static final String UPSTREAM_SUB_PREFIX = "yid:fed:usub:";

    private final StringRedisTemplate redis;
    private final SsoSessionProperties properties;

    public FederatedSessions(StringRedisTemplate redis, SsoSessionProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    /** The upstream side of a national session. */
    public record Upstream(String idpAlias, String idToken, String upstreamSubject, String upstreamSid) {
    }

    public void remember(String sid, Upstream upstream) {
        Duration ttl = this.properties.absoluteTimeout().plusHours(1);
        String key = SESSION_PREFIX + "{" + sid + "}";
        // a SAML upstream has no ID token; its session index is the upstream sid
        this.redis.opsForHash().putAll(key, Map.of("idp", upstream.idpAlias(), "idt",
                (upstream.idToken() != null) ? upstream.idToken() : "", "sub", upstream.upstreamSubject(), "usid",
                (upstream.upstreamSid() != null) ? upstream.upstreamSid() : ""));
        this.redis.expire(key, ttl);
        if (upstream.upstreamSid() != null) {
            String bySid = UPSTREAM_SID_PREFIX + upstream.idpAlias() + ":" + upstream.upstreamSid();
            this.redis.opsForSet().add(bySid, sid);
            this.redis.expire(bySid, ttl);
        }
        String bySub = UPSTREAM_SUB_PREFIX + upstream.idpAlias() + ":" + upstream.upstreamSubject();
        this.redis.opsForSet().add(bySub, sid);
        this.redis.expire(bySub, ttl);
    }

    public Optional<Upstream> upstreamOf(String sid) {
        Map<Object, Object> entries = this.redis.opsForHash().entries(SESSION_PREFIX + "{" + sid + "}");
        if (entries == null || entries.isEmpty()) {
            return Optional.empty();
        }
        String upstreamSid = (String) entries.get("usid");
        String idToken = (String) entries.get("idt");
        return Optional.of(new Upstream((String) entries.get("idp"),
                (idToken == null || idToken.isEmpty()) ? null : idToken,
                (String) entries.get("sub"), (upstreamSid == null || upstreamSid.isEmpty()) ? null : upstreamSid));
    }

    /** National sessions that an upstream logout (by upstream {@code sid}, else by subject) ends. */
    public Set<String> nationalSessions(String idpAlias, String upstreamSubject, String upstreamSid) {
        String key = (upstreamSid != null) ? UPSTREAM_SID_PREFIX + idpAlias + ":" + upstreamSid
                : UPSTREAM_SUB_PREFIX + idpAlias + ":" + upstreamSubject;
        Set<String> sids = this.redis.opsForSet().members(key);
        return (sids != null) ? sids : Set.of();
    }

    public void forget(String sid) {
        this.redis.delete(SESSION_PREFIX + "{" + sid + "}");
    }
}
