package cn.yiwang.id.kit.registry;

import java.util.ArrayList;
import java.util.List;

/**
 * The validation rules of a registry's entries, one small method per field, listed in the order their violations
 * are reported; every rule runs, so an administrator sees every problem at once.
 *
 * @param <T> the entry
 */
public final class DefinitionRules<T> {

    /** One rule: the violations it finds in an entry, or none. */
    @FunctionalInterface
    public interface Rule<T> {

        List<Violation> check(T entry);
    }

    private final List<Rule<T>> rules;

    private DefinitionRules(List<Rule<T>> rules) {
        this.rules = List.copyOf(rules);
    }

    /** @return the rules, in the order their violations are reported */
    @SafeVarargs
    public static <T> DefinitionRules<T> of(Rule<T>... rules) {
        return new DefinitionRules<>(List.of(rules));
    }

    /** @return every violation, in the order of the rules; empty when the entry may be stored */
    public List<Violation> validate(T entry) {
        List<Violation> violations = new ArrayList<>();
        this.rules.forEach((rule) -> violations.addAll(rule.check(entry)));
        return List.copyOf(violations);
    }

    /** @return one violation, as a rule returns it */
    public static List<Violation> violation(String field, String message) {
        return List.of(new Violation(field, message));
    }
}
