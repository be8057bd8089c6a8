package cn.yiwang.id.server.saml;

import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.SamlXml;
import java.util.List;
import java.util.Optional;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The {@code <Subject>} an AuthnRequest names (SAML core §3.4.1): the principal the SP wants an assertion about.
 * Only a plain-text {@code NameID} can name one of our citizens; what cannot (an {@code EncryptedID} we hold no key
 * for, a {@code BaseID}, a NameID with markup inside, qualifiers that are not ours) is an unknown principal.
 *
 * @param value the NameID's value
 * @param format its {@code Format}, or {@code null} when unspecified
 */
public record RequestedSubject(String value, String format) {

    /** The request names a subject that cannot be one of ours. */
    public static final class Unknown extends RuntimeException {

        private static final long serialVersionUID = 1L;

        Unknown(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Reads the subject of an AuthnRequest.
     * @param authnRequest the request element
     * @param idpEntityId our entity ID (the only {@code NameQualifier} we issue)
     * @param spEntityId the requesting SP's entity ID (the only {@code SPNameQualifier} it may name)
     * @return the subject, or empty when the request names none
     * @throws Unknown when the subject cannot name one of our citizens
     */
    public static Optional<RequestedSubject> read(Element authnRequest, String idpEntityId, String spEntityId) {
        List<Element> subjects = SamlXml.children(authnRequest, SamlNames.ASSERTION_NS, "Subject");
        if (subjects.isEmpty()) {
            return Optional.empty();
        }
        if (subjects.size() > 1) {
            throw new Unknown("The request names more than one subject");
        }
        List<Element> nameIds = SamlXml.children(subjects.get(0), SamlNames.ASSERTION_NS, "NameID");
        if (nameIds.size() != 1) {
            throw new Unknown("The requested subject has no plain NameID");
        }
        Element nameId = nameIds.get(0);
        for (Node node = nameId.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node.getNodeType() != Node.TEXT_NODE) {
                throw new Unknown("The requested NameID is not plain text");
            }
        }
        String value = nameId.getTextContent().strip();
        String qualifier = nameId.getAttributeNS(null, "NameQualifier");
        String spQualifier = nameId.getAttributeNS(null, "SPNameQualifier");
        if (value.isEmpty()
                || (!qualifier.isEmpty() && !qualifier.equals(idpEntityId))
                || (!spQualifier.isEmpty() && !spQualifier.equals(spEntityId))) {
            throw new Unknown("The requested NameID is not one we issued to this service provider");
        }
        String format = nameId.getAttributeNS(null, "Format");
        return Optional.of(new RequestedSubject(value, format.isEmpty() ? null : format));
    }
}
