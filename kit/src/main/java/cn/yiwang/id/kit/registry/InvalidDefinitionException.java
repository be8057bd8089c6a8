package cn.yiwang.id.kit.registry;

import java.util.List;

/**
 * A registry entry's definition that breaks one or more rules; each registry names its own subclass, which its
 * admin API turns into a 400 with {@code errors} ({@link cn.yiwang.id.kit.web.AdminProblems#invalid}).
 */
public class InvalidDefinitionException extends RuntimeException {

    private final transient List<Violation> violations;

    public InvalidDefinitionException(List<Violation> violations) {
        super(violations.size() + " invalid field(s): " + violations);
        this.violations = List.copyOf(violations);
    }

    /** @return every violation, in the order of the rules */
    public List<Violation> violations() {
        return this.violations;
    }
}
