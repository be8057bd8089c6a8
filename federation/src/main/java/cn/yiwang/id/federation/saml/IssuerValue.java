package cn.yiwang.id.federation.saml;

import cn.yiwang.id.saml.SamlNames;
import org.w3c.dom.Element;

/** Compares a {@code saml:Issuer} with an entity ID: exact text, and the entity format when a format is given. */
final class IssuerValue {

    private IssuerValue() {}

    static boolean matches(Element issuer, String entityId) {
        String format = issuer.getAttributeNS(null, "Format");
        if (!format.isEmpty() && !SamlNames.NAMEID_ENTITY.equals(format)) {
            return false;
        }
        String text = PlainText.of(issuer);
        return text != null && text.strip().equals(entityId);
    }
}
