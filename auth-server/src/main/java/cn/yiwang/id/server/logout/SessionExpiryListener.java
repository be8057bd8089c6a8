package cn.yiwang.id.server.logout;

import cn.yiwang.id.server.session.SsoSessionStore;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Gives timed-out sessions the same logout fan-out as explicit logouts, without a sweep job: Redis
 * announces each expired session key ({@code notify-keyspace-events} {@code Ex}) and the first node
 * to claim the session ends it.
 */
public final class SessionExpiryListener implements MessageListener {

    /** Expired-key events of every database. */
    public static final String EXPIRED_EVENTS = "__keyevent@*__:expired";

    private static final Logger log = LoggerFactory.getLogger(SessionExpiryListener.class);

    private final SsoSessionTerminator terminator;

    public SessionExpiryListener(SsoSessionTerminator terminator) {
        this.terminator = terminator;
    }

    @Override
    public void onMessage(Message message, byte[] pattern) {
        String sid = SsoSessionStore.sidOfKey(new String(message.getBody(), StandardCharsets.UTF_8));
        if (sid != null) {
            try {
                this.terminator.end(sid, "system", "timeout");
            } catch (RuntimeException ex) {
                log.warn("Timed-out session {} could not be ended: {}", sid, ex.getMessage());
            }
        }
    }

    /**
     * Makes sure Redis publishes expiry events, keeping the flags already set. Managed Redis services
     * often forbid CONFIG; there the operator sets {@code notify-keyspace-events Ex} and we only warn.
     */
    public static void enableExpiryEvents(RedisConnectionFactory connections) {
        try (RedisConnection connection = connections.getConnection()) {
            Properties current = connection.serverCommands().getConfig("notify-keyspace-events");
            String flags = (current != null) ? current.getProperty("notify-keyspace-events", "") : "";
            if (!(flags.contains("E") && (flags.contains("x") || flags.contains("A")))) {
                String wanted = flags.replace("E", "") + "Ex";
                connection.serverCommands().setConfig("notify-keyspace-events", wanted);
                log.info("Redis notify-keyspace-events set to '{}' so timed-out SSO sessions are logged out", wanted);
            }
        } catch (RuntimeException ex) {
            log.warn(
                    "Could not enable Redis expiry events ({}); set notify-keyspace-events to include 'Ex', or "
                            + "timed-out sessions will not send back-channel logout",
                    ex.getMessage());
        }
    }
}
