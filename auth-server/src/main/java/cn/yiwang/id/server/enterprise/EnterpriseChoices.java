package cn.yiwang.id.server.enterprise;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The auth-server's Redis state for acting as an enterprise ({@code yid:ent:*}): the choice a citizen just
 * made on {@code /enterprise/choose} for one client in one SSO session (one use, ten minutes), and which
 * authorizations carry an enterprise, so they can be removed when the role ends.
 */
@Component
public final class EnterpriseChoices {

    /** The authorization-request parameter that carries the choice into Spring Authorization Server. */
    public static final String PARAMETER = "enterprise_choice";

    /** The choice to act as oneself. */
    public static final String PERSONAL = "personal";

    private static final Duration CHOICE_TTL = Duration.ofMinutes(10);

    // as long as the longest refresh token chain an enterprise authorization may have
    private static final Duration INDEX_TTL = Duration.ofDays(31);

    private final StringRedisTemplate redis;

    public EnterpriseChoices(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /** Remembers what the citizen chose on the choice page for this session and client. */
    public void choose(String sid, String clientId, String choice) {
        this.redis.opsForValue().set(choiceKey(sid, clientId), choice, CHOICE_TTL);
    }

    /** Takes the choice made for this session and client, once. */
    public Optional<String> take(String sid, String clientId) {
        return Optional.ofNullable(this.redis.opsForValue().getAndDelete(choiceKey(sid, clientId)));
    }

    /** Records that an authorization carries tokens acting for the enterprise. */
    public void actedIn(String accountId, String uscc, String authorizationId) {
        String key = indexKey(accountId, uscc);
        this.redis.opsForSet().add(key, authorizationId);
        this.redis.expire(key, INDEX_TTL);
    }

    /** Takes the authorizations acting for the enterprise, forgetting them. */
    public Set<String> takeAuthorizations(String accountId, String uscc) {
        String key = indexKey(accountId, uscc);
        Set<String> ids = this.redis.opsForSet().members(key);
        this.redis.delete(key);
        return (ids != null) ? ids : Set.of();
    }

    private static String choiceKey(String sid, String clientId) {
        return "yid:ent:choice:" + sid + ":" + clientId;
    }

    private static String indexKey(String accountId, String uscc) {
        return "yid:ent:authz:" + accountId + ":" + uscc;
    }
}
