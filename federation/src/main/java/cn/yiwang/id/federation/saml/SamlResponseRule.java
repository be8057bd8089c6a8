package cn.yiwang.id.federation.saml;

/**
 * One rule a SAML response must satisfy. Each rule is a class of its own, named after what it checks and citing
 * the specification it comes from; {@link SamlResponseRules#standard} lists them in the order they run. Some rules
 * also take a step the later ones rely on (parse the message, pick the one assertion, decrypt it), recording it
 * in the {@link SamlResponseCheck}.
 */
@FunctionalInterface
interface SamlResponseRule {

    /**
     * Checks the response.
     * @param response the response so far and what it is checked against
     * @throws SamlRejection when the rule does not hold
     */
    void check(SamlResponseCheck response) throws SamlRejection;
}
