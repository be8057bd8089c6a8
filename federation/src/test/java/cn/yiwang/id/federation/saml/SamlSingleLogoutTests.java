package cn.yiwang.id.federation.saml;

import static cn.yiwang.id.federation.saml.TestServiceProvider.SP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.SamlNameId;
import cn.yiwang.id.federation.SamlSettings;
import cn.yiwang.id.saml.RedirectBinding;
import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.SecureXml;
import cn.yiwang.id.saml.XmlSignatures;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * {@link SamlSingleLogout}: our signed LogoutRequest to a province and the check of its LogoutResponse; the check
 * of a province's LogoutRequest and our signed answer. Messages from the IdP are made here as text and signed with
 * the JDK's XML signatures (POST) or a query signature with the IdP's key (Redirect).
 */
class SamlSingleLogoutTests {

    private static final Instant NOW = TestSamlFederation.NOW;

    private static final SamlNameId NAME_ID =
            new SamlNameId("js-4711", SamlNames.NAMEID_PERSISTENT, TestSamlIdp.ENTITY_ID, SP.entityId());

    private final TestSamlFederation federation = new TestSamlFederation(new InMemoryReplayCache());

    private final IdentityProvider idp = withSlo(true, true);

    private final Function<String, Optional<IdentityProvider>> registry =
            (entityId) -> TestSamlIdp.ENTITY_ID.equals(entityId) ? Optional.of(this.idp) : Optional.empty();

    // national logout -> province

    @Test
    void logoutRequestWhenIdpOffersRedirectThenSignedQueryNamingThePrincipalAsGiven() {
        SamlOutboundMessage message = this.federation
                .singleLogout
                .logoutRequest(this.idp, SP, NAME_ID, "_s1", "state-1")
                .orElseThrow();

        assertThat(message.isRedirect()).isTrue();
        assertThat(message.redirectUri().toString()).startsWith(TestSamlIdp.SLO_REDIRECT + "?SAMLRequest=");
        String query = message.redirectUri().getRawQuery();
        assertThat(RedirectBinding.verifyQuery(query, List.of(this.federation.credentials.certificate())))
                .isTrue();
        assertThat(RedirectBinding.verifyQuery(query, List.of(TestSamlIdp.CERTIFICATE)))
                .isFalse();
        assertThat(SamlInboundMessage.redirect(query).relayState()).isEqualTo("state-1");
        Element request = SecureXml.parse(RedirectBinding.decode(
                        SamlInboundMessage.redirect(query).message()))
                .getDocumentElement();
        assertThat(request.getLocalName()).isEqualTo("LogoutRequest");
        assertThat(request.getAttribute("ID")).isEqualTo(message.id()).startsWith("_");
        assertThat(request.getAttribute("Destination")).isEqualTo(TestSamlIdp.SLO_REDIRECT);
        assertThat(request.getAttribute("IssueInstant")).isEqualTo("2026-03-01T08:00:00Z");
        assertThat(request.getAttribute("NotOnOrAfter")).isEqualTo("2026-03-01T08:05:00Z");
        assertThat(child(request, SamlNames.ASSERTION_NS, "Issuer").getTextContent())
                .isEqualTo(SP.entityId());
        Element nameId = child(request, SamlNames.ASSERTION_NS, "NameID");
        assertThat(nameId.getTextContent()).isEqualTo("js-4711");
        assertThat(nameId.getAttribute("Format")).isEqualTo(SamlNames.NAMEID_PERSISTENT);
        assertThat(nameId.getAttribute("NameQualifier")).isEqualTo(TestSamlIdp.ENTITY_ID);
        assertThat(nameId.getAttribute("SPNameQualifier")).isEqualTo(SP.entityId());
        assertThat(child(request, SamlNames.PROTOCOL_NS, "SessionIndex").getTextContent())
                .isEqualTo("_s1");
    }

    @Test
    void logoutRequestWhenIdpOffersOnlyPostThenFormWithEnvelopedSignature() {
        SamlOutboundMessage message = this.federation
                .singleLogout
                .logoutRequest(withSlo(false, true), SP, new SamlNameId("js-4711", null, null, null), null, "state-1")
                .orElseThrow();

        assertThat(message.isRedirect()).isFalse();
        assertThat(message.postForm())
                .contains("action=\"" + TestSamlIdp.SLO_POST + "\"")
                .contains("name=\"RelayState\" value=\"state-1\"");
        Matcher value =
                Pattern.compile("name=\"SAMLRequest\" value=\"([^\"]+)\"").matcher(message.postForm());
        assertThat(value.find()).isTrue();
        Element request =
                SecureXml.parse(Base64.getDecoder().decode(value.group(1))).getDocumentElement();
        assertThat(XmlSignatures.verify(request, List.of(this.federation.credentials.certificate())))
                .isTrue();
        Element nameId = child(request, SamlNames.ASSERTION_NS, "NameID");
        assertThat(nameId.hasAttribute("Format"))
                .as("no format when the IdP gave none")
                .isFalse();
        assertThat(request.getElementsByTagNameNS(SamlNames.PROTOCOL_NS, "SessionIndex")
                        .getLength())
                .isZero();
    }

    @Test
    void logoutRequestWhenIdpHasNoSingleLogoutServiceThenNone() {
        assertThat(this.federation.singleLogout.logoutRequest(
                        TestSamlIdp.identityProvider("jiangsu", AssuranceLevel.L2), SP, NAME_ID, "_s1", "state-1"))
                .isEmpty();
    }

    @Test
    void checkLogoutResponseWhenSignedAnswerToOurRequestThenAccepted() {
        this.federation.singleLogout.checkLogoutResponse(
                this.idp,
                SP,
                "_ours",
                redirect("SAMLResponse", logoutResponse("_ours", SamlNames.STATUS_SUCCESS, NOW), TestSamlIdp.KEY));
        this.federation.singleLogout.checkLogoutResponse(
                this.idp,
                SP,
                "_ours",
                post("SAMLResponse", logoutResponse("_ours", SamlNames.STATUS_SUCCESS, NOW), TestSamlIdp.KEY));
    }

    @Test
    void checkLogoutResponseWhenBrokenThenRefusedWithReason() {
        String good = logoutResponse("_ours", SamlNames.STATUS_SUCCESS, NOW);
        assertResponseRefused(redirect("SAMLResponse", good, TestSamlIdp.ROGUE_KEY), "saml-signature-invalid");
        assertResponseRefused(post("SAMLResponse", good, TestSamlIdp.ROGUE_KEY), "saml-signature-invalid");
        assertResponseRefused(
                new SamlInboundMessage(
                        SamlNames.BINDING_REDIRECT,
                        "SAMLResponse",
                        RedirectBinding.encode(good.getBytes(StandardCharsets.UTF_8)),
                        null,
                        RedirectBinding.query("SAMLResponse", good.getBytes(StandardCharsets.UTF_8), null)),
                "saml-signature-required");
        assertResponseRefused(
                redirect("SAMLResponse", logoutResponse("_theirs", SamlNames.STATUS_SUCCESS, NOW), TestSamlIdp.KEY),
                "saml-wrong-in-response-to");
        assertResponseRefused(
                redirect(
                        "SAMLResponse",
                        good.replace(">" + TestSamlIdp.ENTITY_ID + "<", ">https://idp.other.example.gov.cn/saml<"),
                        TestSamlIdp.KEY),
                "saml-wrong-issuer");
        assertResponseRefused(
                redirect(
                        "SAMLResponse",
                        good.replace(SP.singleLogoutServiceUrl(), SP.assertionConsumerServiceUrl()),
                        TestSamlIdp.KEY),
                "saml-wrong-destination");
        assertResponseRefused(
                redirect(
                        "SAMLResponse",
                        logoutResponse("_ours", SamlNames.STATUS_SUCCESS, NOW.minusSeconds(6 * 60 + 1)),
                        TestSamlIdp.KEY),
                "saml-logout-expired");
        assertResponseRefused(
                redirect("SAMLResponse", logoutResponse("_ours", SamlNames.STATUS_RESPONDER, NOW), TestSamlIdp.KEY),
                "saml-logout-Responder");
        assertResponseRefused(
                redirect("SAMLResponse", "<!DOCTYPE x [<!ENTITY e \"e\">]>" + good, TestSamlIdp.KEY),
                "saml-dtd-not-allowed");
    }

    // province -> national

    @Test
    void readLogoutRequestWhenSignedOverRedirectOrPostThenThePrincipalAndSessionIndexes() {
        UpstreamLogoutRequest overRedirect = this.federation.singleLogout.readLogoutRequest(
                redirect("SAMLRequest", logoutRequest("_lr1", NOW, "js-4711"), TestSamlIdp.KEY), SP, this.registry);
        assertThat(overRedirect.idp().alias()).isEqualTo("jiangsu");
        assertThat(overRedirect.id()).isEqualTo("_lr1");
        assertThat(overRedirect.nameId()).isEqualTo(NAME_ID);
        assertThat(overRedirect.sessionIndexes()).containsExactly("_s1");
        assertThat(overRedirect.relayState()).isEqualTo("their-state");
        assertThat(overRedirect.binding()).isEqualTo(SamlNames.BINDING_REDIRECT);

        UpstreamLogoutRequest overPost = this.federation.singleLogout.readLogoutRequest(
                post("SAMLRequest", logoutRequest("_lr2", NOW, "js-4711"), TestSamlIdp.KEY), SP, this.registry);
        assertThat(overPost.nameId().sameAs(NAME_ID)).isTrue();
        assertThat(overPost.binding()).isEqualTo(SamlNames.BINDING_POST);
    }

    @Test
    void readLogoutRequestWhenNotProvablyFromTheIdpThenNobodyIsAnswered() {
        String good = logoutRequest("_lr1", NOW, "js-4711");
        assertUntrusted(redirect("SAMLRequest", good, TestSamlIdp.ROGUE_KEY), "saml-signature-invalid");
        assertUntrusted(post("SAMLRequest", good, TestSamlIdp.ROGUE_KEY), "saml-signature-invalid");
        assertUntrusted(
                SamlInboundMessage.post(
                        "SAMLRequest", Base64.getEncoder().encodeToString(good.getBytes(StandardCharsets.UTF_8)), null),
                "saml-signature-required");
        assertUntrusted(
                redirect(
                        "SAMLRequest",
                        good.replace(">" + TestSamlIdp.ENTITY_ID + "<", ">https://idp.other.example.gov.cn/saml<"),
                        TestSamlIdp.KEY),
                "saml-unknown-issuer");
        assertUntrusted(
                redirect("SAMLRequest", "<!DOCTYPE x [<!ENTITY e \"e\">]>" + good, TestSamlIdp.KEY),
                "saml-dtd-not-allowed");
    }

    @Test
    void readLogoutRequestWhenSignedButBreakingARuleThenRequesterAnswerToThatRequest() {
        assertAnswered(
                redirect("SAMLRequest", logoutRequest("_lr1", NOW.minusSeconds(10 * 60), "js-4711"), TestSamlIdp.KEY),
                "saml-logout-expired",
                "_lr1");
        assertAnswered(
                redirect(
                        "SAMLRequest",
                        logoutRequest("_lr2", NOW, "js-4711")
                                .replace(SP.singleLogoutServiceUrl(), "https://other.example.gov.cn/slo"),
                        TestSamlIdp.KEY),
                "saml-wrong-destination",
                "_lr2");
        assertAnswered(
                redirect("SAMLRequest", logoutRequest("_lr3", NOW, "js-4711<!---->.evil"), TestSamlIdp.KEY),
                "saml-nameid-not-plain-text",
                "_lr3");
        assertAnswered(
                redirect("SAMLRequest", logoutRequest("_lr4", NOW.plusSeconds(5 * 60), "js-4711"), TestSamlIdp.KEY),
                "saml-invalid-issue-instant",
                "_lr4");
    }

    @Test
    void readLogoutRequestWhenReplayedThenRefused() {
        SamlInboundMessage message = redirect("SAMLRequest", logoutRequest("_lr1", NOW, "js-4711"), TestSamlIdp.KEY);
        this.federation.singleLogout.readLogoutRequest(message, SP, this.registry);
        assertAnswered(message, "saml-replayed", "_lr1");
    }

    @Test
    void logoutResponseWhenRedirectThenSignedAnswerToTheResponseLocation() {
        SamlOutboundMessage answer = this.federation
                .singleLogout
                .logoutResponse(
                        this.idp, SP, "_lr1", SamlNames.STATUS_SUCCESS, "their-state", SamlNames.BINDING_REDIRECT)
                .orElseThrow();
        assertThat(answer.redirectUri().toString()).startsWith(TestSamlIdp.SLO_RESPONSES + "?SAMLResponse=");
        String query = answer.redirectUri().getRawQuery();
        assertThat(RedirectBinding.verifyQuery(query, List.of(this.federation.credentials.certificate())))
                .isTrue();
        SamlInboundMessage sent = SamlInboundMessage.redirect(query);
        assertThat(sent.relayState()).isEqualTo("their-state");
        Element response =
                SecureXml.parse(RedirectBinding.decode(sent.message())).getDocumentElement();
        assertThat(response.getAttribute("InResponseTo")).isEqualTo("_lr1");
        assertThat(response.getAttribute("Destination")).isEqualTo(TestSamlIdp.SLO_RESPONSES);
        assertThat(child(child(response, SamlNames.PROTOCOL_NS, "Status"), SamlNames.PROTOCOL_NS, "StatusCode")
                        .getAttribute("Value"))
                .isEqualTo(SamlNames.STATUS_SUCCESS);
    }

    @Test
    void logoutResponseWhenPartialOverPostThenSuccessWithPartialLogoutSignedInTheXml() {
        SamlOutboundMessage answer = this.federation
                .singleLogout
                .logoutResponse(this.idp, SP, "_lr1", SamlNames.STATUS_PARTIAL_LOGOUT, null, SamlNames.BINDING_POST)
                .orElseThrow();
        Matcher value =
                Pattern.compile("name=\"SAMLResponse\" value=\"([^\"]+)\"").matcher(answer.postForm());
        assertThat(value.find()).isTrue();
        Element response =
                SecureXml.parse(Base64.getDecoder().decode(value.group(1))).getDocumentElement();
        assertThat(XmlSignatures.verify(response, List.of(this.federation.credentials.certificate())))
                .isTrue();
        Element top = child(child(response, SamlNames.PROTOCOL_NS, "Status"), SamlNames.PROTOCOL_NS, "StatusCode");
        assertThat(top.getAttribute("Value")).isEqualTo(SamlNames.STATUS_SUCCESS);
        assertThat(child(top, SamlNames.PROTOCOL_NS, "StatusCode").getAttribute("Value"))
                .isEqualTo(SamlNames.STATUS_PARTIAL_LOGOUT);
    }

    private void assertResponseRefused(SamlInboundMessage message, String reason) {
        assertThatExceptionOfType(SamlLogoutException.class)
                .isThrownBy(() -> this.federation.singleLogout.checkLogoutResponse(this.idp, SP, "_ours", message))
                .satisfies((ex) -> assertThat(ex.reason()).isEqualTo(reason));
    }

    private void assertUntrusted(SamlInboundMessage message, String reason) {
        assertThatExceptionOfType(SamlLogoutException.class)
                .isThrownBy(() -> this.federation.singleLogout.readLogoutRequest(message, SP, this.registry))
                .satisfies((ex) -> {
                    assertThat(ex.reason()).isEqualTo(reason);
                    assertThat(ex.answerTo()).isNull();
                });
    }

    private void assertAnswered(SamlInboundMessage message, String reason, String requestId) {
        assertThatExceptionOfType(SamlLogoutException.class)
                .isThrownBy(() -> this.federation.singleLogout.readLogoutRequest(message, SP, this.registry))
                .satisfies((ex) -> {
                    assertThat(ex.reason()).isEqualTo(reason);
                    assertThat(ex.answerTo()).isSameAs(this.idp);
                    assertThat(ex.status()).isEqualTo(SamlNames.STATUS_REQUESTER);
                    assertThat(ex.requestId()).isEqualTo(requestId);
                });
    }

    private static IdentityProvider withSlo(boolean redirect, boolean post) {
        return TestSamlIdp.identityProvider(
                "jiangsu",
                AssuranceLevel.L2,
                new SamlSettings(null, TestSamlIdp.metadataXml(redirect, post, null), Map.of()));
    }

    private static String logoutRequest(String id, Instant issued, String nameId) {
        return "<samlp:LogoutRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\""
                + " xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"" + id + "\" Version=\"2.0\""
                + " IssueInstant=\"" + issued + "\" NotOnOrAfter=\"" + issued.plusSeconds(300) + "\" Destination=\""
                + SP.singleLogoutServiceUrl() + "\"><saml:Issuer>" + TestSamlIdp.ENTITY_ID + "</saml:Issuer>"
                + "<saml:NameID Format=\"" + SamlNames.NAMEID_PERSISTENT + "\" NameQualifier=\"" + TestSamlIdp.ENTITY_ID
                + "\" SPNameQualifier=\"" + SP.entityId() + "\">" + nameId + "</saml:NameID>"
                + "<samlp:SessionIndex>_s1</samlp:SessionIndex></samlp:LogoutRequest>";
    }

    private static String logoutResponse(String inResponseTo, String status, Instant issued) {
        return "<samlp:LogoutResponse xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\""
                + " xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"_resp1\" Version=\"2.0\""
                + " IssueInstant=\"" + issued + "\" Destination=\"" + SP.singleLogoutServiceUrl() + "\" InResponseTo=\""
                + inResponseTo + "\"><saml:Issuer>" + TestSamlIdp.ENTITY_ID + "</saml:Issuer><samlp:Status>"
                + "<samlp:StatusCode Value=\"" + status + "\"/></samlp:Status></samlp:LogoutResponse>";
    }

    /** Over HTTP-Redirect, the query signed with {@code key}. */
    private static SamlInboundMessage redirect(String parameter, String xml, KeyPair key) {
        return SamlInboundMessage.redirect(RedirectBinding.signedQuery(
                parameter, xml.getBytes(StandardCharsets.UTF_8), "their-state", key.getPrivate()));
    }

    /** Over HTTP-POST, with an enveloped signature by {@code key}. */
    private static SamlInboundMessage post(String parameter, String xml, KeyPair key) {
        Document document = SecureXml.parse(xml.getBytes(StandardCharsets.UTF_8));
        TestSamlIdp.sign(document.getDocumentElement(), key, TestSamlIdp.CERTIFICATE);
        return SamlInboundMessage.post(parameter, TestSamlIdp.encode(document), "their-state");
    }

    private static Element child(Element parent, String namespace, String name) {
        return (Element) parent.getElementsByTagNameNS(namespace, name).item(0);
    }
}
