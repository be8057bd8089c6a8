package cn.yiwang.id.federation.saml;

import cn.yiwang.id.saml.SamlException;
import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.SamlTime;
import cn.yiwang.id.saml.SamlXml;
import cn.yiwang.id.saml.SecureXml;
import cn.yiwang.id.saml.XmlSignatures;
import cn.yiwang.id.saml.metadata.EntityMetadata;
import cn.yiwang.id.saml.metadata.MetadataReader;
import cn.yiwang.id.saml.metadata.MetadataRole;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.w3c.dom.Element;

/**
 * A provincial SAML IdP's metadata as the federation uses it: the entity named by the provider's
 * {@code issuer}, with a single sign-on service we can send an AuthnRequest to (HTTP-Redirect or
 * HTTP-POST) and at least one signing certificate, the only keys its messages are verified with.
 *
 * <p>The document is refused once its {@code validUntil} (on the root, or on the entity inside an
 * {@code EntitiesDescriptor}) is past (Metadata §2.3.1); and when the registration names a metadata signing
 * certificate, the document's root must carry an enveloped signature that verifies with it (Metadata §3.1), so
 * that whoever can change the document in transit or at rest cannot swap the IdP's keys.
 */
public final class IdentityProviderMetadata {

    private IdentityProviderMetadata() {}

    /**
     * Metadata that passed every check.
     *
     * @param entity the IdP entity
     * @param validUntil the earliest {@code validUntil} of the document and the entity, or {@code null} when
     *     neither has one; the metadata must not be used after it
     */
    public record Accepted(EntityMetadata entity, Instant validUntil) {

        public Accepted {
            Objects.requireNonNull(entity, "entity");
        }

        /**
         * @param now the current time
         * @return whether the metadata may still be used
         */
        public boolean isValidAt(Instant now) {
            return this.validUntil == null || now.isBefore(this.validUntil);
        }
    }

    /**
     * Reads usable metadata.
     * @param xml the metadata document (an EntityDescriptor, or an EntitiesDescriptor holding the entity)
     * @param entityId the IdP's entity ID
     * @param signer the certificate the document must be signed with, or {@code null} when no signature is required
     * @param now the current time, for {@code validUntil}
     * @return the entity and until when it may be used
     * @throws SamlException when the document is unsafe or malformed, lacks the entity, or the entity is
     * unusable ({@code expired}, {@code unsigned}, {@code signature_invalid},
     * {@code no_sso_service}, {@code no_signing_certificate})
     */
    public static Accepted read(byte[] xml, String entityId, X509Certificate signer, Instant now) {
        Element root = SecureXml.parse(xml).getDocumentElement();
        if (signer != null) {
            if (!XmlSignatures.isSigned(root)) {
                throw new SamlException("unsigned", "The metadata is not signed");
            }
            if (!XmlSignatures.verify(root, List.of(signer))) {
                throw new SamlException(
                        "signature_invalid",
                        "The metadata's signature does not verify with the metadata signing certificate");
            }
        }
        EntityMetadata entity = MetadataReader.find(root, MetadataRole.IDP, entityId)
                .orElseThrow(
                        () -> new SamlException("entity_not_found", "No IdP entity " + entityId + " in the metadata"));
        Instant validUntil = validUntil(root, entityId);
        if (validUntil != null && !now.isBefore(validUntil)) {
            throw new SamlException("expired", "The metadata's validUntil has passed");
        }
        if (entity.singleSignOnService(SamlNames.BINDING_REDIRECT).isEmpty()
                && entity.singleSignOnService(SamlNames.BINDING_POST).isEmpty()) {
            throw new SamlException(
                    "no_sso_service", "The IdP has no SingleSignOnService with the HTTP-Redirect or HTTP-POST binding");
        }
        if (entity.signingCertificates().isEmpty()) {
            throw new SamlException(
                    "no_signing_certificate",
                    "The IdP's metadata has no signing certificate (KeyDescriptor use=\"signing\" or without use)");
        }
        return new Accepted(entity, validUntil);
    }

    /**
     * What makes the metadata unusable, in words for an administrator.
     * @param xml the metadata document
     * @param entityId the IdP's entity ID, or null
     * @param signer the certificate the document must be signed with, or {@code null}
     * @param now the current time
     * @return the problem, or empty when {@link #read} accepts it
     */
    public static Optional<String> problem(byte[] xml, String entityId, X509Certificate signer, Instant now) {
        if (entityId == null) {
            // the issuer rule reports the missing entity ID
            return Optional.empty();
        }
        try {
            read(xml, entityId, signer, now);
            return Optional.empty();
        } catch (SamlException ex) {
            return Optional.of(
                    switch (ex.reason()) {
                        case "entity_not_found" ->
                            "has no IDPSSODescriptor for SAML 2.0 of the entity '" + entityId + "' (the issuer)";
                        case "no_sso_service" ->
                            "must offer a SingleSignOnService with the HTTP-Redirect or HTTP-POST binding";
                        case "no_signing_certificate" ->
                            "must hold the IdP's signing certificate (a KeyDescriptor with"
                                    + " use=\"signing\" or no use): responses are only accepted signed with it";
                        case "expired" -> "has expired (its validUntil has passed): ask the IdP for current metadata";
                        case "unsigned" ->
                            "must be signed (an enveloped signature on its root element), since a"
                                    + " metadataSigningCertificate is given";
                        case "signature_invalid" ->
                            "has a signature that does not verify with the" + " metadataSigningCertificate";
                        case "invalid_time" -> "has an invalid validUntil";
                        case "dtd_not_allowed" -> "must not contain a DOCTYPE (DTDs and entities are refused)";
                        case "message_too_large" -> "is too large";
                        case "not_metadata" -> "is not SAML metadata (an EntityDescriptor or EntitiesDescriptor)";
                        default -> "is not valid SAML metadata (" + ex.reason() + ")";
                    });
        }
    }

    // the earliest validUntil on the way from the root down to the entity's EntityDescriptor
    private static Instant validUntil(Element element, String entityId) {
        Instant own = validUntil(element);
        if (SamlXml.is(element, SamlNames.METADATA_NS, "EntityDescriptor")) {
            return own;
        }
        for (Element child : SamlXml.elementChildren(element)) {
            if (SamlXml.is(child, SamlNames.METADATA_NS, "EntityDescriptor")
                    && MetadataReader.find(child, MetadataRole.IDP, entityId).isPresent()) {
                return earliest(own, validUntil(child));
            }
            if (SamlXml.is(child, SamlNames.METADATA_NS, "EntitiesDescriptor")
                    && MetadataReader.find(child, MetadataRole.IDP, entityId).isPresent()) {
                return earliest(own, validUntil(child, entityId));
            }
        }
        return own;
    }

    private static Instant validUntil(Element element) {
        if (element == null || !element.hasAttributeNS(null, "validUntil")) {
            return null;
        }
        try {
            return SamlTime.parse(element.getAttributeNS(null, "validUntil").trim());
        } catch (SamlException ex) {
            throw new SamlException("invalid_time", "The metadata's validUntil is not a valid time");
        }
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return (b == null || a.isBefore(b)) ? a : b;
    }
}
