package cn.yiwang.id.federation.saml;

import java.util.List;

/**
 * The one place that lists what a SAML response must satisfy, in the order the rules run. Structure and
 * signatures come first, so that no later rule reads an element no verified signature covers; the replay cache
 * comes last, so that only a response valid in every other way takes a place in it.
 */
final class SamlResponseRules {

    private SamlResponseRules() {}

    /**
     * The rules of the Web Browser SSO profile as the federation applies them.
     * @param replayCache where used assertion IDs are remembered
     * @return the rules, in order
     */
    static List<SamlResponseRule> standard(SamlReplayCache replayCache) {
        return List.of(
                new ParseRule(), // size, base64, no DTD
                new ResponseElementRule(), // samlp:Response, 2.0, ID
                new UniqueIdsRule(), // no duplicate IDs in the message
                new ResponseIssuerRule(), // = the IdP's entity ID
                new DestinationRule(), // = our ACS; required when signed
                new InResponseToRule(), // = our pending request; unsolicited refused
                new StatusRule(), // Success, else a denial
                new SingleAssertionRule(), // exactly one, a direct child, none elsewhere
                new ResponseSignatureRule(), // when signed: over this response, metadata keys only
                new EncryptionAlgorithmRule(), // RSA-OAEP key transport; AES-GCM (AES-CBC only if flagged legacy-cbc)
                new AssertionDecryptionRule(), // EncryptedAssertion -> the assertion read from now on
                new UniqueIdsRule(), // also in the decrypted assertion
                new AssertionSignatureRule(), // when signed: over this assertion; some signature is required
                new AssertionIssuerRule(), // = the IdP's entity ID
                new ConditionsTimeRule(), // NotBefore / NotOnOrAfter with the clock skew
                new AudienceRule(), // our SP entity ID
                new SubjectConfirmationRule(), // bearer: Recipient, InResponseTo, NotOnOrAfter
                new NameIdRule(), // one NameID, plain text
                new AuthnStatementRule(), // present; SessionIndex, AuthnContextClassRef
                new AttributeStatementRule(), // single plain values by Name
                new ReplayRule(replayCache)); // first use of the assertion ID
    }
}
