package cn.yiwang.id.saml.metadata;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * What we need of a peer's SAML metadata, for one role.
 *
 * @param entityId the entity ID
 * @param singleSignOnServices an IdP's SSO endpoints
 * @param assertionConsumerServices an SP's ACS endpoints
 * @param singleLogoutServices SLO endpoints
 * @param signingCertificates certificates for use="signing" or without use
 * @param encryptionCertificates certificates for use="encryption" or without use
 * @param nameIdFormats the NameID formats it lists
 * @param authnRequestsSigned an SP's AuthnRequestsSigned
 * @param wantAssertionsSigned an SP's WantAssertionsSigned
 * @param wantAuthnRequestsSigned an IdP's WantAuthnRequestsSigned
 */
public record EntityMetadata(
        String entityId,
        List<SamlEndpoint> singleSignOnServices,
        List<SamlEndpoint> assertionConsumerServices,
        List<SamlEndpoint> singleLogoutServices,
        List<X509Certificate> signingCertificates,
        List<X509Certificate> encryptionCertificates,
        List<String> nameIdFormats,
        boolean authnRequestsSigned,
        boolean wantAssertionsSigned,
        boolean wantAuthnRequestsSigned) {

    public EntityMetadata {
        singleSignOnServices = List.copyOf(singleSignOnServices);
        assertionConsumerServices = List.copyOf(assertionConsumerServices);
        singleLogoutServices = List.copyOf(singleLogoutServices);
        signingCertificates = List.copyOf(signingCertificates);
        encryptionCertificates = List.copyOf(encryptionCertificates);
        nameIdFormats = List.copyOf(nameIdFormats);
    }

    /** The first SSO endpoint with that binding. */
    public Optional<SamlEndpoint> singleSignOnService(String binding) {
        return this.singleSignOnServices.stream()
                .filter((e) -> e.binding().equals(binding))
                .findFirst();
    }

    /** The first SLO endpoint with that binding. */
    public Optional<SamlEndpoint> singleLogoutService(String binding) {
        return this.singleLogoutServices.stream()
                .filter((e) -> e.binding().equals(binding))
                .findFirst();
    }
}
