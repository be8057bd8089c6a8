package cn.yiwang.id.saml.metadata;

import static cn.yiwang.id.saml.TestKeys.CERT;
import static cn.yiwang.id.saml.TestKeys.KEYS;
import static cn.yiwang.id.saml.TestKeys.OTHER_CERT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yiwang.id.saml.SamlException;
import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.SecureXml;
import cn.yiwang.id.saml.XmlSignatures;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class MetadataWriterTests {

    @Test
    void metadataRoundTripsAndVerifies() {
        EntityMetadata idp = new EntityMetadata(
                "https://id.example/saml",
                List.of(new SamlEndpoint(SamlNames.BINDING_REDIRECT, "https://id.example/sso", null, -1, false)),
                List.of(),
                List.of(new SamlEndpoint(SamlNames.BINDING_POST, "https://id.example/slo", null, -1, false)),
                List.of(CERT),
                List.of(OTHER_CERT),
                List.of(SamlNames.NAMEID_PERSISTENT),
                false,
                false,
                true);
        Document document =
                MetadataWriter.write(idp, MetadataRole.IDP, Instant.now().plusSeconds(3600));
        XmlSignatures.sign(document.getDocumentElement(), KEYS.getPrivate(), CERT);
        byte[] bytes = SecureXml.toBytes(document);
        assertThat(XmlSignatures.verify(SecureXml.parse(bytes).getDocumentElement(), List.of(CERT)))
                .isTrue();
        EntityMetadata read = MetadataReader.read(bytes, MetadataRole.IDP);
        assertThat(read.entityId()).isEqualTo(idp.entityId());
        assertThat(read.singleSignOnServices()).isEqualTo(idp.singleSignOnServices());
        assertThat(read.signingCertificates()).containsExactly(CERT);
        assertThat(read.encryptionCertificates()).containsExactly(OTHER_CERT);
        assertThat(read.wantAuthnRequestsSigned()).isTrue();
        assertThatThrownBy(() -> MetadataReader.read(bytes, MetadataRole.SP)).isInstanceOf(SamlException.class);
    }
}
