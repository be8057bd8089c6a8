package cn.yiwang.id.server.embedded;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * A Redis server started by the embedded default on a free loopback port; nothing is persisted, and it ends with the
 * JVM even when the JVM is killed ({@link GuardedRedisExecutable}).
 */
public final class EmbeddedRedisServer {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedisServer.class);

    private final RedisServer server;

    public EmbeddedRedisServer(int port) throws IOException {
        this.server = RedisServer.newRedisServer()
                .executableProvider(GuardedRedisExecutable.forThisSystem())
                .port(port)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                // a ceiling, not an allocation: every token's authorization lives as long as the token (client
                // credentials: 10 min, about 0.5 KiB each), and at 3,000 tokens/s 256 MB filled in three minutes
                .setting("maxmemory 1gb")
                .build();
    }

    public void start() throws IOException {
        this.server.start();
        log.info("Embedded Redis started on 127.0.0.1:{}", this.server.ports().get(0));
    }

    public void stop() throws IOException {
        this.server.stop();
    }
}
