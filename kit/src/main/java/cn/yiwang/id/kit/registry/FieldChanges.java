package cn.yiwang.id.kit.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Which fields differ between two versions of a registry entry, by name only: audit logs and bootstraps use it,
 * and the names fit a log line where values (secrets, certificates) must not or would not.
 *
 * <p>Immutable: {@code new FieldChanges<Entry>().field("alias", Entry::alias).field(…)}.
 *
 * @param <T> the entry
 */
public final class FieldChanges<T> {

    private final Map<String, Function<T, Object>> fields;

    /** No field yet. */
    public FieldChanges() {
        this.fields = Map.of();
    }

    private FieldChanges(Map<String, Function<T, Object>> fields) {
        this.fields = Collections.unmodifiableMap(fields);
    }

    /**
     * @param name a field's name, as the admin API spells it
     * @param value reads it from an entry
     * @return these fields and that one, which comes last
     */
    public FieldChanges<T> field(String name, Function<T, Object> value) {
        Map<String, Function<T, Object>> fields = new LinkedHashMap<>(this.fields);
        fields.put(name, value);
        return new FieldChanges<>(fields);
    }

    /**
     * @param before the stored version
     * @param after the desired version
     * @return the names of the fields that differ, in the order they were added; empty when nothing changes
     */
    public List<String> changedFields(T before, T after) {
        List<String> changed = new ArrayList<>();
        this.fields.forEach((name, value) -> {
            if (!Objects.equals(value.apply(before), value.apply(after))) {
                changed.add(name);
            }
        });
        return changed;
    }
}
