package cn.yiwang.id.server.saml.registry;

import cn.yiwang.id.kit.registry.Violation;
import cn.yiwang.id.saml.SamlNames;
import java.time.Instant;
import java.util.List;

/**
 * A service provider in the admin API's JSON. Certificates are base64 DER strings (PEM is accepted in
 * requests); bindings and NameID formats are URNs (requests may say {@code HTTP-POST},
 * {@code HTTP-Redirect}, {@code persistent}, {@code transient}, {@code unspecified}).
 * {@code updatedAt} and {@code version} are read-only and ignored in requests.
 *
 * <pre>
 * {
 *   "alias": "mps-portal", "entityId": "https://portal.example.gov.cn/saml",
 *   "displayNameZh": "公安部政务服务平台", "displayNameEn": "Ministry of Public Security portal",
 *   "assertionConsumerServices": [{"binding": "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST",
 *       "location": "https://portal.example.gov.cn/saml/acs", "index": 0, "isDefault": true}],
 *   "singleLogoutServices": [{"binding": "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect",
 *       "location": "https://portal.example.gov.cn/saml/slo", "index": 0, "isDefault": false}],
 *   "signingCertificates": ["MIIC..."], "encryptionCertificates": ["MIIC..."],
 *   "requireSignedAuthnRequests": true, "signResponse": true, "signAssertion": true, "encryptAssertion": true,
 *   "nameIdFormat": "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
 *   "releasedAttributes": ["name", "loa", "id_number_masked"], "releaseFullIdNumber": false,
 *   "metadataUrl": null, "enabled": true, "updatedAt": "2026-03-01T08:00:00Z", "version": 3
 * }
 * </pre>
 *
 * @param alias 2 to 32 of {@code a-z 0-9 -}; on PUT, absent or equal to the URL's alias
 * @param entityId the SP's entity ID, unique in the registry
 * @param displayNameZh shown to citizens, in Chinese
 * @param displayNameEn shown to citizens, in English
 * @param assertionConsumerServices at least one HTTP-POST endpoint; https (http only on loopback)
 * @param singleLogoutServices HTTP-Redirect or HTTP-POST endpoints, may be empty
 * @param signingCertificates the SP's signing certificates
 * @param encryptionCertificates the SP's encryption certificates (RSA)
 * @param requireSignedAuthnRequests default false; true needs a signing certificate
 * @param signResponse default true
 * @param signAssertion default true
 * @param encryptAssertion default false; true needs an encryption certificate
 * @param nameIdFormat default persistent
 * @param releasedAttributes of name, loa, id_document_type, id_number_masked, phone, id_number; default none
 * @param releaseFullIdNumber default false; true needs id_number in releasedAttributes
 * @param metadataUrl where the metadata came from, or null
 * @param enabled default true
 * @param updatedAt read-only: last change
 * @param version read-only: the version, also the ETag
 */
public record ServiceProviderResource(
        String alias,
        String entityId,
        String displayNameZh,
        String displayNameEn,
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
        String metadataUrl,
        Boolean enabled,
        Instant updatedAt,
        Integer version) {

    /**
     * @param stored the provider as stored
     * @return its representation
     */
    public static ServiceProviderResource of(VersionedServiceProvider stored) {
        ServiceProvider p = stored.provider();
        return new ServiceProviderResource(
                p.alias(),
                p.entityId(),
                p.displayNameZh(),
                p.displayNameEn(),
                p.assertionConsumerServices().stream().map(EndpointResource::of).toList(),
                p.singleLogoutServices().stream().map(EndpointResource::of).toList(),
                p.signingCertificates().stream()
                        .map(ServiceProviderValues::base64)
                        .toList(),
                p.encryptionCertificates().stream()
                        .map(ServiceProviderValues::base64)
                        .toList(),
                p.requireSignedAuthnRequests(),
                p.signResponse(),
                p.signAssertion(),
                p.encryptAssertion(),
                p.nameIdFormat(),
                List.copyOf(p.releasedAttributes()),
                p.releaseFullIdNumber(),
                p.metadataUrl(),
                p.enabled(),
                p.updatedAt(),
                stored.version());
    }

    /**
     * The provider this request asks for, defaults filled in. Only what cannot be represented is reported
     * here (a certificate that cannot be read); {@link ServiceProviderValidator} judges the rest.
     * @param problems where unreadable values are reported
     * @return the provider, {@code updatedAt} unset (the repository sets it)
     */
    public ServiceProvider toServiceProvider(List<Violation> problems) {
        String format = ServiceProviderValues.nameIdFormat(this.nameIdFormat);
        return new ServiceProvider(
                this.alias,
                this.entityId,
                this.displayNameZh,
                this.displayNameEn,
                ServiceProviderValues.endpoints(this.assertionConsumerServices, true),
                ServiceProviderValues.endpoints(this.singleLogoutServices, false),
                ServiceProviderValues.certificates("signingCertificates", this.signingCertificates, problems),
                ServiceProviderValues.certificates("encryptionCertificates", this.encryptionCertificates, problems),
                ServiceProviderValues.orDefault(
                        this.requireSignedAuthnRequests, ServiceProviderValues.DEFAULT_REQUIRE_SIGNED_AUTHN_REQUESTS),
                ServiceProviderValues.orDefault(this.signResponse, ServiceProviderValues.DEFAULT_SIGN_RESPONSE),
                ServiceProviderValues.orDefault(this.signAssertion, ServiceProviderValues.DEFAULT_SIGN_ASSERTION),
                ServiceProviderValues.orDefault(this.encryptAssertion, ServiceProviderValues.DEFAULT_ENCRYPT_ASSERTION),
                (format != null) ? format : SamlNames.NAMEID_PERSISTENT,
                ServiceProviderValues.attributes(this.releasedAttributes),
                ServiceProviderValues.orDefault(this.releaseFullIdNumber, false),
                this.metadataUrl,
                ServiceProviderValues.orDefault(this.enabled, ServiceProviderValues.DEFAULT_ENABLED),
                null);
    }

    /** Short: certificates would fill a log line. */
    @Override
    public String toString() {
        return "ServiceProviderResource[alias=" + this.alias + ", entityId=" + this.entityId + "]";
    }
}
