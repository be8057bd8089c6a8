package cn.yiwang.id.server.embedded;

import java.util.List;

/** The {@code prod} profile is active but settings it cannot run without are missing. */
public final class MissingProductionSettingsException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final List<String> missing;

    public MissingProductionSettingsException(List<String> missing) {
        super("Missing production settings: " + String.join("; ", missing));
        this.missing = List.copyOf(missing);
    }

    public List<String> getMissing() {
        return this.missing;
    }
}
