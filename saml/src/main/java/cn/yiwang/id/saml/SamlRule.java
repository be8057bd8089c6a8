package cn.yiwang.id.saml;

/**
 * One rule an incoming SAML message must satisfy. Each rule is small and named after what it checks, citing the
 * specification it comes from; a {@link SamlRules} lists them in the order they run. A rule may also take a step
 * the later ones rely on (parse the message, find its sender, pick the one assertion), recording it in the
 * message under check {@code M}.
 *
 * @param <M> the message under check, with what it is checked against and what earlier rules established
 * @param <X> what a broken rule throws: the reader's own rejection, naming the reason
 */
@FunctionalInterface
public interface SamlRule<M, X extends Exception> {

    /**
     * Checks the message.
     * @throws X when the rule does not hold
     */
    void check(M message) throws X;
}
