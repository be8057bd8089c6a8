package cn.yiwang.id.server.saml.registry;

import cn.yiwang.id.federation.registry.Violation;
import java.util.List;

/** A service provider definition that breaks one or more rules of {@link ServiceProviderValidator}. */
public final class InvalidServiceProviderException extends RuntimeException {

    private final transient List<Violation> violations;

    public InvalidServiceProviderException(List<Violation> violations) {
        super(violations.size() + " invalid field(s): " + violations);
        this.violations = List.copyOf(violations);
    }

    /** @return every violation, in the order of the rules */
    public List<Violation> violations() {
        return this.violations;
    }
}
