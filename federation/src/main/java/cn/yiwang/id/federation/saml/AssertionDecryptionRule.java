package cn.yiwang.id.federation.saml;

import cn.yiwang.id.saml.SamlException;
import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.SamlXml;
import cn.yiwang.id.saml.UniqueIds;
import cn.yiwang.id.saml.XmlEncryption;
import java.security.PrivateKey;
import org.w3c.dom.Element;

/**
 * An {@code EncryptedAssertion} is decrypted with our SP decryption key (core §2.3.4; the active one, else the next
 * or a retired one, since the IdP may have encrypted to any certificate our metadata publishes), its plaintext parsed
 * as safely as the message itself; the result must be one assertion, holding no other, with unique IDs. A plain
 * assertion is used as it is. Either way, this is the element every later rule reads.
 */
final class AssertionDecryptionRule implements SamlResponseRule {

    @Override
    public void check(SamlResponseCheck response) throws SamlRejection {
        Element selected = response.selected();
        if (SamlXml.is(selected, SamlNames.ASSERTION_NS, "Assertion")) {
            response.assertion(selected);
            return;
        }
        Element assertion = null;
        for (PrivateKey key : response.decryptionKeys()) {
            try {
                assertion = XmlEncryption.decrypt(selected, key);
                break;
            } catch (SamlException ex) {
                if (ex.reason().equals("dtd_not_allowed") || ex.reason().equals("message_too_large")) {
                    throw SamlRejection.invalid("saml-" + ex.reason().replace('_', '-'));
                }
                // encrypted to another of our keys, or undecryptable: the next key decides
            }
        }
        if (assertion == null) {
            throw SamlRejection.invalid("saml-decryption-failed");
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
