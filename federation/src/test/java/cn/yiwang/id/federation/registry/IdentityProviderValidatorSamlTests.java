package cn.yiwang.id.federation.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import cn.yiwang.id.federation.IdentityProvider.ClientAuthentication;
import cn.yiwang.id.federation.SamlSettings;
import cn.yiwang.id.federation.registry.TestIdentityProviders.Builder;
import cn.yiwang.id.federation.saml.TestSamlIdp;
import cn.yiwang.id.kit.registry.Violation;
import cn.yiwang.id.saml.Certificates;
import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link IdentityProviderValidator} for SAML identity providers: one case per rule and way of breaking it. */
class IdentityProviderValidatorSamlTests {

    private static final String METADATA = TestSamlIdp.metadataXml();

    @Test
    void validateWhenSamlWithInlineMetadataThenNoViolations() {
        assertThat(IdentityProviderValidator.validate(
                        TestIdentityProviders.builder().saml().build()))
                .isEmpty();
    }

    @Test
    void validateWhenSamlWithMetadataUrlAndLevelsThenNoViolations() {
        SamlSettings settings = new SamlSettings(
                "https://idp.js.example.gov.cn/saml/metadata",
                null,
                Map.of("http://idp.js.example.gov.cn/loa/2.0", 2, "urn:js:loa:high", 3));
        assertThat(IdentityProviderValidator.validate(
                        TestIdentityProviders.builder().saml(settings).build()))
                .isEmpty();
    }

    @Test
    void validateWhenMetadataSignedWithTheGivenCertificateThenNoViolations() {
        String signed = TestSamlIdp.signMetadata(
                TestSamlIdp.metadataXml(true, true, Instant.now().plusSeconds(3600)),
                TestSamlIdp.KEY,
                TestSamlIdp.CERTIFICATE);
        String pem = "-----BEGIN CERTIFICATE-----\n" + Certificates.base64(TestSamlIdp.CERTIFICATE)
                + "\n-----END CERTIFICATE-----\n";
        assertThat(IdentityProviderValidator.validate(TestIdentityProviders.builder()
                        .saml(new SamlSettings(null, signed, Map.of(), pem))
                        .build()))
                .isEmpty();
    }

    @Test
    void validateWhenOnlyPostSsoThenNoViolations() {
        String postOnly = TestSamlIdp.metadataXml(TestSamlIdp.ENTITY_ID, false, true, TestSamlIdp.CERTIFICATE);
        assertThat(IdentityProviderValidator.validate(TestIdentityProviders.builder()
                        .saml(new SamlSettings(null, postOnly, Map.of()))
                        .build()))
                .isEmpty();
    }

    @Test
    void validateWhenEntityIdIsUrnThenNoViolations() {
        String urn = "urn:js:gov:idp";
        assertThat(IdentityProviderValidator.validate(TestIdentityProviders.builder()
                        .saml(new SamlSettings(
                                null, TestSamlIdp.metadataXml(urn, true, true, TestSamlIdp.CERTIFICATE), Map.of()))
                        .issuer(urn)
                        .build()))
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void validateWhenSamlRuleBrokenThenExactViolation(
            String broken, UnaryOperator<Builder> change, String field, String message) {
        assertThat(IdentityProviderValidator.validate(
                        change.apply(TestIdentityProviders.builder().saml()).build()))
                .containsExactly(new Violation(field, message));
    }

    static Stream<Arguments> violations() {
        String metadataOf = "must give the IdP's metadata: exactly one of metadataUrl and metadataXml";
        return Stream.of(
                arguments("no settings", op((b) -> b.samlSettings(null)), "saml", metadataOf),
                arguments(
                        "no metadata",
                        op((b) -> b.samlSettings(new SamlSettings(null, null, Map.of()))),
                        "saml",
                        metadataOf),
                arguments(
                        "both url and xml",
                        op((b) -> b.samlSettings(new SamlSettings("https://idp/md", METADATA, Map.of()))),
                        "saml",
                        metadataOf),
                arguments(
                        "url over http",
                        op((b) -> b.samlSettings(new SamlSettings("http://idp.js.example.gov.cn/md", null, Map.of()))),
                        "saml.metadataUrl",
                        "must use https: the IdP's signing certificates are"
                                + " trusted from this document (http is allowed for loopback addresses only, for tests)"),
                arguments(
                        "url relative",
                        op((b) -> b.samlSettings(new SamlSettings("/md", null, Map.of()))),
                        "saml.metadataUrl",
                        "must be an absolute URL with a host"),
                arguments(
                        "metadata without signing certificate",
                        op((b) -> b.samlSettings(new SamlSettings(
                                null, TestSamlIdp.metadataXml(TestSamlIdp.ENTITY_ID, true, true, null), Map.of()))),
                        "saml.metadataXml",
                        "must hold the IdP's signing certificate (a KeyDescriptor with use=\"signing\""
                                + " or no use): responses are only accepted signed with it"),
                arguments(
                        "metadata without SSO service",
                        op((b) -> b.samlSettings(new SamlSettings(
                                null,
                                TestSamlIdp.metadataXml(TestSamlIdp.ENTITY_ID, false, false, TestSamlIdp.CERTIFICATE),
                                Map.of()))),
                        "saml.metadataXml",
                        "must offer a SingleSignOnService with the HTTP-Redirect or HTTP-POST binding"),
                arguments(
                        "metadata of another entity",
                        op((b) -> b.issuer("https://idp.other.example.gov.cn/saml")),
                        "saml.metadataXml",
                        "has no IDPSSODescriptor for SAML 2.0 of the entity"
                                + " 'https://idp.other.example.gov.cn/saml' (the issuer)"),
                arguments(
                        "metadata with a DOCTYPE",
                        op((b) -> b.samlSettings(
                                new SamlSettings(null, "<!DOCTYPE x [<!ENTITY e \"e\">]>" + METADATA, Map.of()))),
                        "saml.metadataXml",
                        "must not contain a DOCTYPE (DTDs and entities are refused)"),
                arguments(
                        "metadata expired",
                        op((b) -> b.samlSettings(new SamlSettings(
                                null,
                                TestSamlIdp.metadataXml(
                                        true, false, Instant.now().minusSeconds(60)),
                                Map.of()))),
                        "saml.metadataXml",
                        "has expired (its validUntil has passed): ask the IdP for current metadata"),
                arguments(
                        "metadata unsigned though a signing certificate is given",
                        op((b) -> b.samlSettings(new SamlSettings(
                                null, METADATA, Map.of(), Certificates.base64(TestSamlIdp.CERTIFICATE)))),
                        "saml.metadataXml",
                        "must be signed (an enveloped signature on its root element), since a"
                                + " metadataSigningCertificate is given"),
                arguments(
                        "metadata signed with another key",
                        op((b) -> b.samlSettings(new SamlSettings(
                                null,
                                TestSamlIdp.signMetadata(
                                        TestSamlIdp.metadataXml(true, false, null),
                                        TestSamlIdp.ROGUE_KEY,
                                        TestSamlIdp.CERTIFICATE),
                                Map.of(),
                                Certificates.base64(TestSamlIdp.CERTIFICATE)))),
                        "saml.metadataXml",
                        "has a signature that does not verify with the metadataSigningCertificate"),
                arguments(
                        "metadata signing certificate not a certificate",
                        op((b) -> b.samlSettings(new SamlSettings(null, METADATA, Map.of(), "MIIB-not-a-certificate"))),
                        "saml.metadataSigningCertificate",
                        "must be an X.509 certificate, PEM or base64 DER: the key the metadata document is signed with"),
                arguments(
                        "metadata not metadata",
                        op((b) -> b.samlSettings(new SamlSettings(null, "<x/>", Map.of()))),
                        "saml.metadataXml",
                        "is not SAML metadata (an EntityDescriptor or EntitiesDescriptor)"),
                arguments(
                        "level out of range",
                        op((b) -> b.samlSettings(new SamlSettings(null, METADATA, Map.of("urn:js:loa:high", 5)))),
                        "saml.authnContextLevels.urn:js:loa:high",
                        "must be 1, 2, 3 or 4: the level of assurance (L1 to L4) this authentication context stands for"),
                arguments(
                        "blank class reference",
                        op((b) -> b.samlSettings(new SamlSettings(null, METADATA, Map.of(" ", 2)))),
                        "saml.authnContextLevels",
                        "' ' is not an AuthnContextClassRef: 1 to 256" + " characters, no surrounding spaces"),
                arguments(
                        "entity ID missing",
                        op((b) -> b.issuer(null)),
                        "issuer",
                        "must be the SAML IdP's entity ID,"
                                + " as in its metadata (an absolute URI of at most 512 characters)"),
                arguments(
                        "entity ID relative",
                        op((b) -> b.issuer("idp-js")),
                        "issuer",
                        "must be the SAML IdP's"
                                + " entity ID: an absolute URI such as https://idp.example.gov.cn/saml (SAML 2.0 Core §8.3.6)"),
                arguments("client id with saml", op((b) -> b.clientId("yiwang")), "clientId", "is not used with saml"),
                arguments("secret with saml", op((b) -> b.clientSecret("s")), "clientSecret", "is not used with saml"),
                arguments(
                        "client authentication with saml",
                        op((b) -> b.clientAuthentication(ClientAuthentication.CLIENT_SECRET_BASIC)),
                        "clientAuthentication",
                        "is not used with saml"),
                arguments("scopes with saml", op((b) -> b.scopes("openid")), "scopes", "are not used with saml"));
    }

    @Test
    void validateWhenOidcWithSamlSettingsThenRefused() {
        assertThat(IdentityProviderValidator.validate(TestIdentityProviders.builder()
                        .samlSettings(new SamlSettings(null, METADATA, Map.of()))
                        .build()))
                .containsExactly(new Violation("saml", "is only used with saml"));
    }

    private static UnaryOperator<Builder> op(UnaryOperator<Builder> change) {
        return change;
    }
}
