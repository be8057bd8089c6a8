package cn.yiwang.id.federation.registry;

import java.util.List;

/** An identity provider definition that breaks one or more rules of {@link IdentityProviderValidator}. */
public final class InvalidIdentityProviderException extends RuntimeException {

    private final transient List<Violation> violations;

    public InvalidIdentityProviderException(List<Violation> violations) {
        super(violations.size() + " invalid field(s): " + violations);
        this.violations = List.copyOf(violations);
    }

    /** @return every violation, in the order of the rules */
    public List<Violation> violations() {
        return this.violations;
    }
}
