package cn.yiwang.id.server.client;

import cn.yiwang.id.federation.registry.Violation;
import java.util.List;
import java.util.stream.Collectors;

/** A client definition breaks one or more rules; each violation names its field. */
public final class InvalidClientException extends RuntimeException {

    private final transient List<Violation> violations;

    public InvalidClientException(List<Violation> violations) {
        super("Invalid client: "
                + violations.stream().map((v) -> v.field() + ": " + v.message()).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return this.violations;
    }
}
