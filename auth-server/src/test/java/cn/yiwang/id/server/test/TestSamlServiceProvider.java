package cn.yiwang.id.server.test;

import cn.yiwang.id.saml.Certificates;
import com.onelogin.saml2.authn.AuthnRequest;
import com.onelogin.saml2.authn.AuthnRequestParams;
import com.onelogin.saml2.authn.SamlResponse;
import com.onelogin.saml2.http.HttpRequest;
import com.onelogin.saml2.logout.LogoutRequest;
import com.onelogin.saml2.logout.LogoutRequestParams;
import com.onelogin.saml2.logout.LogoutResponse;
import com.onelogin.saml2.settings.IdPMetadataParser;
import com.onelogin.saml2.settings.Saml2Settings;
import com.onelogin.saml2.settings.SettingsBuilder;
import com.onelogin.saml2.util.Constants;
import com.onelogin.saml2.util.Util;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.w3c.dom.Document;

/**
 * A SAML service provider for the tests, built on OneLogin's java-saml (an independent
 * implementation): it makes AuthnRequests and LogoutRequests from our IdP's metadata, and validates
 * our responses exactly as a ministry portal using that library would. Its endpoints sit on a port
 * the test {@link Browser} intercepts, so the browser never leaves the IdP.
 */
public final class TestSamlServiceProvider {

    public final String entityId;
    public final String acs;
    public final String slo;
    public final KeyPair keys;
    public final X509Certificate certificate;
    private final Saml2Settings settings;

    /** A message our IdP gave the browser to post to the SP. */
    public record Posted(String action, String message, String relayState) {}

    public TestSamlServiceProvider(
            String baseUrl, byte[] idpMetadata, boolean wantEncrypted, boolean wantMessagesSigned) throws Exception {
        this(baseUrl, idpMetadata, wantEncrypted, wantMessagesSigned, Constants.NAMEID_PERSISTENT);
    }

    public TestSamlServiceProvider(
            String baseUrl, byte[] idpMetadata, boolean wantEncrypted, boolean wantMessagesSigned, String nameIdFormat)
            throws Exception {
        this.entityId = baseUrl + "/saml/metadata";
        this.acs = baseUrl + "/saml/acs";
        this.slo = baseUrl + "/saml/slo";
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        this.keys = generator.generateKeyPair();
        this.certificate =
                Certificates.selfSigned(this.keys, "test sp", Instant.now().minusSeconds(60), Duration.ofDays(2));
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document metadata = factory.newDocumentBuilder().parse(new ByteArrayInputStream(idpMetadata));
        Map<String, Object> values = new HashMap<>(IdPMetadataParser.parseXML(metadata));
        values.put(SettingsBuilder.STRICT_PROPERTY_KEY, true);
        values.put(SettingsBuilder.SP_ENTITYID_PROPERTY_KEY, this.entityId);
        values.put(SettingsBuilder.SP_ASSERTION_CONSUMER_SERVICE_URL_PROPERTY_KEY, this.acs);
        values.put(SettingsBuilder.SP_SINGLE_LOGOUT_SERVICE_URL_PROPERTY_KEY, this.slo);
        values.put(SettingsBuilder.SP_NAMEIDFORMAT_PROPERTY_KEY, nameIdFormat);
        values.put(SettingsBuilder.SP_X509CERT_PROPERTY_KEY, pem(this.certificate));
        values.put(
                SettingsBuilder.SP_PRIVATEKEY_PROPERTY_KEY,
                "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder()
                                .encodeToString(this.keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----");
        values.put(SettingsBuilder.SECURITY_AUTHREQUEST_SIGNED, true);
        values.put(SettingsBuilder.SECURITY_LOGOUTREQUEST_SIGNED, true);
        values.put(SettingsBuilder.SECURITY_LOGOUTRESPONSE_SIGNED, true);
        values.put(SettingsBuilder.SECURITY_WANT_ASSERTIONS_SIGNED, true);
        values.put(SettingsBuilder.SECURITY_WANT_MESSAGES_SIGNED, wantMessagesSigned);
        values.put(SettingsBuilder.SECURITY_WANT_ASSERTIONS_ENCRYPTED, wantEncrypted);
        values.put(SettingsBuilder.SECURITY_WANT_XML_VALIDATION, true);
        values.put(SettingsBuilder.SECURITY_SIGNATURE_ALGORITHM, Constants.RSA_SHA256);
        values.put(SettingsBuilder.SECURITY_DIGEST_ALGORITHM, Constants.SHA256);
        values.put(SettingsBuilder.SECURITY_REJECT_DEPRECATED_ALGORITHM, true);
        values.put(SettingsBuilder.SECURITY_REQUESTED_AUTHNCONTEXT, "");
        this.settings = new SettingsBuilder().fromValues(values).build();
        List<String> errors = this.settings.checkSettings();
        if (!errors.isEmpty()) {
            throw new IllegalStateException("java-saml settings: " + errors);
        }
    }

    public Saml2Settings settings() {
        return this.settings;
    }

    /** A signed HTTP-Redirect AuthnRequest; returns the URL and remembers the request ID. */
    public Redirect authnRequest(boolean forceAuthn, boolean passive, String relayState) throws Exception {
        AuthnRequestParams params = new AuthnRequestParams(forceAuthn, passive, true);
        AuthnRequest request = new AuthnRequest(this.settings, params);
        return new Redirect(
                request.getId(),
                signedRedirect(
                        this.settings.getIdpSingleSignOnServiceUrl().toString(),
                        "SAMLRequest",
                        request.getEncodedAuthnRequest(),
                        relayState),
                request.getAuthnRequestXml());
    }

    /**
     * A signed HTTP-Redirect AuthnRequest naming a subject ({@code <Subject><NameID>}, in this SP's NameID format).
     */
    public Redirect authnRequest(boolean forceAuthn, boolean passive, String relayState, String subject)
            throws Exception {
        AuthnRequestParams params = new AuthnRequestParams(forceAuthn, passive, true, subject);
        AuthnRequest request = new AuthnRequest(this.settings, params);
        return new Redirect(
                request.getId(),
                signedRedirect(
                        this.settings.getIdpSingleSignOnServiceUrl().toString(),
                        "SAMLRequest",
                        request.getEncodedAuthnRequest(),
                        relayState),
                request.getAuthnRequestXml());
    }

    /** An AuthnRequest given as XML by the test (to craft what java-saml would not send). */
    public String redirectFor(String xml, String relayState, boolean sign) throws Exception {
        String encoded = Util.deflatedBase64encoded(xml);
        String url = this.settings.getIdpSingleSignOnServiceUrl().toString();
        return sign
                ? signedRedirect(url, "SAMLRequest", encoded, relayState)
                : url + "?SAMLRequest=" + Util.urlEncoder(encoded)
                        + ((relayState != null) ? "&RelayState=" + Util.urlEncoder(relayState) : "");
    }

    /** A signed HTTP-Redirect LogoutRequest for the subject and session an earlier response named. */
    public Redirect logoutRequest(String nameId, String nameIdFormat, String sessionIndex) throws Exception {
        LogoutRequestParams params = new LogoutRequestParams(sessionIndex, nameId, nameIdFormat);
        LogoutRequest request = new LogoutRequest(this.settings, params);
        return new Redirect(
                request.getId(),
                signedRedirect(
                        this.settings.getIdpSingleLogoutServiceUrl().toString(),
                        "SAMLRequest",
                        request.getEncodedLogoutRequest(),
                        "after-logout"),
                request.getLogoutRequestXml());
    }

    /** A redirect to the IdP with the message ID java-saml gave it. */
    public record Redirect(String id, String url, String xml) {}

    /** Validates a SAMLResponse posted to our ACS, as a java-saml SP would. */
    public SamlResponse consume(String base64Response) throws Exception {
        HttpRequest http = new HttpRequest(this.acs, Map.of("SAMLResponse", List.of(base64Response)), null);
        return new SamlResponse(this.settings, http);
    }

    /** Validates a LogoutResponse the IdP redirected back (the full redirect URL). */
    public LogoutResponse logoutResponse(String url) throws Exception {
        return new LogoutResponse(this.settings, new HttpRequest(this.slo, params(url), query(url)));
    }

    /** Validates a LogoutRequest the IdP sent over HTTP-Redirect (the iframe URL). */
    public LogoutRequest incomingLogoutRequest(String url) throws Exception {
        return new LogoutRequest(this.settings, new HttpRequest(this.slo, params(url), query(url)));
    }

    /** The auto-posting form our IdP rendered (the test browser runs no script). */
    public static Posted posted(HtmlPage page) {
        HtmlForm form = page.getHtmlElementById("saml");
        String relay = form.getInputsByName("RelayState").isEmpty()
                ? null
                : form.getInputByName("RelayState").getValue();
        String name = form.getInputsByName("SAMLResponse").isEmpty() ? "SAMLRequest" : "SAMLResponse";
        return new Posted(form.getActionAttribute(), form.getInputByName(name).getValue(), relay);
    }

    private String signedRedirect(String url, String parameter, String encoded, String relayState) throws Exception {
        String query = parameter + "=" + Util.urlEncoder(encoded);
        if (relayState != null) {
            query += "&RelayState=" + Util.urlEncoder(relayState);
        }
        query += "&SigAlg=" + Util.urlEncoder(Constants.RSA_SHA256);
        byte[] signature = Util.sign(query, this.keys.getPrivate(), Constants.RSA_SHA256);
        return url + "?" + query + "&Signature=" + Util.urlEncoder(Util.base64encoder(signature));
    }

    private static Map<String, List<String>> params(String url) {
        Map<String, List<String>> params = new HashMap<>();
        String query = query(url);
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            params.put(
                    java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    List.of(java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)));
        }
        return params;
    }

    private static String query(String url) {
        return url.substring(url.indexOf('?') + 1);
    }

    public static String pem(X509Certificate certificate) {
        return "-----BEGIN CERTIFICATE-----\n" + Certificates.base64(certificate) + "\n-----END CERTIFICATE-----";
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static KeyPairGenerator rsa() throws NoSuchAlgorithmException {
        return KeyPairGenerator.getInstance("RSA");
    }
}
