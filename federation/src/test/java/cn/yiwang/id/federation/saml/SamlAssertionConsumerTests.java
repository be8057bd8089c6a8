package cn.yiwang.id.federation.saml;

import static cn.yiwang.id.federation.saml.TestSamlFederation.NOW;
import static cn.yiwang.id.federation.saml.TestSamlResponse.ASSERTION_NS;
import static cn.yiwang.id.federation.saml.TestSamlResponse.PROTOCOL_NS;
import static cn.yiwang.id.federation.saml.TestSamlResponse.assertionOf;
import static cn.yiwang.id.federation.saml.TestServiceProvider.SP;
import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.SamlNameId;
import cn.yiwang.id.federation.SamlSettings;
import cn.yiwang.id.federation.UpstreamIdentity;
import cn.yiwang.id.federation.oidc.UpstreamResult;
import cn.yiwang.id.saml.SecureXml;
import cn.yiwang.id.saml.XmlSignatures;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.xml.security.encryption.XMLCipher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * {@link SamlAssertionConsumer} with the standard rules, against responses crafted by {@link TestSamlIdp} (an
 * independent signer): the valid ones are accepted, and each attack or defect is refused with its own reason.
 */
class SamlAssertionConsumerTests {

    private static final String ALIAS = "jiangsu";

    private final InMemoryReplayCache replayCache = new InMemoryReplayCache();

    private final TestSamlFederation federation = new TestSamlFederation(this.replayCache);

    private final IdentityProvider idp = TestSamlIdp.identityProvider(ALIAS, AssuranceLevel.L3);

    private final PendingSamlLogin pending =
            new PendingSamlLogin("_req-4f1d2c", "relay-7Qm2", ALIAS, NOW.minusSeconds(30));

    // accepted

    @Test
    void completeWhenAssertionSignedThenAuthenticatedWithMappedIdentity() {
        UpstreamIdentity identity = authenticated(consume(response().signedAssertion()));
        assertThat(identity.idpAlias()).isEqualTo(ALIAS);
        assertThat(identity.subject()).isEqualTo("js-7f3a9c21");
        assertThat(identity.attributes())
                .isEqualTo(Map.of("name", "张三", "id_number", "11010519491231002X", "phone", "13800138000"));
        assertThat(identity.assertedLevel()).isEqualTo(AssuranceLevel.L3);
        assertThat(identity.upstreamSid()).isEqualTo("_s-js-1");
        assertThat(identity.samlNameId())
                .as("kept as given, for Single Logout")
                .isEqualTo(new SamlNameId(
                        "js-7f3a9c21", "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent", null, null));
        assertThat(identity.idToken()).isNull();
        assertThat(this.federation
                        .meters
                        .counter("yiwang.federation.outcomes", "idp", ALIAS, "outcome", "authenticated")
                        .count())
                .isEqualTo(1);
    }

    @Test
    void completeWhenOnlyResponseSignedThenAuthenticated() {
        assertThat(authenticated(consume(response().signedResponse())).subject())
                .isEqualTo("js-7f3a9c21");
    }

    @Test
    void completeWhenResponseAndAssertionSignedThenAuthenticated() {
        Document document = response().signedAssertion();
        TestSamlIdp.sign(document.getDocumentElement());
        assertThat(authenticated(consume(document)).subject()).isEqualTo("js-7f3a9c21");
    }

    @Test
    void completeWhenSignedAssertionEncryptedToUsThenDecryptedAndAuthenticated() {
        Document document = response().signedAssertion();
        TestSamlIdp.encrypt(assertionOf(document), this.federation.credentials.certificate());
        assertThat(SecureXml.toString(document)).contains("EncryptedAssertion").doesNotContain("js-7f3a9c21");
        assertThat(authenticated(consume(document)).subject()).isEqualTo("js-7f3a9c21");
    }

    @Test
    void completeWhenResponseSignedOverEncryptedAssertionThenAuthenticated() {
        Document document = response().document();
        TestSamlIdp.encrypt(assertionOf(document), this.federation.credentials.certificate());
        TestSamlIdp.sign(document.getDocumentElement());
        assertThat(authenticated(consume(document)).attributes()).containsEntry("name", "张三");
    }

    @Test
    void completeWhenTimesWithinClockSkewThenAuthenticated() {
        TestSamlResponse late = response();
        late.notOnOrAfter = NOW.minusSeconds(30);
        late.confirmationNotOnOrAfter = NOW.minusSeconds(30);
        late.notBefore = NOW.plusSeconds(30);
        assertThat(consume(late.signedAssertion())).isInstanceOf(UpstreamResult.Authenticated.class);
    }

    @Test
    void completeWhenClassRefConfiguredOrLevelAttributeMappedThenThatLevel() {
        TestSamlResponse response = response();
        response.authnContextClassRef = "http://idp.js.example.gov.cn/loa/2.0";
        IdentityProvider configured = TestSamlIdp.identityProvider(
                ALIAS,
                AssuranceLevel.L3,
                new SamlSettings(null, TestSamlIdp.metadataXml(), Map.of("http://idp.js.example.gov.cn/loa/2.0", 2)));
        assertThat(authenticated(consume(configured, response.signedAssertion()))
                        .assertedLevel())
                .isEqualTo(AssuranceLevel.L2);

        TestSamlResponse unknown = response();
        unknown.authnContextClassRef = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport";
        assertThat(authenticated(consume(unknown.signedAssertion())).assertedLevel())
                .isEqualTo(AssuranceLevel.L1);

        TestSamlResponse attribute = response();
        attribute.attributes.put("loa", "L4");
        IdentityProvider mapped = new IdentityProvider(
                ALIAS,
                "苏服办",
                "Jiangsu",
                "320000",
                IdentityProvider.Protocol.SAML,
                TestSamlIdp.ENTITY_ID,
                null,
                null,
                null,
                java.util.List.of(),
                Map.of("name", "cn", "level", "loa"),
                AssuranceLevel.L3,
                true,
                true,
                0,
                null,
                this.idp.saml());
        assertThat(authenticated(consume(mapped, attribute.signedAssertion())).assertedLevel())
                .isEqualTo(AssuranceLevel.L4);
    }

    @Test
    void completeWhenAttributeMultiValuedOrCommentedThenLeftOut() {
        Document document = response().document();
        Element assertion = assertionOf(document);
        Element idcard = attributeValue(assertion, "idcard");
        idcard.getParentNode().appendChild(idcard.cloneNode(true));
        Element mobile = attributeValue(assertion, "mobile");
        mobile.setTextContent("138");
        mobile.appendChild(document.createComment("x"));
        mobile.appendChild(document.createTextNode("00138000"));
        TestSamlIdp.sign(assertion);
        assertThat(authenticated(consume(document)).attributes()).isEqualTo(Map.of("name", "张三"));
    }

    // signature wrapping

    @Test
    void completeWhenSignedAssertionMovedIntoExtensionsAndEvilSiblingThenRefused() {
        Document document = response().signedAssertion();
        Element response = document.getDocumentElement();
        Element signed = assertionOf(document);
        response.removeChild(signed);
        Element extensions = document.createElementNS(PROTOCOL_NS, "samlp:Extensions");
        response.insertBefore(extensions, child(response, PROTOCOL_NS, "Status"));
        extensions.appendChild(signed);
        response.appendChild(evilAssertion(document, "_evil-1"));
        assertFailed(consume(document), "saml-multiple-assertions");
    }

    @Test
    void completeWhenEvilAssertionTakesTheSignedOnesIdAndSignatureThenRefused() {
        Document document = response().signedAssertion();
        Element response = document.getDocumentElement();
        Element signed = assertionOf(document);
        Element evil = evilAssertion(document, signed.getAttribute("ID"));
        Element signature = child(signed, "http://www.w3.org/2000/09/xmldsig#", "Signature");
        evil.insertBefore(signature.cloneNode(true), child(evil, ASSERTION_NS, "Subject"));
        response.replaceChild(evil, signed);
        Element extensions = document.createElementNS(PROTOCOL_NS, "samlp:Extensions");
        response.insertBefore(extensions, child(response, PROTOCOL_NS, "Status"));
        extensions.appendChild(signed);
        assertFailed(consume(document), "saml-duplicate-id");
    }

    @Test
    void completeWhenSignedAssertionHiddenInSignatureObjectOfEvilAssertionThenRefused() {
        Document document = response().signedAssertion();
        Element response = document.getDocumentElement();
        Element signed = assertionOf(document);
        Element evil = evilAssertion(document, "_evil-2");
        Element signature = (Element)
                child(signed, "http://www.w3.org/2000/09/xmldsig#", "Signature").cloneNode(true);
        Element object = document.createElementNS("http://www.w3.org/2000/09/xmldsig#", "ds:Object");
        signature.appendChild(object);
        evil.insertBefore(signature, child(evil, ASSERTION_NS, "Subject"));
        response.replaceChild(evil, signed);
        object.appendChild(signed);
        assertFailed(consume(document), "saml-multiple-assertions");
    }

    @Test
    void completeWhenEvilAssertionWrapsTheSignedOneThenRefused() {
        Document document = response().signedAssertion();
        Element response = document.getDocumentElement();
        Element signed = assertionOf(document);
        Element evil = evilAssertion(document, "_evil-3");
        response.replaceChild(evil, signed);
        evil.appendChild(signed);
        assertFailed(consume(document), "saml-multiple-assertions");
    }

    @Test
    void completeWhenSignedResponseGetsAnInjectedSecondAssertionThenRefused() {
        Document document = response().signedResponse();
        document.getDocumentElement().appendChild(evilAssertion(document, "_evil-4"));
        assertFailed(consume(document), "saml-multiple-assertions");
    }

    @Test
    void completeWhenSignedResponsesAssertionReplacedThenRefused() {
        Document document = response().signedResponse();
        Element response = document.getDocumentElement();
        response.replaceChild(evilAssertion(document, "_evil-5"), assertionOf(document));
        assertFailed(consume(document), "saml-response-signature-invalid");
    }

    @Test
    void completeWhenEvilAssertionCarriesTheSignedOnesSignatureThenRefused() {
        Document document = response().signedAssertion();
        Element response = document.getDocumentElement();
        Element signed = assertionOf(document);
        Element evil = evilAssertion(document, "_evil-6");
        Element signature = child(signed, "http://www.w3.org/2000/09/xmldsig#", "Signature");
        evil.insertBefore(signature, child(evil, ASSERTION_NS, "Subject"));
        response.replaceChild(evil, signed);
        assertFailed(consume(document), "saml-assertion-signature-invalid");
    }

    // comment injection, signatures and keys

    @Test
    void completeWhenCommentInjectedIntoNameIdAfterSigningThenRefusedThoughSignatureHolds() {
        TestSamlResponse response = response();
        response.nameId = "alice@evil.example";
        Document document = response.signedAssertion();
        Element nameId = child(child(assertionOf(document), ASSERTION_NS, "Subject"), ASSERTION_NS, "NameID");
        nameId.setTextContent("alice");
        nameId.appendChild(document.createComment(""));
        nameId.appendChild(document.createTextNode("@evil.example"));
        byte[] xml = SecureXml.toBytes(document);
        assertThat(new String(xml, StandardCharsets.UTF_8)).contains(">alice<!---->@evil.example</saml:NameID>");
        // comments are outside exclusive C14N: the signature alone cannot catch this
        Document reparsed = SecureXml.parse(xml);
        assertThat(XmlSignatures.verify(assertionOf(reparsed), java.util.List.of(TestSamlIdp.CERTIFICATE)))
                .isTrue();
        assertFailed(
                consume(TestSamlIdp.encode(new String(xml, StandardCharsets.UTF_8))), "saml-nameid-not-plain-text");
    }

    @Test
    void completeWhenAssertionUnsignedThenRefused() {
        assertFailed(consume(response().document()), "saml-unsigned");
    }

    @Test
    void completeWhenAssertionSignedWithUntrustedKeyThenRefusedThoughItsCertificateIsInKeyInfo() {
        Document document = response().document();
        TestSamlIdp.sign(assertionOf(document), TestSamlIdp.ROGUE_KEY, TestSamlIdp.ROGUE_CERTIFICATE);
        assertFailed(consume(document), "saml-assertion-signature-invalid");
    }

    @Test
    void completeWhenResponseSignedWithUntrustedKeyThenRefused() {
        Document document = response().document();
        TestSamlIdp.sign(document.getDocumentElement(), TestSamlIdp.ROGUE_KEY, TestSamlIdp.ROGUE_CERTIFICATE);
        assertFailed(consume(document), "saml-response-signature-invalid");
    }

    @Test
    void completeWhenSignedAttributeTamperedThenRefused() {
        Document document = response().signedAssertion();
        attributeValue(assertionOf(document), "idcard").setTextContent("310101199001011234");
        assertFailed(consume(document), "saml-assertion-signature-invalid");
    }

    @Test
    void completeWhenEncryptedToAnotherKeyThenRefused() {
        Document document = response().signedAssertion();
        TestSamlIdp.encrypt(assertionOf(document), TestSamlIdp.CERTIFICATE);
        assertFailed(consume(document), "saml-decryption-failed");
    }

    @Test
    void completeWhenKeyTransportIsRsaPkcs1v15ThenRefusedBeforeAnythingIsDecrypted() {
        Document document = response().signedAssertion();
        TestSamlIdp.encrypt(
                assertionOf(document),
                this.federation.credentials.certificate(),
                XMLCipher.RSA_v1dot5,
                XMLCipher.AES_256_GCM);

        assertFailed(consume(document), "saml-key-transport-not-allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {XMLCipher.RSA_OAEP, XMLCipher.RSA_OAEP_11})
    void completeWhenKeyTransportIsRsaOaepAndContentAesGcmThenAuthenticated(String keyTransport) {
        Document document = response().signedAssertion();
        TestSamlIdp.encrypt(
                assertionOf(document), this.federation.credentials.certificate(), keyTransport, XMLCipher.AES_128_GCM);

        assertThat(authenticated(consume(document)).subject()).isEqualTo("js-7f3a9c21");
        assertThat(this.federation.legacyEncryption).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {XMLCipher.AES_128, XMLCipher.AES_192, XMLCipher.AES_256})
    void completeWhenContentIsCbcAndProvinceNotFlaggedThenRefused(String content) {
        Document document = response().signedAssertion();
        TestSamlIdp.encrypt(
                assertionOf(document), this.federation.credentials.certificate(), XMLCipher.RSA_OAEP, content);

        assertFailed(consume(document), "saml-content-encryption-not-allowed");
        assertThat(this.federation.legacyEncryption).isEmpty();
    }

    @Test
    void completeWhenContentIsAesCbcAndProvinceFlaggedLegacyCbcThenAuthenticatedAndEveryUseReported() {
        IdentityProvider legacy = TestSamlIdp.identityProvider(
                ALIAS, AssuranceLevel.L3, new SamlSettings(null, TestSamlIdp.metadataXml(), Map.of(), null, true));
        Document document = response().signedAssertion();
        TestSamlIdp.encrypt(
                assertionOf(document),
                this.federation.credentials.certificate(),
                XMLCipher.RSA_OAEP,
                XMLCipher.AES_256);

        assertThat(authenticated(consume(legacy, document)).subject()).isEqualTo("js-7f3a9c21");
        assertThat(this.federation.legacyEncryption).containsExactly(ALIAS + " " + XMLCipher.AES_256);
    }

    @Test
    void completeWhenProvinceFlaggedLegacyCbcThenPkcs1v15StillRefused() {
        IdentityProvider legacy = TestSamlIdp.identityProvider(
                ALIAS, AssuranceLevel.L3, new SamlSettings(null, TestSamlIdp.metadataXml(), Map.of(), null, true));
        Document document = response().signedAssertion();
        TestSamlIdp.encrypt(
                assertionOf(document),
                this.federation.credentials.certificate(),
                XMLCipher.RSA_v1dot5,
                XMLCipher.AES_256);

        assertFailed(consume(legacy, document), "saml-key-transport-not-allowed");
    }

    // who, where and when

    @Test
    void completeWhenAudienceIsAnotherSpThenRefused() {
        TestSamlResponse response = response();
        response.audience = "https://other-sp.example.gov.cn";
        assertFailed(consume(response.signedAssertion()), "saml-wrong-audience");
    }

    @Test
    void completeWhenDestinationIsAnotherAcsThenRefused() {
        TestSamlResponse response = response();
        response.destination = "https://other-sp.example.gov.cn/acs";
        assertFailed(consume(response.signedAssertion()), "saml-wrong-destination");
    }

    @Test
    void completeWhenSignedResponseHasNoDestinationThenRefused() {
        TestSamlResponse response = response();
        response.destination = null;
        assertFailed(consume(response.signedResponse()), "saml-missing-destination");
    }

    @Test
    void completeWhenRecipientIsAnotherAcsThenRefused() {
        TestSamlResponse response = response();
        response.recipient = "https://other-sp.example.gov.cn/acs";
        assertFailed(consume(response.signedAssertion()), "saml-wrong-recipient");
    }

    @Test
    void completeWhenInResponseToAnotherRequestThenRefused() {
        TestSamlResponse response = response();
        response.inResponseTo = "_another-request";
        assertFailed(consume(response.signedAssertion()), "saml-wrong-in-response-to");
        TestSamlResponse confirmation = response();
        confirmation.confirmationInResponseTo = "_another-request";
        assertFailed(consume(confirmation.signedAssertion()), "saml-wrong-confirmation-in-response-to");
    }

    @Test
    void completeWhenUnsolicitedThenRefused() {
        TestSamlResponse response = response();
        response.inResponseTo = null;
        response.confirmationInResponseTo = null;
        assertFailed(consume(response.signedAssertion()), "saml-unsolicited-response");
    }

    @Test
    void completeWhenIssuerIsAnotherIdpThenRefused() {
        TestSamlResponse response = response();
        response.assertionIssuer = "https://idp.other.example.gov.cn/saml";
        assertFailed(consume(response.signedAssertion()), "saml-wrong-assertion-issuer");
        TestSamlResponse outer = response();
        outer.responseIssuer = "https://idp.other.example.gov.cn/saml";
        assertFailed(consume(outer.signedAssertion()), "saml-wrong-response-issuer");
    }

    @Test
    void completeWhenExpiredBeyondClockSkewThenRefused() {
        TestSamlResponse response = response();
        response.notOnOrAfter = NOW.minusSeconds(61);
        assertFailed(consume(response.signedAssertion()), "saml-expired");
        TestSamlResponse confirmation = response();
        confirmation.confirmationNotOnOrAfter = NOW.minusSeconds(61);
        assertFailed(consume(confirmation.signedAssertion()), "saml-confirmation-expired");
    }

    @Test
    void completeWhenNotYetValidBeyondClockSkewThenRefused() {
        TestSamlResponse response = response();
        response.notBefore = NOW.plusSeconds(61);
        assertFailed(consume(response.signedAssertion()), "saml-not-yet-valid");
    }

    @Test
    void completeWhenNoNameIdOrNoAuthnStatementOrNotBearerThenRefused() {
        TestSamlResponse noNameId = response();
        noNameId.nameId = null;
        assertFailed(consume(noNameId.signedAssertion()), "saml-missing-nameid");
        TestSamlResponse noStatement = response();
        noStatement.authnStatement = false;
        assertFailed(consume(noStatement.signedAssertion()), "saml-missing-authn-statement");
        TestSamlResponse holderOfKey = response();
        holderOfKey.confirmationMethod = "urn:oasis:names:tc:SAML:2.0:cm:holder-of-key";
        assertFailed(consume(holderOfKey.signedAssertion()), "saml-no-bearer-confirmation");
    }

    @Test
    void completeWhenReplayedThenRefusedTheSecondTime() {
        String encoded = TestSamlIdp.encode(response().signedAssertion());
        assertThat(consume(encoded)).isInstanceOf(UpstreamResult.Authenticated.class);
        assertFailed(consume(encoded), "saml-replayed");
        // remembered until the assertion expires, plus the clock skew
        assertThat(this.replayCache.used.values()).containsExactly(Duration.ofMinutes(6));
    }

    @Test
    void completeWhenStatusNotSuccessThenDeniedWithTheSpecificCode() {
        TestSamlResponse response = response();
        response.status = "urn:oasis:names:tc:SAML:2.0:status:Responder";
        Document document = response.document();
        Element code = child(child(document.getDocumentElement(), PROTOCOL_NS, "Status"), PROTOCOL_NS, "StatusCode");
        Element second = document.createElementNS(PROTOCOL_NS, "samlp:StatusCode");
        second.setAttribute("Value", "urn:oasis:names:tc:SAML:2.0:status:AuthnFailed");
        code.appendChild(second);
        Element message = document.createElementNS(PROTOCOL_NS, "samlp:StatusMessage");
        message.setTextContent("用户取消登录");
        code.getParentNode().appendChild(message);
        assertThat(consume(document)).isEqualTo(new UpstreamResult.Denied("AuthnFailed", "用户取消登录"));
    }

    // XML safety and size

    @Test
    void completeWhenBillionLaughsThenRefusedUnexpanded() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            xml.append("<!ENTITY lol")
                    .append(i)
                    .append(" \"")
                    .append(("&lol" + ((i > 1) ? i - 1 : "") + ";").repeat(10))
                    .append("\">");
        }
        xml.append("]><samlp:Response xmlns:samlp=\"" + PROTOCOL_NS + "\" ID=\"_x\" Version=\"2.0\">&lol9;"
                + "</samlp:Response>");
        assertFailed(consume(TestSamlIdp.encode(xml.toString())), "saml-dtd-not-allowed");
    }

    @Test
    void completeWhenExternalEntityThenRefused() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + "<samlp:Response xmlns:samlp=\"" + PROTOCOL_NS
                + "\" ID=\"_x\" Version=\"2.0\">&xxe;</samlp:Response>";
        assertFailed(consume(TestSamlIdp.encode(xxe)), "saml-dtd-not-allowed");
        String externalDtd = "<?xml version=\"1.0\"?><!DOCTYPE r SYSTEM \"http://127.0.0.1:9/evil.dtd\">"
                + "<samlp:Response xmlns:samlp=\"" + PROTOCOL_NS + "\" ID=\"_x\" Version=\"2.0\"/>";
        assertFailed(consume(TestSamlIdp.encode(externalDtd)), "saml-dtd-not-allowed");
    }

    @Test
    void completeWhenDoctypeBeforeAValidSignedResponseThenRefused() {
        String signed = SecureXml.toString(response().signedAssertion());
        assertFailed(consume(TestSamlIdp.encode("<!DOCTYPE r [<!ENTITY e \"x\">]>" + signed)), "saml-dtd-not-allowed");
    }

    @Test
    void completeWhenOversizedThenRefusedBeforeParsing() {
        TestSamlResponse response = response();
        response.attributes.put("padding", "x".repeat(300 * 1024));
        assertFailed(consume(response.signedAssertion()), "saml-message-too-large");
    }

    @Test
    void completeWhenNotBase64OrNotAResponseThenRefused() {
        assertFailed(consume("%%% not base64 %%%"), "saml-malformed-encoding");
        assertFailed(
                consume(TestSamlIdp.encode("<samlp:AuthnRequest xmlns:samlp=\"" + PROTOCOL_NS + "\"/>")),
                "saml-not-a-response");
        assertFailed(consume(TestSamlIdp.encode("<a></b>")), "saml-malformed-xml");
    }

    // the pending login

    @Test
    void completeWhenRelayStateOrProviderOrTimeDoNotMatchThePendingLoginThenRefused() {
        String encoded = TestSamlIdp.encode(response().signedAssertion());
        assertFailed(
                this.federation.consumer.complete(this.idp, this.pending, encoded, "another-relay-state", SP),
                "relay-state-mismatch");
        PendingSamlLogin elsewhere = new PendingSamlLogin(
                this.pending.requestId(), this.pending.relayState(), "zhejiang", this.pending.createdAt());
        assertFailed(
                this.federation.consumer.complete(this.idp, elsewhere, encoded, this.pending.relayState(), SP),
                "idp-mismatch");
        PendingSamlLogin old = new PendingSamlLogin(
                this.pending.requestId(), this.pending.relayState(), ALIAS, NOW.minus(Duration.ofMinutes(10)));
        assertFailed(
                this.federation.consumer.complete(this.idp, old, encoded, this.pending.relayState(), SP),
                "login-expired");
    }

    @Test
    void completeWhenLaterClockThenSameResponseExpired() {
        TestSamlFederation later = new TestSamlFederation(
                new InMemoryReplayCache(),
                FederationSamlProperties.defaults(),
                Clock.fixed(NOW.plus(Duration.ofMinutes(7)), ZoneOffset.UTC));
        PendingSamlLogin recent = new PendingSamlLogin(
                this.pending.requestId(), this.pending.relayState(), ALIAS, NOW.plus(Duration.ofMinutes(6)));
        assertFailed(
                later.consumer.complete(
                        this.idp, recent, TestSamlIdp.encode(response().signedAssertion()), recent.relayState(), SP),
                "saml-expired");
    }

    private TestSamlResponse response() {
        return new TestSamlResponse(this.pending.requestId(), SP.entityId(), SP.assertionConsumerServiceUrl(), NOW);
    }

    /** An unsigned assertion for someone else, otherwise valid. */
    private Element evilAssertion(Document document, String id) {
        TestSamlResponse evil = response();
        evil.assertionId = id;
        evil.nameId = "attacker-chosen-subject";
        evil.attributes.put("idcard", "310101199001011234");
        return evil.assertion(document);
    }

    private UpstreamResult consume(Document document) {
        return consume(TestSamlIdp.encode(document));
    }

    private UpstreamResult consume(String encoded) {
        return this.federation.consumer.complete(this.idp, this.pending, encoded, this.pending.relayState(), SP);
    }

    private UpstreamResult consume(IdentityProvider provider, Document document) {
        return this.federation.consumer.complete(
                provider, this.pending, TestSamlIdp.encode(document), this.pending.relayState(), SP);
    }

    private static UpstreamIdentity authenticated(UpstreamResult result) {
        assertThat(result).isInstanceOf(UpstreamResult.Authenticated.class);
        return ((UpstreamResult.Authenticated) result).identity();
    }

    private static void assertFailed(UpstreamResult result, String reason) {
        assertThat(result).isEqualTo(new UpstreamResult.Failed(reason));
    }

    private static Element child(Element parent, String namespace, String localName) {
        for (org.w3c.dom.Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element
                    && namespace.equals(element.getNamespaceURI())
                    && localName.equals(element.getLocalName())) {
                return element;
            }
        }
        throw new AssertionError("no " + localName);
    }

    private static Element attributeValue(Element assertion, String name) {
        Element statement = child(assertion, ASSERTION_NS, "AttributeStatement");
        for (org.w3c.dom.Node node = statement.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element attribute && name.equals(attribute.getAttribute("Name"))) {
                return child(attribute, ASSERTION_NS, "AttributeValue");
            }
        }
        throw new AssertionError("no attribute " + name);
    }
}
