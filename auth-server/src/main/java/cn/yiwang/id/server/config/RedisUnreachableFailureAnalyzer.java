package cn.yiwang.id.server.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a production start that found no Redis: which setting, which nodes, what went wrong. */
public final class RedisUnreachableFailureAnalyzer
        extends AbstractFailureAnalyzer<RedisStartupCheck.RedisUnreachableException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RedisStartupCheck.RedisUnreachableException cause) {
        return new FailureAnalysis(
                "Yiwang ID could not reach Redis at start-up.\n  setting: " + cause.getSetting() + "\n  error:   "
                        + cause.getReason(),
                "Check that setting (and the Redis password, TLS and network policy); with Sentinel, that the master "
                        + "name matches the sentinels' configuration; with Cluster, that at least one listed node "
                        + "answers.",
                cause);
    }
}
