package cn.yiwang.id.server.test;

import cn.yiwang.id.saml.Certificates;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A provincial SAML IdP for the federation tests: a small, separate implementation (JDK HTTP server,
 * JDK XML signatures) that takes our AuthnRequest over HTTP-Redirect, checks its query signature
 * against the certificate in our SP metadata, and answers with a page whose form posts a signed
 * response for whichever citizen the test sets (the browser has no JavaScript: the test presses
 * the button, as a citizen would). For Single Logout it takes our LogoutRequest over HTTP-Redirect
 * at {@code /slo} (checking its signature the same way) and redirects back to our SP's single
 * logout service with a signed LogoutResponse; and it makes the LogoutRequests it sends us itself.
 */
public final class TestSamlProvincialIdp implements AutoCloseable {

    /** The citizen the IdP signs in next: NameID, attributes and authentication context. */
    public record Citizen(String nameId, String name, String idNumber, String classRef) {}

    /** A LogoutRequest the IdP received from us, its signature verified. */
    public record ReceivedLogoutRequest(
            String id,
            String issuer,
            String destination,
            String nameId,
            String nameIdFormat,
            String spNameQualifier,
            String sessionIndex,
            String notOnOrAfter) {}

    /** A LogoutResponse from us, its query signature verified with our SP certificate. */
    public record ReceivedLogoutResponse(
            String inResponseTo, String issuer, String destination, String status, String relayState) {}

    private final HttpServer server;
    private final KeyPair key;
    private final X509Certificate certificate;
    private final KeyPair rogue;
    private volatile X509Certificate spCertificate;
    private volatile Citizen citizen;
    private volatile boolean rogueNext;
    private volatile String lastRequestId;
    private volatile String spSingleLogout;
    private volatile String lastSessionIndex;
    private volatile ReceivedLogoutRequest lastLogoutRequest;

    public TestSamlProvincialIdp() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        this.key = generator.generateKeyPair();
        this.rogue = generator.generateKeyPair();
        this.certificate = Certificates.selfSigned(
                this.key, "saml-idp.test", Instant.now().minus(Duration.ofDays(1)), Duration.ofDays(30));
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        this.server.createContext("/sso", this::singleSignOn);
        this.server.createContext("/slo", this::singleLogout);
        this.server.start();
    }

    public String entityId() {
        return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/saml";
    }

    /** The IdP's metadata: its HTTP-Redirect SSO endpoint and its signing certificate. */
    public String metadataXml() {
        return "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\""
                + " xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" entityID=\"" + entityId() + "\">"
                + "<md:IDPSSODescriptor WantAuthnRequestsSigned=\"true\""
                + " protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
                + "<md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>"
                + Certificates.base64(this.certificate)
                + "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
                + "<md:SingleLogoutService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\""
                + " Location=\"" + singleLogoutLocation() + "\"/>"
                + "<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\""
                + " Location=\"http://127.0.0.1:" + this.server.getAddress().getPort() + "/sso\"/>"
                + "</md:IDPSSODescriptor></md:EntityDescriptor>";
    }

    /** Our SP's signing certificate, as our SP metadata publishes it: AuthnRequests must verify with it. */
    public void trustServiceProvider(X509Certificate certificate) {
        this.spCertificate = certificate;
    }

    /** Our SP's single logout service (HTTP-Redirect), as our SP metadata publishes it. */
    public void serviceProviderSingleLogout(String location) {
        this.spSingleLogout = location;
    }

    /** The IdP's single logout service, where our LogoutRequests and LogoutResponses go. */
    public String singleLogoutLocation() {
        return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/slo";
    }

    /** The SessionIndex of the last assertion the IdP issued. */
    public String lastSessionIndex() {
        return this.lastSessionIndex;
    }

    /** The last LogoutRequest from us whose signature held, or null. */
    public ReceivedLogoutRequest lastLogoutRequest() {
        return this.lastLogoutRequest;
    }

    /**
     * The query of a LogoutRequest the IdP sends to our SP over HTTP-Redirect, signed with its key (or
     * with a key not in its metadata).
     */
    public String logoutRequestQuery(
            String id, String nameId, String sessionIndex, String destination, boolean rogueKey) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String xml = "<samlp:LogoutRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\""
                + " xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"" + id + "\" Version=\"2.0\""
                + " IssueInstant=\"" + now + "\" NotOnOrAfter=\"" + now.plus(Duration.ofMinutes(5)) + "\""
                + " Destination=\"" + destination + "\"><saml:Issuer>" + entityId() + "</saml:Issuer>"
                + "<saml:NameID Format=\"urn:oasis:names:tc:SAML:2.0:nameid-format:persistent\">" + nameId
                + "</saml:NameID><samlp:SessionIndex>" + sessionIndex + "</samlp:SessionIndex>"
                + "</samlp:LogoutRequest>";
        return signedQuery("SAMLRequest", xml, "idp-state", rogueKey ? this.rogue : this.key);
    }

    /** Reads our LogoutResponse from the URL we redirected to, verifying its query signature. */
    public ReceivedLogoutResponse logoutResponse(String location) throws Exception {
        String rawQuery = java.net.URI.create(location).getRawQuery();
        Map<String, String> raw = rawParameters(rawQuery);
        if (!verifies("SAMLResponse", raw)) {
            throw new AssertionError("LogoutResponse signature invalid");
        }
        Element response = parse(inflate(Base64.getDecoder().decode(decode(raw.get("SAMLResponse")))))
                .getDocumentElement();
        Element code = (Element) response.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:protocol", "StatusCode")
                .item(0);
        return new ReceivedLogoutResponse(
                response.getAttribute("InResponseTo"),
                assertionText(response, "Issuer"),
                response.getAttribute("Destination"),
                code.getAttribute("Value"),
                raw.containsKey("RelayState") ? decode(raw.get("RelayState")) : null);
    }

    public void signInNext(Citizen next) {
        this.citizen = next;
    }

    /** The next response is signed with a key that is not in the IdP's metadata. */
    public void signWithRogueKeyNext() {
        this.rogueNext = true;
    }

    /** The ID of the last AuthnRequest whose signature held. */
    public String lastRequestId() {
        return this.lastRequestId;
    }

    private void singleSignOn(HttpExchange exchange) throws IOException {
        String rawQuery = exchange.getRequestURI().getRawQuery();
        Map<String, String> raw = rawParameters(rawQuery);
        try {
            if (!verifies("SAMLRequest", raw)) {
                respond(exchange, 400, "AuthnRequest signature invalid");
                return;
            }
            Document request = parse(inflate(Base64.getDecoder().decode(decode(raw.get("SAMLRequest")))));
            Element authnRequest = request.getDocumentElement();
            this.lastRequestId = authnRequest.getAttribute("ID");
            String acs = authnRequest.getAttribute("AssertionConsumerServiceURL");
            String sp = authnRequest
                    .getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:assertion", "Issuer")
                    .item(0)
                    .getTextContent();
            String response = Base64.getEncoder().encodeToString(response(this.lastRequestId, acs, sp));
            respond(
                    exchange,
                    200,
                    "<!DOCTYPE html><html><body><form method=\"post\" action=\"" + acs + "\">"
                            + "<input type=\"hidden\" name=\"SAMLResponse\" value=\"" + response + "\">"
                            + "<input type=\"hidden\" name=\"RelayState\" value=\"" + decode(raw.get("RelayState"))
                            + "\">"
                            + "<button type=\"submit\">继续</button></form></body></html>");
        } catch (Exception ex) {
            respond(exchange, 500, "IdP error: " + ex);
        }
    }

    /** Our LogoutRequest: checked like an AuthnRequest, recorded, and answered with a signed LogoutResponse. */
    private void singleLogout(HttpExchange exchange) throws IOException {
        Map<String, String> raw = rawParameters(exchange.getRequestURI().getRawQuery());
        try {
            if (!raw.containsKey("SAMLRequest") || !verifies("SAMLRequest", raw)) {
                respond(exchange, 400, "LogoutRequest signature invalid");
                return;
            }
            Element request = parse(inflate(Base64.getDecoder().decode(decode(raw.get("SAMLRequest")))))
                    .getDocumentElement();
            Element nameId = (Element) request.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:assertion", "NameID")
                    .item(0);
            this.lastLogoutRequest = new ReceivedLogoutRequest(
                    request.getAttribute("ID"),
                    assertionText(request, "Issuer"),
                    request.getAttribute("Destination"),
                    nameId.getTextContent(),
                    nameId.getAttribute("Format"),
                    nameId.getAttribute("SPNameQualifier"),
                    request.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:protocol", "SessionIndex")
                            .item(0)
                            .getTextContent(),
                    request.getAttribute("NotOnOrAfter"));
            String xml = "<samlp:LogoutResponse xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\""
                    + " xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"_lo" + UUID.randomUUID() + "\""
                    + " Version=\"2.0\" IssueInstant=\"" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\""
                    + " Destination=\"" + this.spSingleLogout + "\" InResponseTo=\"" + request.getAttribute("ID")
                    + "\"><saml:Issuer>" + entityId() + "</saml:Issuer><samlp:Status><samlp:StatusCode"
                    + " Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></samlp:Status></samlp:LogoutResponse>";
            String query = signedQuery("SAMLResponse", xml, decode(raw.get("RelayState")), this.key);
            exchange.getResponseHeaders().add("Location", this.spSingleLogout + "?" + query);
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        } catch (Exception ex) {
            respond(exchange, 500, "IdP error: " + ex);
        }
    }

    private String signedQuery(String parameter, String xml, String relayState, KeyPair signer) throws Exception {
        String query = parameter + "="
                + encode(Base64.getEncoder().encodeToString(deflate(xml.getBytes(StandardCharsets.UTF_8))))
                + "&RelayState=" + encode(relayState) + "&SigAlg="
                + encode("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256");
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(signer.getPrivate());
        signature.update(query.getBytes(StandardCharsets.UTF_8));
        return query + "&Signature=" + encode(Base64.getEncoder().encodeToString(signature.sign()));
    }

    private static String assertionText(Element parent, String name) {
        return parent.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:assertion", name)
                .item(0)
                .getTextContent();
    }

    // bindings §3.4.4.1: over the parameters exactly as sent
    private boolean verifies(String parameter, Map<String, String> raw) throws Exception {
        if (this.spCertificate == null || !raw.containsKey("Signature")) {
            return false;
        }
        String signed = parameter + "=" + raw.get(parameter) + "&RelayState=" + raw.get("RelayState") + "&SigAlg="
                + raw.get("SigAlg");
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(this.spCertificate.getPublicKey());
        verifier.update(signed.getBytes(StandardCharsets.UTF_8));
        return verifier.verify(Base64.getDecoder().decode(decode(raw.get("Signature"))));
    }

    private byte[] response(String requestId, String acs, String sp) throws Exception {
        Citizen next = this.citizen;
        String sessionIndex = "_s" + UUID.randomUUID();
        this.lastSessionIndex = sessionIndex;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String later = now.plus(Duration.ofMinutes(5)).toString();
        String xml = "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\""
                + " xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"_r" + UUID.randomUUID() + "\""
                + " Version=\"2.0\" IssueInstant=\"" + now + "\" Destination=\"" + acs + "\" InResponseTo=\""
                + requestId + "\"><saml:Issuer>" + entityId() + "</saml:Issuer><samlp:Status><samlp:StatusCode"
                + " Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></samlp:Status>"
                + "<saml:Assertion ID=\"_a" + UUID.randomUUID() + "\" Version=\"2.0\" IssueInstant=\"" + now + "\">"
                + "<saml:Issuer>" + entityId() + "</saml:Issuer><saml:Subject><saml:NameID"
                + " Format=\"urn:oasis:names:tc:SAML:2.0:nameid-format:persistent\">" + next.nameId() + "</saml:NameID>"
                + "<saml:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\"><saml:SubjectConfirmationData"
                + " InResponseTo=\"" + requestId + "\" Recipient=\"" + acs + "\" NotOnOrAfter=\"" + later + "\"/>"
                + "</saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore=\"" + now.minusSeconds(5)
                + "\" NotOnOrAfter=\"" + later + "\"><saml:AudienceRestriction><saml:Audience>" + sp
                + "</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AuthnStatement AuthnInstant=\""
                + now + "\" SessionIndex=\"" + sessionIndex + "\"><saml:AuthnContext><saml:AuthnContextClassRef>"
                + next.classRef() + "</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>"
                + "<saml:AttributeStatement>" + attribute("cn", next.name())
                + ((next.idNumber() != null) ? attribute("idcard", next.idNumber()) : "")
                + "</saml:AttributeStatement></saml:Assertion></samlp:Response>";
        Document document = parse(xml.getBytes(StandardCharsets.UTF_8));
        Element assertion =
                (Element) document.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:assertion", "Assertion")
                        .item(0);
        boolean rogueKey = this.rogueNext;
        this.rogueNext = false;
        sign(assertion, rogueKey ? this.rogue : this.key);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var transformer = TransformerFactory.newInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
        transformer.transform(new DOMSource(document), new StreamResult(out));
        return out.toByteArray();
    }

    private static String attribute(String name, String value) {
        return "<saml:Attribute Name=\"" + name + "\"><saml:AttributeValue>" + value
                + "</saml:AttributeValue></saml:Attribute>";
    }

    private static void sign(Element element, KeyPair key) throws Exception {
        element.setIdAttributeNS(null, "ID", true);
        XMLSignatureFactory factory = XMLSignatureFactory.getInstance("DOM");
        Reference reference = factory.newReference(
                "#" + element.getAttribute("ID"),
                factory.newDigestMethod(DigestMethod.SHA256, null),
                List.of(
                        factory.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null),
                        factory.newTransform(CanonicalizationMethod.EXCLUSIVE, (TransformParameterSpec) null)),
                null,
                null);
        SignedInfo signedInfo = factory.newSignedInfo(
                factory.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE, (C14NMethodParameterSpec) null),
                factory.newSignatureMethod(SignatureMethod.RSA_SHA256, null),
                List.of(reference));
        Element issuer = (Element) element.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:assertion", "Issuer")
                .item(0);
        DOMSignContext context = new DOMSignContext(key.getPrivate(), element, issuer.getNextSibling());
        context.setDefaultNamespacePrefix("ds");
        factory.newXMLSignature(signedInfo, null).sign(context);
    }

    private static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    private static byte[] inflate(byte[] deflated) throws Exception {
        Inflater inflater = new Inflater(true);
        inflater.setInput(deflated);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!inflater.finished()) {
            int n = inflater.inflate(buffer);
            if (n == 0 && inflater.needsInput()) {
                break;
            }
            out.write(buffer, 0, n);
        }
        inflater.end();
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] xml) {
        Deflater deflater = new Deflater(Deflater.DEFLATED, true);
        deflater.setInput(xml);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static Map<String, String> rawParameters(String query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : (query != null) ? query.split("&") : new String[0]) {
            int eq = pair.indexOf('=');
            parameters.put((eq < 0) ? pair : pair.substring(0, eq), (eq < 0) ? "" : pair.substring(eq + 1));
        }
        return parameters;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static void respond(HttpExchange exchange, int status, String html) throws IOException {
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        this.server.stop(0);
    }
}
