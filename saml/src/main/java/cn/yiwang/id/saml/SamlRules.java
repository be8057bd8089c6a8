package cn.yiwang.id.saml;

import java.util.List;

/**
 * The pipeline for one kind of incoming SAML message: its rules, in the order they run, read as a table. The
 * first rule that does not hold rejects the message and no later rule runs, so a list puts structure and
 * signatures before anything that reads signed content, and whatever uses up an identifier (a replay cache)
 * last. The federation's SAML responses and logout messages and the IdP's AuthnRequests and LogoutRequests each
 * have one.
 *
 * @param <M> the message under check
 * @param <X> what a broken rule throws
 */
public final class SamlRules<M, X extends Exception> {

    private final List<SamlRule<M, X>> rules;

    private SamlRules(List<SamlRule<M, X>> rules) {
        this.rules = List.copyOf(rules);
    }

    /** @return the pipeline of these rules, in this order */
    @SafeVarargs
    public static <M, X extends Exception> SamlRules<M, X> of(SamlRule<M, X>... rules) {
        return new SamlRules<>(List.of(rules));
    }

    /** @return the pipeline of these rules, in this order */
    public static <M, X extends Exception> SamlRules<M, X> of(List<? extends SamlRule<M, X>> rules) {
        return new SamlRules<>(List.copyOf(rules));
    }

    /**
     * Runs every rule in order.
     * @throws X from the first rule that does not hold
     */
    public void check(M message) throws X {
        for (SamlRule<M, X> rule : this.rules) {
            rule.check(message);
        }
    }

    /** @return the rules, in order */
    public List<SamlRule<M, X>> rules() {
        return this.rules;
    }
}
