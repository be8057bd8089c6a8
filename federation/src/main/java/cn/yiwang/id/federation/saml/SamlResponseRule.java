package cn.yiwang.id.federation.saml;

import cn.yiwang.id.saml.SamlRule;

/**
 * One rule a SAML response must satisfy, in the saml module's pipeline ({@link SamlRule}). Each rule is a class of its own, named after what it checks and citing
 * the specification it comes from; {@link SamlResponseRules#standard} lists them in the order they run. Some rules
 * also take a step the later ones rely on (parse the message, pick the one assertion, decrypt it), recording it
 * in the {@link SamlResponseCheck}.
 */
@FunctionalInterface
interface SamlResponseRule extends SamlRule<SamlResponseCheck, SamlRejection> {}
