package cn.yiwang.id.server.client;

import cn.yiwang.id.kit.registry.FieldChanges;
import java.lang.reflect.RecordComponent;

/**
 * Which fields of a client definition differ, by the admin API's names, for the audit log (the secret by
 * name only, never its hash).
 */
final class ClientChanges {

    /** Every field of {@link ClientDefinition}, in declaration order. */
    static final FieldChanges<ClientDefinition> FIELDS = fields();

    private ClientChanges() {}

    private static FieldChanges<ClientDefinition> fields() {
        FieldChanges<ClientDefinition> fields = new FieldChanges<>();
        for (RecordComponent component : ClientDefinition.class.getRecordComponents()) {
            fields = fields.field(component.getName(), (definition) -> {
                try {
                    return component.getAccessor().invoke(definition);
                } catch (ReflectiveOperationException ex) {
                    throw new IllegalStateException(ex);
                }
            });
        }
        return fields;
    }
}
