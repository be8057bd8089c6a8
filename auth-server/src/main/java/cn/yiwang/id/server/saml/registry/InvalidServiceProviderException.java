package cn.yiwang.id.server.saml.registry;

import cn.yiwang.id.kit.registry.InvalidDefinitionException;
import cn.yiwang.id.kit.registry.Violation;
import java.util.List;

/** A service provider definition that breaks one or more rules of {@link ServiceProviderValidator}. */
public final class InvalidServiceProviderException extends InvalidDefinitionException {

    public InvalidServiceProviderException(List<Violation> violations) {
        super(violations);
    }
}
