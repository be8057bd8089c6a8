package cn.yiwang.id.server.saml.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.metadata.EntityMetadata;
import cn.yiwang.id.saml.metadata.SamlEndpoint;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ImportedServiceProviderMetadata}: SP metadata onto a provider, the registry's policy kept. */
class ImportedServiceProviderMetadataTests {

    private static final String BASE = "https://portal.example.gov.cn/saml";

    @Test
    void applyWhenNewProviderThenWhatTheIdpCanUseAndDefaultsForThePolicy() {
        ServiceProvider provider = ImportedServiceProviderMetadata.apply(
                TestServiceProviders.metadata(),
                ImportedServiceProviderMetadata.newPolicy("mps-portal", null, null),
                null);

        assertThat(provider.alias()).isEqualTo("mps-portal");
        assertThat(provider.entityId()).isEqualTo(TestServiceProviders.METADATA_ENTITY_ID);
        assertThat(provider.displayNameZh()).isEqualTo("mps-portal");
        assertThat(provider.assertionConsumerServices())
                .as("HTTP-Artifact left out")
                .containsExactly(
                        new SamlEndpoint(SamlNames.BINDING_POST, BASE + "/acs", null, 0, false),
                        new SamlEndpoint(SamlNames.BINDING_POST, BASE + "/acs/mobile", null, 2, true));
        assertThat(provider.assertionConsumerService(null, null).orElseThrow().location())
                .isEqualTo(BASE + "/acs/mobile");
        assertThat(provider.singleLogoutServices())
                .as("SOAP kept, for the back-channel")
                .containsExactly(
                        new SamlEndpoint(SamlNames.BINDING_REDIRECT, BASE + "/slo", BASE + "/slo/response", -1, false),
                        new SamlEndpoint(SamlNames.BINDING_POST, BASE + "/slo/post", null, -1, false),
                        new SamlEndpoint(SamlNames.BINDING_SOAP, BASE + "/slo/soap", null, -1, false));
        assertThat(provider.signingCertificates()).hasSize(1);
        assertThat(provider.signingCertificates()
                        .get(0)
                        .getSubjectX500Principal()
                        .getName())
                .contains("signing");
        assertThat(provider.encryptionCertificates()).hasSize(1);
        assertThat(provider.encryptionCertificates()
                        .get(0)
                        .getSubjectX500Principal()
                        .getName())
                .contains("encryption");
        assertThat(provider.requireSignedAuthnRequests())
                .as("AuthnRequestsSigned")
                .isTrue();
        assertThat(provider.signAssertion()).as("WantAssertionsSigned").isTrue();
        assertThat(provider.signResponse()).isTrue();
        assertThat(provider.encryptAssertion()).as("an administrator's choice").isFalse();
        assertThat(provider.nameIdFormat()).as("persistent is listed").isEqualTo(SamlNames.NAMEID_PERSISTENT);
        assertThat(provider.releasedAttributes()).isEmpty();
        assertThat(provider.enabled()).isTrue();
        assertThat(provider.metadataUrl()).isNull();
        assertThat(ServiceProviderValidator.validate(provider)).isEmpty();
    }

    @Test
    void applyWhenExistingProviderThenPolicyKeptAndMetadataOnlyTightens() {
        ServiceProvider existing = TestServiceProviders.builder()
                .alias("mps-portal")
                .displayNames("公安部", "MPS")
                .signAssertion(false)
                .signResponse(false)
                .encryptionCertificates(TestServiceProviders.encryptionCertificate())
                .encryptAssertion(true)
                .nameIdFormat(SamlNames.NAMEID_TRANSIENT)
                .releasedAttributes("name", "id_number")
                .releaseFullIdNumber(true)
                .enabled(false)
                .build();

        ServiceProvider provider = ImportedServiceProviderMetadata.apply(
                TestServiceProviders.metadata(), existing, "https://portal.example.gov.cn/saml/metadata");

        assertThat(provider.entityId()).isEqualTo(TestServiceProviders.METADATA_ENTITY_ID);
        assertThat(provider.assertionConsumerServices()).hasSize(2);
        assertThat(provider.displayNameZh()).isEqualTo("公安部");
        assertThat(provider.signResponse()).isFalse();
        assertThat(provider.signAssertion())
                .as("WantAssertionsSigned=true turns it on")
                .isTrue();
        assertThat(provider.requireSignedAuthnRequests()).isTrue();
        assertThat(provider.encryptAssertion()).isTrue();
        assertThat(provider.nameIdFormat()).isEqualTo(SamlNames.NAMEID_TRANSIENT);
        assertThat(provider.releasedAttributes()).containsExactly("name", "id_number");
        assertThat(provider.releaseFullIdNumber()).isTrue();
        assertThat(provider.enabled()).isFalse();
        assertThat(provider.metadataUrl()).isEqualTo("https://portal.example.gov.cn/saml/metadata");
    }

    @Test
    void applyWhenMetadataAsksForNothingThenAdministratorsSettingsStay() {
        EntityMetadata relaxed = metadata("AuthnRequestsSigned=\"false\"", List.of());
        ServiceProvider existing = TestServiceProviders.builder()
                .signingCertificates(TestServiceProviders.signingCertificate())
                .requireSignedAuthnRequests(true)
                .build();

        ServiceProvider provider = ImportedServiceProviderMetadata.apply(relaxed, existing, null);

        assertThat(provider.requireSignedAuthnRequests()).isTrue();
        assertThat(provider.signAssertion()).isTrue();
        assertThat(ImportedServiceProviderMetadata.apply(
                                relaxed, ImportedServiceProviderMetadata.newPolicy("x", null, null), null)
                        .requireSignedAuthnRequests())
                .isFalse();
    }

    @Test
    void nameIdFormatWhenNewProviderThenPersistentUnlessTheSpListsOnlyOthers() {
        assertThat(ImportedServiceProviderMetadata.nameIdFormat(List.of())).isEqualTo(SamlNames.NAMEID_PERSISTENT);
        assertThat(ImportedServiceProviderMetadata.nameIdFormat(
                        List.of(SamlNames.NAMEID_TRANSIENT, SamlNames.NAMEID_PERSISTENT)))
                .isEqualTo(SamlNames.NAMEID_PERSISTENT);
        assertThat(ImportedServiceProviderMetadata.nameIdFormat(
                        List.of("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress", SamlNames.NAMEID_TRANSIENT)))
                .isEqualTo(SamlNames.NAMEID_TRANSIENT);
        assertThat(ImportedServiceProviderMetadata.nameIdFormat(
                        List.of("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress")))
                .isEqualTo(SamlNames.NAMEID_PERSISTENT);
        ServiceProvider transientOnly = ImportedServiceProviderMetadata.apply(
                metadata("", List.of(SamlNames.NAMEID_TRANSIENT)),
                ImportedServiceProviderMetadata.newPolicy("x", null, null),
                null);
        assertThat(transientOnly.nameIdFormat()).isEqualTo(SamlNames.NAMEID_TRANSIENT);
    }

    @Test
    void readWhenDoctypeThenMetadataViolation() {
        String bomb = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">]>"
                + "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"&lol;\"/>";
        assertThatExceptionOfType(InvalidServiceProviderException.class)
                .isThrownBy(() -> ImportedServiceProviderMetadata.read(bomb.getBytes(StandardCharsets.UTF_8)))
                .satisfies((ex) -> assertThat(ex.violations())
                        .singleElement()
                        .satisfies((v) -> assertThat(v.field()).isEqualTo("metadata")));
    }

    @Test
    void readWhenIdpMetadataOnlyThenMetadataViolation() {
        String idp = "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"urn:x:idp\">"
                + "<md:IDPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
                + "<md:SingleSignOnService Binding=\"" + SamlNames.BINDING_REDIRECT
                + "\" Location=\"https://idp.example/sso\"/></md:IDPSSODescriptor></md:EntityDescriptor>";
        assertThatExceptionOfType(InvalidServiceProviderException.class)
                .isThrownBy(() -> ImportedServiceProviderMetadata.read(idp.getBytes(StandardCharsets.UTF_8)))
                .satisfies((ex) -> assertThat(ex.violations().get(0).message()).contains("entity_not_found"));
    }

    @Test
    void readWhenNotXmlThenMetadataViolation() {
        assertThatExceptionOfType(InvalidServiceProviderException.class)
                .isThrownBy(() ->
                        ImportedServiceProviderMetadata.read("{\"not\": \"xml\"}".getBytes(StandardCharsets.UTF_8)));
        assertThatExceptionOfType(InvalidServiceProviderException.class)
                .isThrownBy(() -> ImportedServiceProviderMetadata.read(new byte[0]));
    }

    /** Minimal SP metadata with one HTTP-POST ACS and no certificates. */
    static EntityMetadata metadata(String attributes, List<String> nameIdFormats) {
        StringBuilder formats = new StringBuilder();
        nameIdFormats.forEach(
                (f) -> formats.append("<md:NameIDFormat>").append(f).append("</md:NameIDFormat>"));
        String xml = "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"urn:x:sp\">"
                + "<md:SPSSODescriptor " + attributes
                + " protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">" + formats
                + "<md:AssertionConsumerService Binding=\"" + SamlNames.BINDING_POST
                + "\" Location=\"https://sp.example.gov.cn/acs\" index=\"0\"/></md:SPSSODescriptor>"
                + "</md:EntityDescriptor>";
        return ImportedServiceProviderMetadata.read(xml.getBytes(StandardCharsets.UTF_8));
    }
}
