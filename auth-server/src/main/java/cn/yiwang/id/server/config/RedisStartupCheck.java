package cn.yiwang.id.server.config;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * In production, refuses to start when Redis cannot be reached, naming the setting and the nodes it
 * tried, rather than starting a node that can sign nobody in.
 */
@Component
@Profile("prod")
public final class RedisStartupCheck implements SmartInitializingSingleton {

    private final RedisConnectionFactory connections;
    private final Environment environment;

    public RedisStartupCheck(RedisConnectionFactory connections, Environment environment) {
        this.connections = connections;
        this.environment = environment;
    }

    @Override
    public void afterSingletonsInstantiated() {
        check(this.connections, this.environment);
    }

    static void check(RedisConnectionFactory connections, Environment environment) {
        try (RedisConnection connection = connections.getConnection()) {
            connection.ping();
        } catch (RuntimeException ex) {
            throw new RedisUnreachableException(describe(environment), rootMessage(ex), ex);
        }
    }

    /** The setting that says where Redis is, as the operator wrote it. */
    static String describe(Environment environment) {
        String cluster = environment.getProperty("spring.data.redis.cluster.nodes");
        if (StringUtils.hasText(cluster)) {
            return "spring.data.redis.cluster.nodes=" + cluster;
        }
        String sentinelMaster = environment.getProperty("spring.data.redis.sentinel.master");
        if (StringUtils.hasText(sentinelMaster)) {
            return "spring.data.redis.sentinel.master=" + sentinelMaster + ", spring.data.redis.sentinel.nodes="
                    + environment.getProperty("spring.data.redis.sentinel.nodes", "(not set)");
        }
        String url = environment.getProperty("spring.data.redis.url");
        if (StringUtils.hasText(url)) {
            // The URL may carry a password: show only where it points.
            return "spring.data.redis.url=" + url.replaceAll("//[^@/]*@", "//***@");
        }
        return "spring.data.redis.host=" + environment.getProperty("spring.data.redis.host", "localhost")
                + ", spring.data.redis.port=" + environment.getProperty("spring.data.redis.port", "6379");
    }

    private static String rootMessage(Throwable ex) {
        Throwable root = ex;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** Redis did not answer at start-up. */
    public static final class RedisUnreachableException extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        private final String setting;
        private final String reason;

        RedisUnreachableException(String setting, String reason, Throwable cause) {
            super("Redis is not reachable (" + setting + "): " + reason, cause);
            this.setting = setting;
            this.reason = reason;
        }

        public String getSetting() {
            return this.setting;
        }

        public String getReason() {
            return this.reason;
        }
    }
}
