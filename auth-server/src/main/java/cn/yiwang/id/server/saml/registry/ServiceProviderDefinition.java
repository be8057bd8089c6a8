package cn.yiwang.id.server.saml.registry;

import cn.yiwang.id.kit.registry.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * One service provider as declared in the bootstrap file ({@code yiwang.saml.service-providers-file}).
 * What the SP is comes either from its metadata ({@code metadata-file} or {@code metadata-url}) or
 * inline ({@code entity-id}, the endpoints and certificates), never both; the policy fields apply
 * either way. Absent settings take the admin API's defaults.
 *
 * @param alias 2 to 32 of {@code a-z 0-9 -}
 * @param displayNameZh shown to citizens, in Chinese
 * @param displayNameEn shown to citizens, in English
 * @param metadataFile the SP's metadata, a path relative to the bootstrap file
 * @param metadataUrl the SP's metadata URL, fetched at start-up (https; http only on loopback)
 * @param entityId inline: the SP's entity ID
 * @param assertionConsumerServices inline: its HTTP-POST assertion consumer services
 * @param singleLogoutServices inline: its HTTP-Redirect / HTTP-POST single logout services
 * @param signingCertificates inline: its signing certificates (base64 DER or PEM)
 * @param encryptionCertificates inline: its encryption certificates (base64 DER or PEM)
 * @param requireSignedAuthnRequests default false (metadata's AuthnRequestsSigned="true" turns it on)
 * @param signResponse default true
 * @param signAssertion default true (metadata's WantAssertionsSigned="true" keeps it on)
 * @param encryptAssertion default false
 * @param nameIdFormat persistent (default), transient, unspecified, or the URN
 * @param releasedAttributes of name, loa, id_document_type, id_number_masked, phone, id_number
 * @param releaseFullIdNumber default false
 * @param enabled default true
 */
public record ServiceProviderDefinition(
        String alias,
        String displayNameZh,
        String displayNameEn,
        String metadataFile,
        String metadataUrl,
        String entityId,
        List<EndpointResource> assertionConsumerServices,
        List<EndpointResource> singleLogoutServices,
        List<String> signingCertificates,
        List<String> encryptionCertificates,
        Boolean requireSignedAuthnRequests,
        Boolean signResponse,
        Boolean signAssertion,
        Boolean encryptAssertion,
        String nameIdFormat,
        List<String> releasedAttributes,
        Boolean releaseFullIdNumber,
        Boolean enabled) {

    /** @return whether the SP's own settings come from metadata */
    public boolean fromMetadata() {
        return this.metadataFile != null || this.metadataUrl != null;
    }

    /** @return the inline settings that are set, as the file spells them (they conflict with metadata) */
    List<String> inlineSettings() {
        List<String> set = new ArrayList<>();
        if (this.entityId != null) {
            set.add("entity-id");
        }
        if (this.assertionConsumerServices != null) {
            set.add("assertion-consumer-services");
        }
        if (this.singleLogoutServices != null) {
            set.add("single-logout-services");
        }
        if (this.signingCertificates != null) {
            set.add("signing-certificates");
        }
        if (this.encryptionCertificates != null) {
            set.add("encryption-certificates");
        }
        return set;
    }

    /**
     * The provider declared inline, defaults filled in.
     * @param problems where unreadable certificates are reported (admin API field names)
     * @return the provider
     */
    ServiceProvider toServiceProvider(List<Violation> problems) {
        return new ServiceProviderResource(
                        this.alias,
                        this.entityId,
                        this.displayNameZh,
                        this.displayNameEn,
                        this.assertionConsumerServices,
                        this.singleLogoutServices,
                        this.signingCertificates,
                        this.encryptionCertificates,
                        this.requireSignedAuthnRequests,
                        this.signResponse,
                        this.signAssertion,
                        this.encryptAssertion,
                        this.nameIdFormat,
                        this.releasedAttributes,
                        this.releaseFullIdNumber,
                        null,
                        this.enabled,
                        null,
                        null)
                .toServiceProvider(problems);
    }

    /**
     * The policy to apply to the SP's metadata: everything but what the metadata says.
     * @return the policy; a NameID format left absent is chosen from the metadata
     */
    ServiceProvider policy() {
        ServiceProvider defaults =
                ImportedServiceProviderMetadata.newPolicy(this.alias, this.displayNameZh, this.displayNameEn);
        return new ServiceProvider(
                this.alias,
                null,
                this.displayNameZh,
                this.displayNameEn,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                ServiceProviderValues.orDefault(this.requireSignedAuthnRequests, defaults.requireSignedAuthnRequests()),
                ServiceProviderValues.orDefault(this.signResponse, defaults.signResponse()),
                ServiceProviderValues.orDefault(this.signAssertion, defaults.signAssertion()),
                ServiceProviderValues.orDefault(this.encryptAssertion, defaults.encryptAssertion()),
                ServiceProviderValues.nameIdFormat(this.nameIdFormat),
                ServiceProviderValues.attributes(this.releasedAttributes),
                ServiceProviderValues.orDefault(this.releaseFullIdNumber, false),
                null,
                ServiceProviderValues.orDefault(this.enabled, defaults.enabled()),
                null);
    }
}
