package cn.yiwang.id.federation.saml;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The text of an element that holds nothing but one text node. A comment or a child element inside a value that
 * a signature covers is how an attacker changes what a careless reader sees without breaking the signature
 * (comments are not canonicalised): such a value is refused, never concatenated or truncated.
 */
final class PlainText {

    private PlainText() {}

    /**
     * @param element the element
     * @return its text, or {@code null} when it is empty or holds anything but a single text node
     */
    static String of(Element element) {
        Node only = element.getFirstChild();
        if (only == null || only.getNextSibling() != null || only.getNodeType() != Node.TEXT_NODE) {
            return null;
        }
        return only.getNodeValue();
    }
}
