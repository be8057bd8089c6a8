package cn.yiwang.id.saml.metadata;

import cn.yiwang.id.saml.Certificates;
import cn.yiwang.id.saml.SamlIds;
import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.SamlTime;
import cn.yiwang.id.saml.SamlXml;
import cn.yiwang.id.saml.SecureXml;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Writes our own metadata (an IdP's or an SP's EntityDescriptor), ready to be signed. */
public final class MetadataWriter {

    private MetadataWriter() {}

    /**
     * An EntityDescriptor with an {@code ID} (so it can be signed) and {@code validUntil}, holding one
     * role descriptor.
     */
    public static Document write(EntityMetadata metadata, MetadataRole role, Instant validUntil) {
        Document document = SecureXml.newDocument();
        Element entity = SamlXml.create(document, SamlNames.METADATA_NS, "EntityDescriptor");
        entity.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:md", SamlNames.METADATA_NS);
        entity.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:ds", SamlNames.DSIG_NS);
        entity.setAttributeNS(null, "ID", SamlIds.newId());
        entity.setAttributeNS(null, "entityID", metadata.entityId());
        if (validUntil != null) {
            entity.setAttributeNS(null, "validUntil", SamlTime.format(validUntil));
        }
        document.appendChild(entity);
        Element descriptor = SamlXml.append(
                entity, SamlNames.METADATA_NS, (role == MetadataRole.IDP) ? "IDPSSODescriptor" : "SPSSODescriptor");
        descriptor.setAttributeNS(null, "protocolSupportEnumeration", SamlNames.PROTOCOL_NS);
        if (role == MetadataRole.IDP) {
            descriptor.setAttributeNS(
                    null, "WantAuthnRequestsSigned", String.valueOf(metadata.wantAuthnRequestsSigned()));
        } else {
            descriptor.setAttributeNS(null, "AuthnRequestsSigned", String.valueOf(metadata.authnRequestsSigned()));
            descriptor.setAttributeNS(null, "WantAssertionsSigned", String.valueOf(metadata.wantAssertionsSigned()));
        }
        keyDescriptors(descriptor, "signing", metadata.signingCertificates());
        keyDescriptors(descriptor, "encryption", metadata.encryptionCertificates());
        endpoints(descriptor, "SingleLogoutService", metadata.singleLogoutServices(), false);
        for (String format : metadata.nameIdFormats()) {
            SamlXml.appendText(descriptor, SamlNames.METADATA_NS, "NameIDFormat", format);
        }
        if (role == MetadataRole.IDP) {
            endpoints(descriptor, "SingleSignOnService", metadata.singleSignOnServices(), false);
        } else {
            endpoints(descriptor, "AssertionConsumerService", metadata.assertionConsumerServices(), true);
        }
        return document;
    }

    private static void keyDescriptors(Element descriptor, String use, List<X509Certificate> certificates) {
        for (X509Certificate certificate : certificates) {
            Element key = SamlXml.append(descriptor, SamlNames.METADATA_NS, "KeyDescriptor");
            key.setAttributeNS(null, "use", use);
            Element keyInfo = SamlXml.append(key, SamlNames.DSIG_NS, "KeyInfo");
            Element data = SamlXml.append(keyInfo, SamlNames.DSIG_NS, "X509Data");
            SamlXml.appendText(data, SamlNames.DSIG_NS, "X509Certificate", Certificates.base64(certificate));
            if ("encryption".equals(use)) {
                SamlXml.append(key, SamlNames.METADATA_NS, "EncryptionMethod")
                        .setAttributeNS(null, "Algorithm", "http://www.w3.org/2009/xmlenc11#aes256-gcm");
                SamlXml.append(key, SamlNames.METADATA_NS, "EncryptionMethod")
                        .setAttributeNS(null, "Algorithm", "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p");
            }
        }
    }

    private static void endpoints(Element descriptor, String name, List<SamlEndpoint> endpoints, boolean indexed) {
        int next = 0;
        for (SamlEndpoint endpoint : endpoints) {
            Element element = SamlXml.append(descriptor, SamlNames.METADATA_NS, name);
            element.setAttributeNS(null, "Binding", endpoint.binding());
            element.setAttributeNS(null, "Location", endpoint.location());
            if (endpoint.responseLocation() != null) {
                element.setAttributeNS(null, "ResponseLocation", endpoint.responseLocation());
            }
            if (indexed) {
                element.setAttributeNS(
                        null, "index", String.valueOf((endpoint.index() >= 0) ? endpoint.index() : next));
                if (endpoint.isDefault()) {
                    element.setAttributeNS(null, "isDefault", "true");
                }
            }
            next++;
        }
    }
}
