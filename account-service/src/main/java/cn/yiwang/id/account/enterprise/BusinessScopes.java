package cn.yiwang.id.account.enterprise;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The business an agent (经办人) may do for an enterprise: the values of the {@code scopes} member of
 * the {@code enterprise} claim. A legal representative has all of them.
 */
public final class BusinessScopes {

    /** Every scope, in the order pages list them. */
    public static final List<String> ALL =
            List.of("licence", "tax", "social-insurance", "housing-fund", "invoice", "customs");

    private static final Set<String> KNOWN = Set.copyOf(ALL);

    private BusinessScopes() {}

    /**
     * Keeps the known scopes, in the canonical order.
     * @param requested what was asked for
     * @return the known ones among them
     */
    public static List<String> known(Collection<String> requested) {
        return ALL.stream().filter(requested::contains).toList();
    }

    /**
     * Tells whether every requested scope is known.
     * @param requested the scopes
     * @return {@code true} when none is unknown
     */
    public static boolean allKnown(Collection<String> requested) {
        return KNOWN.containsAll(requested);
    }
}
