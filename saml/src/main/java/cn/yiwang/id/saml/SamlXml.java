package cn.yiwang.id.saml;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Small DOM helpers for reading and building SAML elements by namespace and local name. */
public final class SamlXml {

    private SamlXml() {}

    /** The direct children with that name, in document order (never a deep search: that is how wrapping works). */
    public static List<Element> children(Element parent, String namespace, String localName) {
        List<Element> found = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element child
                    && namespace.equals(child.getNamespaceURI())
                    && localName.equals(child.getLocalName())) {
                found.add(child);
            }
        }
        return found;
    }

    public static Optional<Element> child(Element parent, String namespace, String localName) {
        List<Element> found = children(parent, namespace, localName);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    public static List<Element> elementChildren(Element parent) {
        List<Element> found = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element child) {
                found.add(child);
            }
        }
        return found;
    }

    /** The trimmed text of a direct child, or empty when it is missing or blank. */
    public static Optional<String> childText(Element parent, String namespace, String localName) {
        return child(parent, namespace, localName)
                .map((e) -> e.getTextContent().trim())
                .filter((t) -> !t.isEmpty());
    }

    /** An attribute without a namespace, or empty when absent. */
    public static Optional<String> attribute(Element element, String name) {
        return element.hasAttributeNS(null, name) ? Optional.of(element.getAttributeNS(null, name)) : Optional.empty();
    }

    public static boolean is(Element element, String namespace, String localName) {
        return element != null
                && namespace.equals(element.getNamespaceURI())
                && localName.equals(element.getLocalName());
    }

    /** A new element with the usual prefix for its namespace ({@code samlp}, {@code saml}, {@code md}, {@code ds}). */
    public static Element create(Document document, String namespace, String localName) {
        return document.createElementNS(namespace, prefix(namespace) + ":" + localName);
    }

    public static Element append(Element parent, String namespace, String localName) {
        Element child = create(parent.getOwnerDocument(), namespace, localName);
        parent.appendChild(child);
        return child;
    }

    public static Element appendText(Element parent, String namespace, String localName, String text) {
        Element child = append(parent, namespace, localName);
        child.setTextContent(text);
        return child;
    }

    static String prefix(String namespace) {
        return switch (namespace) {
            case SamlNames.PROTOCOL_NS -> "samlp";
            case SamlNames.ASSERTION_NS -> "saml";
            case SamlNames.METADATA_NS -> "md";
            case SamlNames.DSIG_NS -> "ds";
            case SamlNames.XENC_NS -> "xenc";
            case SamlNames.XSI_NS -> "xsi";
            case SamlNames.XS_NS -> "xs";
            default -> throw new IllegalArgumentException("No prefix for " + namespace);
        };
    }
}
