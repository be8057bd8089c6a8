package cn.yiwang.id.kit.registry;

import static cn.yiwang.id.kit.registry.DefinitionRules.violation;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DefinitionRulesTests {

    private record Entry(String alias, int order) {}

    private static final DefinitionRules<Entry> RULES = DefinitionRules.of(
            (entry) -> (entry.alias() != null) ? List.of() : violation("alias", "is required"),
            (entry) -> (entry.order() >= 0) ? List.of() : violation("order", "must not be negative"));

    @Test
    void validateWhenSeveralRulesBrokenThenEveryViolationInRuleOrder() {
        assertThat(RULES.validate(new Entry(null, -1)))
                .containsExactly(new Violation("alias", "is required"), new Violation("order", "must not be negative"));
    }

    @Test
    void validateWhenValidThenNone() {
        assertThat(RULES.validate(new Entry("a", 0))).isEmpty();
    }
}
