package cn.yiwang.id.federation.saml;

import static cn.yiwang.id.federation.saml.TestServiceProvider.SP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.SamlSettings;
import cn.yiwang.id.federation.oidc.UpstreamUnavailableException;
import cn.yiwang.id.saml.RedirectBinding;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * {@link SamlAuthnRequests}: the AuthnRequest a provincial IdP receives, over HTTP-Redirect with a query
 * signature, or over HTTP-POST with an enveloped signature when that is all the IdP offers; signatures checked with
 * our certificate only.
 */
class SamlAuthnRequestsTests {

    private final TestSamlFederation federation = new TestSamlFederation(new InMemoryReplayCache());

    @Test
    void beginWhenIdpOffersRedirectThenSignedRedirectWithOurRequest() throws Exception {
        IdentityProvider idp = TestSamlIdp.identityProvider("jiangsu", AssuranceLevel.L2);
        OutboundAuthnRequest request = this.federation.requests.begin(idp, SP);

        assertThat(request.isRedirect()).isTrue();
        String uri = request.redirectUri().toString();
        assertThat(uri).startsWith(TestSamlIdp.SSO_REDIRECT + "?SAMLRequest=");
        String query = request.redirectUri().getRawQuery();
        Map<String, String> parameters = decode(query);
        assertThat(parameters).containsOnlyKeys("SAMLRequest", "RelayState", "SigAlg", "Signature");
        assertThat(parameters.get("RelayState"))
                .isEqualTo(request.pending().relayState())
                .hasSize(43);
        assertThat(parameters.get("SigAlg")).isEqualTo("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256");
        assertThat(RedirectBinding.verifyQuery(query, List.of(this.federation.credentials.certificate())))
                .isTrue();
        assertThat(RedirectBinding.verifyQuery(query, List.of(TestSamlIdp.CERTIFICATE)))
                .isFalse();

        Element authnRequest = parse(RedirectBinding.decode(parameters.get("SAMLRequest")));
        assertOurRequest(authnRequest, request.pending(), TestSamlIdp.SSO_REDIRECT);
        assertThat(request.pending().idpAlias()).isEqualTo("jiangsu");
        assertThat(request.pending().createdAt()).isEqualTo(TestSamlFederation.NOW);
        assertThat(this.federation
                        .meters
                        .counter("yiwang.federation.attempts", "idp", "jiangsu")
                        .count())
                .isEqualTo(1);
    }

    @Test
    void beginWhenIdpOffersOnlyPostThenFormPostingEnvelopedSignedRequest() throws Exception {
        IdentityProvider idp = TestSamlIdp.identityProvider(
                "jiangsu",
                AssuranceLevel.L2,
                new SamlSettings(
                        null,
                        TestSamlIdp.metadataXml(TestSamlIdp.ENTITY_ID, false, true, TestSamlIdp.CERTIFICATE),
                        Map.of()));
        OutboundAuthnRequest request = this.federation.requests.begin(idp, SP);

        assertThat(request.isRedirect()).isFalse();
        String form = request.postForm();
        assertThat(form)
                .contains("action=\"" + TestSamlIdp.SSO_POST + "\"")
                .contains("name=\"RelayState\" value=\"" + request.pending().relayState() + "\"");
        Matcher value =
                Pattern.compile("name=\"SAMLRequest\" value=\"([^\"]+)\"").matcher(form);
        assertThat(value.find()).isTrue();
        Element authnRequest = parse(Base64.getDecoder().decode(value.group(1)));
        assertOurRequest(authnRequest, request.pending(), TestSamlIdp.SSO_POST);
        // verified with the JDK's own XML signature implementation, not ours
        authnRequest.setIdAttributeNS(null, "ID", true);
        Element signature = (Element) authnRequest
                .getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "Signature")
                .item(0);
        assertThat(signature.getParentNode()).isSameAs(authnRequest);
        XMLSignature xmlSignature = XMLSignatureFactory.getInstance("DOM")
                .unmarshalXMLSignature(new DOMValidateContext(
                        this.federation.credentials.certificate().getPublicKey(), signature));
        assertThat(xmlSignature.validate(new DOMValidateContext(
                        this.federation.credentials.certificate().getPublicKey(), signature)))
                .isTrue();
    }

    @Test
    void beginWhenMetadataUnusableThenUnavailable() {
        IdentityProvider idp = TestSamlIdp.identityProvider(
                "jiangsu",
                AssuranceLevel.L2,
                new SamlSettings(null, TestSamlIdp.metadataXml(TestSamlIdp.ENTITY_ID, true, true, null), Map.of()));
        assertThatExceptionOfType(UpstreamUnavailableException.class)
                .isThrownBy(() -> this.federation.requests.begin(idp, SP))
                .satisfies((ex) -> assertThat(ex.reason()).isEqualTo("saml-metadata-no-signing-certificate"));
        assertThat(this.federation
                        .meters
                        .counter("yiwang.federation.outcomes", "idp", "jiangsu", "outcome", "unavailable")
                        .count())
                .isEqualTo(1);
    }

    @Test
    void beginTwiceThenFreshIdsAndRelayStates() {
        IdentityProvider idp = TestSamlIdp.identityProvider("jiangsu", AssuranceLevel.L2);
        PendingSamlLogin first = this.federation.requests.begin(idp, SP).pending();
        PendingSamlLogin second = this.federation.requests.begin(idp, SP).pending();
        assertThat(first.requestId()).isNotEqualTo(second.requestId()).startsWith("_");
        assertThat(first.relayState()).isNotEqualTo(second.relayState());
    }

    private static void assertOurRequest(Element request, PendingSamlLogin pending, String destination) {
        assertThat(request.getLocalName()).isEqualTo("AuthnRequest");
        assertThat(request.getNamespaceURI()).isEqualTo(TestSamlResponse.PROTOCOL_NS);
        assertThat(request.getAttribute("ID")).isEqualTo(pending.requestId());
        assertThat(request.getAttribute("Version")).isEqualTo("2.0");
        assertThat(request.getAttribute("IssueInstant")).isEqualTo("2026-03-01T08:00:00Z");
        assertThat(request.getAttribute("Destination")).isEqualTo(destination);
        assertThat(request.getAttribute("AssertionConsumerServiceURL"))
                .isEqualTo("https://id.yiwang.example.gov.cn/federation/saml/acs");
        assertThat(request.getAttribute("ProtocolBinding")).isEqualTo("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST");
        assertThat(request.getElementsByTagNameNS(TestSamlResponse.ASSERTION_NS, "Issuer")
                        .item(0)
                        .getTextContent())
                .isEqualTo("https://id.yiwang.example.gov.cn/federation/saml/metadata");
        Element policy = (Element) request.getElementsByTagNameNS(TestSamlResponse.PROTOCOL_NS, "NameIDPolicy")
                .item(0);
        assertThat(policy.getAttribute("AllowCreate")).isEqualTo("true");
    }

    private static Map<String, String> decode(String query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            parameters.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return parameters;
    }

    private static Element parse(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document document = factory.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(xml));
        return document.getDocumentElement();
    }
}
