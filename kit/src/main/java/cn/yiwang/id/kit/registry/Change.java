package cn.yiwang.id.kit.registry;

/** How reconciling one registry entry with its desired state ended. */
public enum Change {
    CREATED,
    UPDATED,
    UNCHANGED
}
