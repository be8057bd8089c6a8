package cn.yiwang.id.federation.registry;

import cn.yiwang.id.kit.registry.InvalidDefinitionException;
import cn.yiwang.id.kit.registry.Violation;
import java.util.List;

/** An identity provider definition that breaks one or more rules of {@link IdentityProviderValidator}. */
public final class InvalidIdentityProviderException extends InvalidDefinitionException {

    public InvalidIdentityProviderException(List<Violation> violations) {
        super(violations);
    }
}
