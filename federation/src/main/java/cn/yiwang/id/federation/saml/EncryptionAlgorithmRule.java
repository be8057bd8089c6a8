package cn.yiwang.id.federation.saml;

import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.SamlXml;
import java.util.Optional;
import java.util.Set;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * An {@code EncryptedAssertion} may only use the algorithms that resist known attacks, checked before anything is
 * decrypted: the content key transported with RSA-OAEP ({@code xmlenc#rsa-oaep-mgf1p}, {@code xmlenc11#rsa-oaep};
 * never RSA PKCS#1 v1.5, {@code xmlenc#rsa-1_5}, open to Bleichenbacher's oracle, nor key agreement), and the
 * content encrypted with AES-GCM ({@code xmlenc11#aes128-gcm}, {@code aes192-gcm}, {@code aes256-gcm}). AES-CBC
 * (open to padding oracles) only for a province an administrator flagged {@code legacy-cbc}; each such use is
 * recorded on the check for the audit. A plain assertion has nothing to check.
 */
final class EncryptionAlgorithmRule implements SamlResponseRule {

    static final Set<String> KEY_TRANSPORT =
            Set.of("http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p", "http://www.w3.org/2009/xmlenc11#rsa-oaep");

    static final Set<String> CONTENT = Set.of(
            "http://www.w3.org/2009/xmlenc11#aes128-gcm",
            "http://www.w3.org/2009/xmlenc11#aes192-gcm",
            "http://www.w3.org/2009/xmlenc11#aes256-gcm");

    static final Set<String> LEGACY_CONTENT = Set.of(
            "http://www.w3.org/2001/04/xmlenc#aes128-cbc",
            "http://www.w3.org/2001/04/xmlenc#aes192-cbc",
            "http://www.w3.org/2001/04/xmlenc#aes256-cbc");

    @Override
    public void check(SamlResponseCheck response) throws SamlRejection {
        Element selected = response.selected();
        if (!SamlXml.is(selected, SamlNames.ASSERTION_NS, "EncryptedAssertion")) {
            return;
        }
        NodeList keys = selected.getElementsByTagNameNS(SamlNames.XENC_NS, "EncryptedKey");
        if (keys.getLength() == 0
                || selected.getElementsByTagNameNS(SamlNames.XENC_NS, "AgreementMethod")
                                .getLength()
                        > 0) {
            throw SamlRejection.invalid("saml-key-transport-not-allowed");
        }
        for (int i = 0; i < keys.getLength(); i++) {
            if (!KEY_TRANSPORT.contains(algorithm((Element) keys.item(i)).orElse(""))) {
                throw SamlRejection.invalid("saml-key-transport-not-allowed");
            }
        }
        String content = SamlXml.child(selected, SamlNames.XENC_NS, "EncryptedData")
                .flatMap(EncryptionAlgorithmRule::algorithm)
                .orElse("");
        if (CONTENT.contains(content)) {
            return;
        }
        if (LEGACY_CONTENT.contains(content) && response.legacyCbcAllowed()) {
            response.legacyCbcUsed(content);
            return;
        }
        throw SamlRejection.invalid("saml-content-encryption-not-allowed");
    }

    /** The {@code Algorithm} of an encrypted element's {@code EncryptionMethod}; none means it is implied: refused. */
    private static Optional<String> algorithm(Element encrypted) {
        return SamlXml.child(encrypted, SamlNames.XENC_NS, "EncryptionMethod")
                .map((method) -> method.getAttribute("Algorithm").strip())
                .filter((value) -> !value.isEmpty());
    }
}
