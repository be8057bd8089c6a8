package cn.yiwang.id.saml.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yiwang.id.saml.SamlException;
import cn.yiwang.id.saml.SamlNames;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MetadataReaderTests {

    @Test
    void metadataInAnEntitiesDescriptorIsFoundByRoleAndEntityId() {
        String xml = "<md:EntitiesDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\">"
                + "<md:EntityDescriptor entityID=\"https://idp.example\"><md:IDPSSODescriptor "
                + "protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
                + "<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\" "
                + "Location=\"https://idp.example/sso\"/></md:IDPSSODescriptor></md:EntityDescriptor>"
                + "<md:EntityDescriptor entityID=\"https://sp.example\"><md:SPSSODescriptor AuthnRequestsSigned=\"true\" "
                + "protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
                + "<md:AssertionConsumerService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\" "
                + "Location=\"https://sp.example/acs\" index=\"3\" isDefault=\"true\"/></md:SPSSODescriptor>"
                + "</md:EntityDescriptor></md:EntitiesDescriptor>";
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        EntityMetadata sp = MetadataReader.read(bytes, MetadataRole.SP);
        assertThat(sp.entityId()).isEqualTo("https://sp.example");
        assertThat(sp.authnRequestsSigned()).isTrue();
        assertThat(sp.assertionConsumerServices().get(0).index()).isEqualTo(3);
        assertThat(sp.assertionConsumerServices().get(0).isDefault()).isTrue();
        assertThat(MetadataReader.read(bytes, MetadataRole.IDP, "https://idp.example")
                        .singleSignOnService(SamlNames.BINDING_REDIRECT))
                .isPresent();
        assertThatThrownBy(() -> MetadataReader.read(bytes, MetadataRole.IDP, "https://other.example"))
                .extracting((e) -> ((SamlException) e).reason())
                .isEqualTo("entity_not_found");
    }
}
