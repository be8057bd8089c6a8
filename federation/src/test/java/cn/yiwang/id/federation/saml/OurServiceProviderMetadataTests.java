package cn.yiwang.id.federation.saml;

import static cn.yiwang.id.federation.saml.TestServiceProvider.SP;
import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.SecureXml;
import cn.yiwang.id.saml.XmlSignatures;
import cn.yiwang.id.saml.metadata.EntityMetadata;
import cn.yiwang.id.saml.metadata.MetadataReader;
import cn.yiwang.id.saml.metadata.MetadataRole;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link OurServiceProviderMetadata}: what a provincial IdP imports about us. */
class OurServiceProviderMetadataTests {

    private final TestServiceProvider credentials = new TestServiceProvider();

    @Test
    void documentThenSignedSpEntityWithAcsCertificatesAndWishes() {
        byte[] xml =
                new OurServiceProviderMetadata(this.credentials).document(SP, Instant.parse("2026-03-01T08:00:00Z"));
        EntityMetadata sp = MetadataReader.read(xml, MetadataRole.SP);
        assertThat(sp.entityId()).isEqualTo("https://id.yiwang.example.gov.cn/federation/saml/metadata");
        assertThat(sp.assertionConsumerServices()).singleElement().satisfies((acs) -> {
            assertThat(acs.binding()).isEqualTo(SamlNames.BINDING_POST);
            assertThat(acs.location()).isEqualTo("https://id.yiwang.example.gov.cn/federation/saml/acs");
        });
        assertThat(sp.signingCertificates()).containsExactly(this.credentials.certificate());
        assertThat(sp.encryptionCertificates()).containsExactly(this.credentials.certificate());
        assertThat(sp.authnRequestsSigned()).isTrue();
        assertThat(sp.wantAssertionsSigned()).isTrue();
        assertThat(new String(xml, java.nio.charset.StandardCharsets.UTF_8))
                .contains("validUntil=\"2026-03-08T08:00:00Z\"");
        assertThat(XmlSignatures.verify(
                        SecureXml.parse(xml).getDocumentElement(), List.of(this.credentials.certificate())))
                .isTrue();
    }
}
