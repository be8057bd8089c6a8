package cn.yiwang.id.federation.signin;

import cn.yiwang.id.federation.SamlNameId;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * What a session that came from an upstream IdP remembers about it: which IdP, its ID token (for
 * upstream logout), its subject and session id, and for SAML the NameID as the IdP gave it (format
 * and qualifiers, which a LogoutRequest must repeat); plus the reverse indexes an upstream logout
 * needs to find the national sessions it ends (by IdP and upstream session id, the SAML
 * {@code SessionIndex}; by IdP and subject, the SAML NameID). Kept beside the session, with the
 * session's lifetime.
 */
@Component
final class FederatedSessions {

    private static final String SESSION_PREFIX = "yid:fed:s:";
    private static final String UPSTREAM_SID_PREFIX = "yid:fed:usid:";
    private static final String UPSTREAM_SUB_PREFIX = "yid:fed:usub:";

    private final StringRedisTemplate redis;

    FederatedSessions(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /**
     * Remembers the upstream side of a national session that has just begun.
     * @param sid the national session
     * @param upstream its upstream side
     * @param sessionLifetime the longest the national session can live (kept an hour longer)
     */
    public void remember(String sid, UpstreamSession upstream, Duration sessionLifetime) {
        Duration ttl = sessionLifetime.plusHours(1);
        String key = SESSION_PREFIX + "{" + sid + "}";
        Map<String, String> fields = new HashMap<>();
        fields.put("idp", upstream.idpAlias());
        // a SAML upstream has no ID token; its session index is the upstream sid
        fields.put("idt", (upstream.idToken() != null) ? upstream.idToken() : "");
        fields.put("sub", upstream.upstreamSubject());
        fields.put("usid", (upstream.upstreamSid() != null) ? upstream.upstreamSid() : "");
        SamlNameId nameId = upstream.samlNameId();
        if (nameId != null) {
            fields.put("nid", "1");
            fields.put("nidf", (nameId.format() != null) ? nameId.format() : "");
            fields.put("nidq", (nameId.nameQualifier() != null) ? nameId.nameQualifier() : "");
            fields.put("nidspq", (nameId.spNameQualifier() != null) ? nameId.spNameQualifier() : "");
        }
        this.redis.opsForHash().putAll(key, fields);
        this.redis.expire(key, ttl);
        if (upstream.upstreamSid() != null) {
            String bySid = bySid(upstream.idpAlias(), upstream.upstreamSid());
            this.redis.opsForSet().add(bySid, sid);
            this.redis.expire(bySid, ttl);
        }
        String bySub = bySubject(upstream.idpAlias(), upstream.upstreamSubject());
        this.redis.opsForSet().add(bySub, sid);
        this.redis.expire(bySub, ttl);
    }

    public Optional<UpstreamSession> upstreamOf(String sid) {
        Map<Object, Object> entries = this.redis.opsForHash().entries(SESSION_PREFIX + "{" + sid + "}");
        if (entries == null || entries.isEmpty()) {
            return Optional.empty();
        }
        String subject = (String) entries.get("sub");
        SamlNameId nameId = "1".equals(entries.get("nid"))
                ? new SamlNameId(subject, (String) entries.get("nidf"), (String) entries.get("nidq"), (String)
                        entries.get("nidspq"))
                : null;
        return Optional.of(new UpstreamSession(
                (String) entries.get("idp"),
                emptyToNull(entries.get("idt")),
                subject,
                emptyToNull(entries.get("usid")),
                nameId));
    }

    /** National sessions that an upstream logout (by upstream {@code sid}, else by subject) ends. */
    public Set<String> nationalSessions(String idpAlias, String upstreamSubject, String upstreamSid) {
        String key = (upstreamSid != null) ? bySid(idpAlias, upstreamSid) : bySubject(idpAlias, upstreamSubject);
        Set<String> sids = this.redis.opsForSet().members(key);
        return (sids != null) ? sids : Set.of();
    }

    /**
     * National sessions that a SAML LogoutRequest from an IdP ends (SAML core §3.7.3.2): those of the
     * principal it names, limited to the IdP sessions it names by {@code SessionIndex} when it names
     * any. A session whose NameID had another format or qualifier is another principal's.
     */
    public Set<String> nationalSessions(String idpAlias, SamlNameId nameId, List<String> sessionIndexes) {
        String bySubject = bySubject(idpAlias, nameId.value());
        Set<String> candidates = new LinkedHashSet<>();
        if (sessionIndexes.isEmpty()) {
            Set<String> sids = this.redis.opsForSet().members(bySubject);
            if (sids != null) {
                candidates.addAll(sids);
            }
        } else {
            for (String index : sessionIndexes) {
                Set<String> sids = this.redis.opsForSet().members(bySid(idpAlias, index));
                if (sids == null) {
                    continue;
                }
                // the two indexes hash to different cluster slots: intersected here, not with SINTER
                for (String sid : sids) {
                    if (Boolean.TRUE.equals(this.redis.opsForSet().isMember(bySubject, sid))) {
                        candidates.add(sid);
                    }
                }
            }
        }
        Set<String> matching = new LinkedHashSet<>();
        for (String sid : candidates) {
            // a session already forgotten has ended; ending it again is harmless
            Optional<UpstreamSession> upstream = upstreamOf(sid);
            if (upstream.isEmpty()
                    || upstream.get().samlNameId() == null
                    || upstream.get().samlNameId().sameAs(nameId)) {
                matching.add(sid);
            }
        }
        return matching;
    }

    public void forget(String sid) {
        this.redis.delete(SESSION_PREFIX + "{" + sid + "}");
    }

    private static String bySid(String idpAlias, String upstreamSid) {
        return UPSTREAM_SID_PREFIX + idpAlias + ":" + upstreamSid;
    }

    private static String bySubject(String idpAlias, String upstreamSubject) {
        return UPSTREAM_SUB_PREFIX + idpAlias + ":" + upstreamSubject;
    }

    private static String emptyToNull(Object value) {
        return (value == null || ((String) value).isEmpty()) ? null : (String) value;
    }
}
