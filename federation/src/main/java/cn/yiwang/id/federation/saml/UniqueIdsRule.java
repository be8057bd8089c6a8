package cn.yiwang.id.federation.saml;

import java.util.HashSet;
import java.util.Set;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * No two elements carry the same identifier ({@code ID}, {@code Id}, {@code AssertionID}): xs:ID is unique by the
 * schema (core §1.3.4), and a duplicate is how signature wrapping points a verified reference at one element while
 * the reader uses another. Checked in the response and, once decrypted, in the assertion.
 */
final class UniqueIdsRule implements SamlResponseRule {

    @Override
    public void check(SamlResponseCheck response) throws SamlRejection {
        requireUnique(response.response());
        if (response.assertion() != null
                && response.assertion().getOwnerDocument()
                        != response.response().getOwnerDocument()) {
            requireUnique(response.assertion().getOwnerDocument().getDocumentElement());
        }
    }

    static void requireUnique(Element root) throws SamlRejection {
        if (!collect(root, new HashSet<>())) {
            throw SamlRejection.invalid("saml-duplicate-id");
        }
    }

    private static boolean collect(Element element, Set<String> seen) {
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attribute = (Attr) attributes.item(i);
            String name = attribute.getLocalName();
            if (("ID".equals(name) || "Id".equals(name) || "id".equals(name) || "AssertionID".equals(name))
                    && !seen.add(attribute.getValue())) {
                return false;
            }
        }
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element nested && !collect(nested, seen)) {
                return false;
            }
        }
        return true;
    }
}
