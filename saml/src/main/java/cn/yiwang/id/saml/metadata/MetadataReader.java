package cn.yiwang.id.saml.metadata;

import cn.yiwang.id.saml.Certificates;
import cn.yiwang.id.saml.SamlException;
import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.SamlXml;
import cn.yiwang.id.saml.SecureXml;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.w3c.dom.Element;

/** Reads SAML metadata (an EntityDescriptor, or an EntitiesDescriptor holding several) safely. */
public final class MetadataReader {

    private MetadataReader() {}

    /** The first entity with the role. */
    public static EntityMetadata read(byte[] xml, MetadataRole role) {
        return read(xml, role, null);
    }

    /** The entity with that ID and role (any entity with the role when {@code entityId} is null). */
    public static EntityMetadata read(byte[] xml, MetadataRole role, String entityId) {
        Element root = SecureXml.parse(xml).getDocumentElement();
        return find(root, role, entityId)
                .orElseThrow(() -> new SamlException(
                        "entity_not_found",
                        "No " + role + " entity" + ((entityId != null) ? " " + entityId : "") + " in the metadata"));
    }

    /** The parsed root element's entity; for callers that also check the metadata's own signature. */
    public static Optional<EntityMetadata> find(Element root, MetadataRole role, String entityId) {
        if (SamlXml.is(root, SamlNames.METADATA_NS, "EntityDescriptor")) {
            return entity(root, role, entityId);
        }
        if (SamlXml.is(root, SamlNames.METADATA_NS, "EntitiesDescriptor")) {
            for (Element child : SamlXml.elementChildren(root)) {
                Optional<EntityMetadata> found = find(child, role, entityId);
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        }
        throw new SamlException("not_metadata", "The document is not SAML metadata");
    }

    private static Optional<EntityMetadata> entity(Element descriptor, MetadataRole role, String entityId) {
        String id = descriptor.getAttributeNS(null, "entityID").trim();
        if (id.isEmpty() || (entityId != null && !entityId.equals(id))) {
            return Optional.empty();
        }
        String roleName = (role == MetadataRole.SP) ? "SPSSODescriptor" : "IDPSSODescriptor";
        Optional<Element> roleDescriptor = SamlXml.children(descriptor, SamlNames.METADATA_NS, roleName).stream()
                .filter((e) ->
                        e.getAttributeNS(null, "protocolSupportEnumeration").contains(SamlNames.PROTOCOL_NS))
                .findFirst();
        if (roleDescriptor.isEmpty()) {
            return Optional.empty();
        }
        Element r = roleDescriptor.get();
        List<X509Certificate> signing = new ArrayList<>();
        List<X509Certificate> encryption = new ArrayList<>();
        for (Element keyDescriptor : SamlXml.children(r, SamlNames.METADATA_NS, "KeyDescriptor")) {
            String use = keyDescriptor.getAttributeNS(null, "use");
            for (X509Certificate certificate : certificates(keyDescriptor)) {
                if (use.isEmpty() || "signing".equals(use)) {
                    signing.add(certificate);
                }
                if (use.isEmpty() || "encryption".equals(use)) {
                    encryption.add(certificate);
                }
            }
        }
        List<String> formats = SamlXml.children(r, SamlNames.METADATA_NS, "NameIDFormat").stream()
                .map((e) -> e.getTextContent().trim())
                .toList();
        return Optional.of(new EntityMetadata(
                id,
                endpoints(r, "SingleSignOnService"),
                endpoints(r, "AssertionConsumerService"),
                endpoints(r, "SingleLogoutService"),
                signing,
                encryption,
                formats,
                "true".equals(r.getAttributeNS(null, "AuthnRequestsSigned")),
                "true".equals(r.getAttributeNS(null, "WantAssertionsSigned")),
                "true".equals(r.getAttributeNS(null, "WantAuthnRequestsSigned"))));
    }

    private static List<X509Certificate> certificates(Element keyDescriptor) {
        List<X509Certificate> found = new ArrayList<>();
        SamlXml.child(keyDescriptor, SamlNames.DSIG_NS, "KeyInfo")
                .ifPresent((keyInfo) -> SamlXml.children(keyInfo, SamlNames.DSIG_NS, "X509Data")
                        .forEach((data) -> SamlXml.children(data, SamlNames.DSIG_NS, "X509Certificate")
                                .forEach((c) -> found.add(Certificates.parse(c.getTextContent())))));
        return found;
    }

    private static List<SamlEndpoint> endpoints(Element role, String name) {
        List<SamlEndpoint> found = new ArrayList<>();
        for (Element endpoint : SamlXml.children(role, SamlNames.METADATA_NS, name)) {
            String binding = endpoint.getAttributeNS(null, "Binding").trim();
            String location = endpoint.getAttributeNS(null, "Location").trim();
            if (binding.isEmpty() || location.isEmpty()) {
                throw new SamlException("invalid_endpoint", name + " without Binding or Location");
            }
            String index = endpoint.getAttributeNS(null, "index").trim();
            String response = endpoint.getAttributeNS(null, "ResponseLocation").trim();
            int parsedIndex;
            try {
                parsedIndex = index.isEmpty() ? -1 : Integer.parseInt(index);
            } catch (NumberFormatException ex) {
                throw new SamlException("invalid_endpoint", name + " with an invalid index");
            }
            found.add(new SamlEndpoint(
                    binding,
                    location,
                    response.isEmpty() ? null : response,
                    parsedIndex,
                    "true".equals(endpoint.getAttributeNS(null, "isDefault"))));
        }
        return found;
    }
}
