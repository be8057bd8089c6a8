package cn.yiwang.id.federation.registry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The audited registry changes of the test context, as {@code type alias actor: detail} lines. */
final class RecordingIdentityProviderAudit implements IdentityProviderAudit {

    private final List<String> changes = new CopyOnWriteArrayList<>();

    @Override
    public void changed(String type, String alias, String actor, String detail) {
        this.changes.add(type + " " + alias + " " + actor + ": " + detail);
    }

    /** @return the changes of one provider, oldest first */
    List<String> of(String alias) {
        return this.changes.stream()
                .filter((line) -> line.contains(" " + alias + " "))
                .toList();
    }
}
