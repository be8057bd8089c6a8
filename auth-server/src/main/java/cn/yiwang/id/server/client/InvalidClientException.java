package cn.yiwang.id.server.client;

import cn.yiwang.id.kit.registry.InvalidDefinitionException;
import cn.yiwang.id.kit.registry.Violation;
import java.util.List;

/** A client definition breaks one or more rules; each violation names its field as the admin API spells it. */
public final class InvalidClientException extends InvalidDefinitionException {

    public InvalidClientException(List<Violation> violations) {
        super(violations);
    }
}
