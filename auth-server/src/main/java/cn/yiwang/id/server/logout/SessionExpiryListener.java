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
 * announces the expiry of each session key on its keyspace channel ({@code notify-keyspace-events}
 * {@code Kx}) and the first node to claim the session ends it. Only session keys are subscribed: the
 * expiry events of every key (authorizations, codes, client-credentials tokens by the hundred per second)
 * would otherwise reach every node.
 */
public final class SessionExpiryListener implements MessageListener {

    /** Keyspace channels of the session keys, in every database. */
    public static final String SESSION_EXPIRY_CHANNELS = "__keyspace@*__:" + SsoSessionStore.SESSION_KEY_PATTERN;

    private static final String EXPIRED = "expired";

    private static final Logger log = LoggerFactory.getLogger(SessionExpiryListener.class);

    private final SsoSessionTerminator terminator;

    public SessionExpiryListener(SsoSessionTerminator terminator) {
        this.terminator = terminator;
    }

    @Override
    public void onMessage(Message message, byte[] pattern) {
        // a keyspace channel carries every event of its key (del, expire, ...) when the flags ask for them
        if (!EXPIRED.equals(new String(message.getBody(), StandardCharsets.UTF_8))) {
            return;
        }
        String sid = SsoSessionStore.sidOfKey(keyOf(new String(message.getChannel(), StandardCharsets.UTF_8)));
        if (sid != null) {
            try {
                this.terminator.end(sid, "system", "timeout");
            } catch (RuntimeException ex) {
                log.warn("Timed-out session {} could not be ended: {}", sid, ex.getMessage());
            }
        }
    }

    /** The key of a keyspace channel, {@code __keyspace@<db>__:<key>}; null for another channel. */
    static String keyOf(String channel) {
        if (!channel.startsWith("__keyspace@")) {
            return null;
        }
        int end = channel.indexOf("__:", "__keyspace@".length());
        return (end < 0) ? null : channel.substring(end + 3);
    }

    /**
     * Makes sure Redis publishes keyspace expiry events ({@code K} and {@code x}, or {@code A}), keeping the
     * flags already set. Managed Redis services often forbid CONFIG; there the operator sets
     * {@code notify-keyspace-events Kx} and we only warn.
     */
    public static void enableExpiryEvents(RedisConnectionFactory connections) {
        try (RedisConnection connection = connections.getConnection()) {
            Properties current = connection.serverCommands().getConfig("notify-keyspace-events");
            String flags = (current != null) ? current.getProperty("notify-keyspace-events", "") : "";
            String wanted = wantedFlags(flags);
            if (!wanted.equals(flags)) {
                connection.serverCommands().setConfig("notify-keyspace-events", wanted);
                log.info("Redis notify-keyspace-events set to '{}' so timed-out SSO sessions are logged out", wanted);
            }
        } catch (RuntimeException ex) {
            log.warn(
                    "Could not enable Redis expiry events ({}); set notify-keyspace-events to include 'Kx', or "
                            + "timed-out sessions will not send back-channel logout",
                    ex.getMessage());
        }
    }

    /** The flags with keyspace ({@code K}) expiry ({@code x}) events added where they are missing. */
    static String wantedFlags(String flags) {
        String wanted = flags;
        if (!wanted.contains("K")) {
            wanted += "K";
        }
        if (!(wanted.contains("x") || wanted.contains("A"))) {
            wanted += "x";
        }
        return wanted;
    }
}
