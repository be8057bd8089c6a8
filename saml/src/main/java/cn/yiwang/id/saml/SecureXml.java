package cn.yiwang.id.saml;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parses and writes SAML XML with a parser that refuses DTDs (so no entity expansion and no
 * external entities), XInclude and oversized input: every SAML byte from outside goes through here.
 */
public final class SecureXml {

    /** The largest message or metadata document accepted, before or after inflation. */
    public static final int MAX_BYTES = 512 * 1024;

    /** The deepest element nesting accepted. */
    public static final int MAX_DEPTH = 100;

    private static final DocumentBuilderFactory FACTORY = factory();

    private static final ErrorHandler SILENT = new ErrorHandler() {

        @Override
        public void warning(SAXParseException exception) {}

        @Override
        public void error(SAXParseException exception) throws SAXException {
            throw exception;
        }

        @Override
        public void fatalError(SAXParseException exception) throws SAXException {
            throw exception;
        }
    };

    private SecureXml() {}

    /** Parses a whole document; a DOCTYPE anywhere, malformed XML or too many bytes is refused. */
    public static Document parse(byte[] xml) {
        if (xml == null || xml.length == 0) {
            throw new SamlException("empty_message", "The XML document is empty");
        }
        if (xml.length > MAX_BYTES) {
            throw new SamlException("message_too_large", "The XML document exceeds " + MAX_BYTES + " bytes");
        }
        try {
            DocumentBuilder builder = FACTORY.newDocumentBuilder();
            builder.setErrorHandler(SILENT);
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are not allowed");
            });
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (SAXException ex) {
            String message = String.valueOf(ex.getMessage());
            if (message.contains("DOCTYPE")) {
                throw new SamlException("dtd_not_allowed", "DTDs and entities are not allowed in SAML messages");
            }
            if (message.contains("maxElementDepth")) {
                throw new SamlException("too_deep", "The XML document nests deeper than " + MAX_DEPTH + " levels");
            }
            throw new SamlException("malformed_xml", "The XML document is not well-formed");
        } catch (IOException | ParserConfigurationException ex) {
            throw new SamlException("malformed_xml", "The XML document cannot be read", ex);
        }
    }

    /** An empty namespace-aware document to build messages in. */
    public static Document newDocument() {
        try {
            return FACTORY.newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The node as UTF-8 XML, without an XML declaration and without re-indenting (signatures stay valid). */
    public static byte[] toBytes(Node node) {
        try {
            // the JDK's own factory: newInstance() searches every jar's services on each call
            TransformerFactory factory = TransformerFactory.newDefaultInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            Transformer transformer = factory.newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.setOutputProperty(OutputKeys.INDENT, "no");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            transformer.transform(new DOMSource(node), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException ex) {
            throw new IllegalStateException("Cannot serialise XML", ex);
        }
    }

    public static String toString(Node node) {
        return new String(toBytes(node), StandardCharsets.UTF_8);
    }

    private static DocumentBuilderFactory factory() {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        factory.setIgnoringComments(false);
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            // SAML nests a dozen levels deep; a deeper document is an attack on every recursive walk after us
            factory.setAttribute("http://www.oracle.com/xml/jaxp/properties/maxElementDepth", MAX_DEPTH);
        } catch (ParserConfigurationException | IllegalArgumentException ex) {
            throw new IllegalStateException("The XML parser cannot be made safe", ex);
        }
        return factory;
    }
}
