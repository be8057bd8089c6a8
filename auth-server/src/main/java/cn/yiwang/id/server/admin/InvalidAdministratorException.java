package cn.yiwang.id.server.admin;

import cn.yiwang.id.kit.registry.Violation;
import java.util.List;

/** An administrator change refused, naming each invalid field. */
public final class InvalidAdministratorException extends RuntimeException {

    private final transient List<Violation> violations;

    public InvalidAdministratorException(List<Violation> violations) {
        super("Invalid administrator: "
                + violations.stream().map(Violation::field).toList());
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return this.violations;
    }
}
