package cn.yiwang.id.server.embedded;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns missing production settings into a start-up report that names each one. */
public final class MissingProductionSettingsFailureAnalyzer
        extends AbstractFailureAnalyzer<MissingProductionSettingsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MissingProductionSettingsException cause) {
        return new FailureAnalysis(
                "Yiwang ID was started with the 'prod' profile, which never falls back to the embedded H2 "
                        + "database and Redis, but these settings are missing:\n  - "
                        + String.join("\n  - ", cause.getMissing()),
                "Set each of them (environment variables work) or start without the 'prod' profile to use the "
                        + "embedded default.",
                cause);
    }
}
