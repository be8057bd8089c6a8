package cn.yiwang.id.account.search;

import cn.yiwang.id.kit.registry.InvalidDefinitionException;
import cn.yiwang.id.kit.registry.Violation;
import java.util.List;

/** An account search that cannot be run, with what is wrong field by field. */
public final class InvalidAccountQueryException extends InvalidDefinitionException {

    public InvalidAccountQueryException(List<Violation> violations) {
        super(violations);
    }
}
