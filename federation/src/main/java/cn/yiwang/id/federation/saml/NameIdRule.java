package cn.yiwang.id.federation.saml;

import cn.yiwang.id.federation.SamlNameId;
import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.SamlXml;
import java.util.List;
import org.w3c.dom.Element;

/**
 * The subject is named by one {@code NameID} (core §2.2.3), whose content is a single text node: a NameID with a
 * comment or an element inside is refused, never concatenated or cut at the comment
 * ({@code <NameID>alice<!---->@evil</NameID>} keeps the IdP's signature valid while a careless reader sees
 * {@code alice}). It becomes the upstream subject, so it fits the link table (255 characters); its format and
 * qualifiers are kept as given, for Single Logout. An {@code EncryptedID} is not supported.
 */
final class NameIdRule implements SamlResponseRule {

    static final int MAX_SUBJECT = 255;

    static final int MAX_QUALIFIER = 1024;

    @Override
    public void check(SamlResponseCheck response) throws SamlRejection {
        Element subject = SamlXml.child(response.assertion(), SamlNames.ASSERTION_NS, "Subject")
                .orElseThrow();
        List<Element> nameIds = SamlXml.children(subject, SamlNames.ASSERTION_NS, "NameID");
        if (nameIds.isEmpty()) {
            throw SamlRejection.invalid(
                    SamlXml.child(subject, SamlNames.ASSERTION_NS, "EncryptedID")
                                    .isPresent()
                            ? "saml-encrypted-nameid-unsupported"
                            : "saml-missing-nameid");
        }
        if (nameIds.size() > 1) {
            throw SamlRejection.invalid("saml-multiple-nameids");
        }
        Element nameId = nameIds.get(0);
        if (nameId.getFirstChild() == null) {
            throw SamlRejection.invalid("saml-missing-nameid");
        }
        String value = PlainText.of(nameId);
        if (value == null) {
            throw SamlRejection.invalid("saml-nameid-not-plain-text");
        }
        value = value.strip();
        if (value.isEmpty()) {
            throw SamlRejection.invalid("saml-missing-nameid");
        }
        if (value.length() > MAX_SUBJECT) {
            throw SamlRejection.invalid("saml-nameid-too-long");
        }
        String format = nameId.getAttributeNS(null, "Format");
        String nameQualifier = nameId.getAttributeNS(null, "NameQualifier");
        String spNameQualifier = nameId.getAttributeNS(null, "SPNameQualifier");
        // kept with the session for Single Logout: bounded like the value
        if (format.length() > MAX_QUALIFIER
                || nameQualifier.length() > MAX_QUALIFIER
                || spNameQualifier.length() > MAX_QUALIFIER) {
            throw SamlRejection.invalid("saml-nameid-too-long");
        }
        response.nameId(value);
        response.samlNameId(new SamlNameId(value, format, nameQualifier, spNameQualifier));
    }
}
