package cn.yiwang.id.federation.saml;

import cn.yiwang.id.saml.SamlException;
import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.SamlXml;
import cn.yiwang.id.saml.UniqueIds;
import cn.yiwang.id.saml.XmlEncryption;
import org.w3c.dom.Element;

/**
 * An {@code EncryptedAssertion} is decrypted with our SP key (core §2.3.4), its plaintext parsed as safely as the
 * message itself; the result must be one assertion, holding no other, with unique IDs. A plain assertion is used as
 * it is. Either way, this is the element every later rule reads.
 */
final class AssertionDecryptionRule implements SamlResponseRule {

    @Override
    public void check(SamlResponseCheck response) throws SamlRejection {
        Element selected = response.selected();
        if (SamlXml.is(selected, SamlNames.ASSERTION_NS, "Assertion")) {
            response.assertion(selected);
            return;
        }
        if (response.decryptionKey() == null) {
            throw SamlRejection.invalid("saml-decryption-failed");
        }
        Element assertion;
        try {
            assertion = XmlEncryption.decrypt(selected, response.decryptionKey());
        } catch (SamlException ex) {
            throw SamlRejection.invalid(
                    (ex.reason().equals("dtd_not_allowed") || ex.reason().equals("message_too_large"))
                            ? "saml-" + ex.reason().replace('_', '-')
                            : "saml-decryption-failed");
        }
        if (assertion
                                .getElementsByTagNameNS(SamlNames.ASSERTION_NS, "Assertion")
                                .getLength()
                        > 0
                || assertion
                                .getElementsByTagNameNS(SamlNames.ASSERTION_NS, "EncryptedAssertion")
                                .getLength()
                        > 0) {
            throw SamlRejection.invalid("saml-multiple-assertions");
        }
        if (!UniqueIds.in(assertion.getOwnerDocument().getDocumentElement())) {
            throw SamlRejection.invalid("saml-duplicate-id");
        }
        response.assertion(assertion);
    }
}
