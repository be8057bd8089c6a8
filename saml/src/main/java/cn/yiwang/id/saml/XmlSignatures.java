package cn.yiwang.id.saml;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import org.apache.xml.security.Init;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.signature.Reference;
import org.apache.xml.security.signature.SignedInfo;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.signature.XMLSignatureInput;
import org.apache.xml.security.transforms.Transform;
import org.apache.xml.security.transforms.Transforms;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Enveloped XML signatures over one SAML element, and their verification that refuses signature
 * wrapping: the signature must be the element's own direct child and its only reference must point
 * to that element, by an ID no other element in the document carries.
 */
public final class XmlSignatures {

    /** Signature algorithms accepted from others; SHA-1 is not among them. */
    public static final Set<String> ACCEPTED_SIGNATURE_ALGORITHMS = Set.of(
            XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256,
            XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA384,
            XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA512,
            XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA256,
            XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA384,
            XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA512);

    private static final Set<String> ACCEPTED_DIGESTS = Set.of(
            "http://www.w3.org/2001/04/xmlenc#sha256",
            "http://www.w3.org/2001/04/xmldsig-more#sha384",
            "http://www.w3.org/2001/04/xmlenc#sha512");

    /** Only these transforms: no XPath, no XSLT, nothing that selects or rewrites content. */
    private static final Set<String> ACCEPTED_TRANSFORMS = Set.of(
            Transforms.TRANSFORM_ENVELOPED_SIGNATURE,
            Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS,
            Transforms.TRANSFORM_C14N_EXCL_WITH_COMMENTS,
            Transforms.TRANSFORM_C14N_OMIT_COMMENTS,
            Transforms.TRANSFORM_C14N11_OMIT_COMMENTS);

    private static final Set<String> ACCEPTED_C14N = Set.of(
            Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS,
            Canonicalizer.ALGO_ID_C14N_EXCL_WITH_COMMENTS,
            Canonicalizer.ALGO_ID_C14N_OMIT_COMMENTS,
            Canonicalizer.ALGO_ID_C14N11_OMIT_COMMENTS);

    static {
        Init.init();
    }

    private XmlSignatures() {}

    /**
     * Signs the element in place: RSA-SHA256 over its exclusive canonical form, the signature placed
     * right after its {@code saml:Issuer} child (the schema's place for it) or first.
     */
    public static void sign(Element element, PrivateKey key, X509Certificate certificate) {
        String id = element.getAttribute("ID");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("The element to sign has no ID");
        }
        element.setIdAttributeNS(null, "ID", true);
        Document document = element.getOwnerDocument();
        try {
            String algorithm = "EC".equals(key.getAlgorithm())
                    ? XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA256
                    : XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256;
            XMLSignature signature =
                    new XMLSignature(document, "", algorithm, Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
            Node issuer =
                    SamlXml.child(element, SamlNames.ASSERTION_NS, "Issuer").orElse(null);
            Node before = (issuer != null) ? nextElementSibling(issuer) : firstElementChild(element);
            element.insertBefore(signature.getElement(), before);
            Transforms transforms = new Transforms(document);
            transforms.addTransform(Transforms.TRANSFORM_ENVELOPED_SIGNATURE);
            transforms.addTransform(Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS);
            signature.addDocument("#" + id, transforms, "http://www.w3.org/2001/04/xmlenc#sha256");
            if (certificate != null) {
                signature.addKeyInfo(certificate);
            }
            signature.sign(key);
        } catch (XMLSecurityException ex) {
            throw new IllegalStateException("Cannot sign the SAML element", ex);
        }
    }

    /** Whether the element carries a signature of its own (a direct {@code ds:Signature} child). */
    public static boolean isSigned(Element element) {
        return SamlXml.child(element, SamlNames.DSIG_NS, "Signature").isPresent();
    }

    /**
     * True only when the element's own signature covers exactly this element and validates with one
     * of the trusted certificates; any key the message itself carries is ignored.
     */
    public static boolean verify(Element element, List<X509Certificate> trusted) {
        String id = element.getAttribute("ID");
        if (id.isEmpty() || trusted.isEmpty()) {
            return false;
        }
        List<Element> signatures = SamlXml.children(element, SamlNames.DSIG_NS, "Signature");
        if (signatures.size() != 1 || countIds(element.getOwnerDocument().getDocumentElement(), id) != 1) {
            return false;
        }
        element.setIdAttributeNS(null, "ID", true);
        try {
            XMLSignature signature = new XMLSignature(signatures.get(0), "", true);
            SignedInfo signedInfo = signature.getSignedInfo();
            if (!ACCEPTED_SIGNATURE_ALGORITHMS.contains(signedInfo.getSignatureMethodURI())
                    || !ACCEPTED_C14N.contains(signedInfo.getCanonicalizationMethodURI())
                    || signedInfo.getLength() != 1) {
                return false;
            }
            Reference reference = signedInfo.item(0);
            if (!("#" + id).equals(reference.getURI())
                    || !ACCEPTED_DIGESTS.contains(
                            reference.getMessageDigestAlgorithm().getAlgorithmURI())
                    || !acceptedTransforms(reference.getTransforms())) {
                return false;
            }
            for (X509Certificate certificate : trusted) {
                if (signature.checkSignatureValue(certificate.getPublicKey())) {
                    return signedElement(reference) == element;
                }
            }
            return false;
        } catch (XMLSecurityException | RuntimeException ex) {
            return false;
        }
    }

    private static boolean acceptedTransforms(Transforms transforms) throws XMLSecurityException {
        if (transforms == null) {
            return true;
        }
        for (int i = 0; i < transforms.getLength(); i++) {
            Transform transform = transforms.item(i);
            if (!ACCEPTED_TRANSFORMS.contains(transform.getURI())) {
                return false;
            }
        }
        return true;
    }

    private static Node signedElement(Reference reference) throws XMLSecurityException {
        XMLSignatureInput input = reference.getContentsBeforeTransformation();
        return (input != null) ? input.getSubNode() : null;
    }

    // iterative: the document came from outside, and its depth is not ours to trust with the stack
    private static int countIds(Element root, String id) {
        int count = 0;
        java.util.ArrayDeque<Element> pending = new java.util.ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            Element element = pending.pop();
            NamedNodeMap attributes = element.getAttributes();
            for (int i = 0; i < attributes.getLength(); i++) {
                Attr attribute = (Attr) attributes.item(i);
                String name = attribute.getLocalName();
                if (("ID".equals(name) || "Id".equals(name) || "id".equals(name)) && id.equals(attribute.getValue())) {
                    count++;
                }
            }
            for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
                if (node instanceof Element child) {
                    pending.push(child);
                }
            }
        }
        return count;
    }

    private static Node nextElementSibling(Node node) {
        for (Node next = node.getNextSibling(); next != null; next = next.getNextSibling()) {
            if (next instanceof Element) {
                return next;
            }
        }
        return null;
    }

    private static Node firstElementChild(Element element) {
        for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element) {
                return node;
            }
        }
        return null;
    }
}
