package cn.yiwang.id.saml;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * No two elements of a message carry the same identifier, by any of the attribute names a signature reference can
 * resolve ({@code ID}, {@code Id}, {@code id}, and SAML 1's {@code AssertionID}): xs:ID is unique by the schema
 * (core §1.3.4), and a duplicate is how signature wrapping points a verified reference at one element while the
 * reader uses another. The one such check for every incoming message, federation's and the IdP's.
 */
public final class UniqueIds {

    private UniqueIds() {}

    /**
     * Walks the element and its descendants without recursion, so a deep document cannot exhaust the stack.
     * @return whether every identifier under {@code root} is unique
     */
    public static boolean in(Element root) {
        Set<String> seen = new HashSet<>();
        Deque<Element> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            Element element = pending.pop();
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
                if (child instanceof Element nested) {
                    pending.push(nested);
                }
            }
        }
        return true;
    }
}
