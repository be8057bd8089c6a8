package cn.yiwang.id.server.saml.registry;

import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.metadata.SamlEndpoint;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A SAML service provider (ministry portal) registered with the IdP.
 *
 * <p>Absent collections become empty ones and the collections are immutable, so a provider built from
 * loose input can still be judged by {@link ServiceProviderValidator}; nothing else is checked here.
 *
 * @param alias the registry key, 2 to 32 of {@code a-z 0-9 -} (it appears in admin URLs and logs)
 * @param entityId the SP's SAML entity ID, unique across the registry
 * @param displayNameZh shown to the citizen (consent, logout), in Chinese
 * @param displayNameEn the same in English
 * @param assertionConsumerServices where responses go; only HTTP-POST ones are stored
 * @param singleLogoutServices where logout messages go; HTTP-Redirect or HTTP-POST
 * @param signingCertificates verify the SP's signed AuthnRequests and LogoutRequests/Responses
 * @param encryptionCertificates encrypt assertions for this SP (RSA keys, RSA-OAEP)
 * @param requireSignedAuthnRequests refuse unsigned AuthnRequests from this SP
 * @param signResponse sign the samlp:Response
 * @param signAssertion sign the saml:Assertion
 * @param encryptAssertion send an EncryptedAssertion instead of the Assertion
 * @param nameIdFormat {@link SamlNames#NAMEID_PERSISTENT} (default), {@link SamlNames#NAMEID_TRANSIENT} or
 *     {@link SamlNames#NAMEID_UNSPECIFIED}
 * @param releasedAttributes of {@link #ATTRIBUTES}: what the assertion's AttributeStatement may carry
 * @param releaseFullIdNumber the full {@code id_number} is released only when this is true and
 *     {@code releasedAttributes} has {@code id_number} (see {@link #releases(String)})
 * @param metadataUrl where the metadata was last imported from, or null
 * @param enabled a disabled SP is known but gets no responses
 * @param updatedAt the last change (set by the repository)
 */
public record ServiceProvider(
        String alias,
        String entityId,
        String displayNameZh,
        String displayNameEn,
        List<SamlEndpoint> assertionConsumerServices,
        List<SamlEndpoint> singleLogoutServices,
        List<X509Certificate> signingCertificates,
        List<X509Certificate> encryptionCertificates,
        boolean requireSignedAuthnRequests,
        boolean signResponse,
        boolean signAssertion,
        boolean encryptAssertion,
        String nameIdFormat,
        Set<String> releasedAttributes,
        boolean releaseFullIdNumber,
        String metadataUrl,
        boolean enabled,
        Instant updatedAt) {

    /** The attributes an SP may be given, in the order the validator lists them. */
    public static final List<String> ATTRIBUTES =
            List.of("name", "loa", "id_document_type", "id_number_masked", "phone", "id_number");

    /** The attribute that needs {@link #releaseFullIdNumber()} as well. */
    public static final String ID_NUMBER = "id_number";

    public ServiceProvider {
        assertionConsumerServices = copy(assertionConsumerServices);
        singleLogoutServices = copy(singleLogoutServices);
        signingCertificates = copy(signingCertificates);
        encryptionCertificates = copy(encryptionCertificates);
        // insertion order kept, so the same provider always prints and stores the same way
        Set<String> attributes = new LinkedHashSet<>();
        if (releasedAttributes != null) {
            releasedAttributes.stream().filter(Objects::nonNull).forEach(attributes::add);
        }
        releasedAttributes = Collections.unmodifiableSet(attributes);
    }

    /**
     * The endpoint a response to an AuthnRequest goes to, HTTP-POST only (SAML core §3.4.1: the request
     * names it by index or by URL, never both).
     * @param index {@code AssertionConsumerServiceIndex} from the request, or null
     * @param url {@code AssertionConsumerServiceURL} from the request, or null; compared exactly
     * @return the endpoint; with neither given, the default HTTP-POST endpoint, else the first one;
     *     empty when nothing matches or both are given
     */
    public Optional<SamlEndpoint> assertionConsumerService(Integer index, String url) {
        List<SamlEndpoint> post = this.assertionConsumerServices.stream()
                .filter((endpoint) -> SamlNames.BINDING_POST.equals(endpoint.binding()))
                .toList();
        if (index != null && url != null) {
            return Optional.empty();
        }
        if (index != null) {
            return post.stream().filter((endpoint) -> endpoint.index() == index).findFirst();
        }
        if (url != null) {
            return post.stream()
                    .filter((endpoint) -> url.equals(endpoint.location()))
                    .findFirst();
        }
        return post.stream()
                .filter(SamlEndpoint::isDefault)
                .findFirst()
                .or(() -> post.stream().findFirst());
    }

    /**
     * @param binding {@link SamlNames#BINDING_REDIRECT} or {@link SamlNames#BINDING_POST}
     * @return the first single logout endpoint with this binding, or empty
     */
    public Optional<SamlEndpoint> singleLogoutService(String binding) {
        return this.singleLogoutServices.stream()
                .filter((endpoint) -> Objects.equals(endpoint.binding(), binding))
                .findFirst();
    }

    /**
     * Whether an attribute may go into this SP's assertions: it is listed, and for {@code id_number}
     * the administrators also allowed the full number.
     * @param attribute one of {@link #ATTRIBUTES}
     * @return whether to release it
     */
    public boolean releases(String attribute) {
        return this.releasedAttributes.contains(attribute)
                && (!ID_NUMBER.equals(attribute) || this.releaseFullIdNumber);
    }

    /** @return the same provider with another alias */
    public ServiceProvider withAlias(String newAlias) {
        return new ServiceProvider(
                newAlias,
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
                this.metadataUrl,
                this.enabled,
                this.updatedAt);
    }

    /** @return the same provider with another {@code updatedAt} */
    public ServiceProvider withUpdatedAt(Instant instant) {
        return new ServiceProvider(
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
                this.metadataUrl,
                this.enabled,
                instant);
    }

    /** Short: certificates would fill a log line. */
    @Override
    public String toString() {
        return "ServiceProvider[alias=" + this.alias + ", entityId=" + this.entityId + ", enabled=" + this.enabled
                + ", acs=" + this.assertionConsumerServices.size() + ", slo=" + this.singleLogoutServices.size()
                + ", signingCertificates=" + this.signingCertificates.size() + ", encryptionCertificates="
                + this.encryptionCertificates.size() + ", releasedAttributes=" + this.releasedAttributes + "]";
    }

    // List.copyOf refuses null elements; drop them here and let the validator see what is left
    private static <T> List<T> copy(List<T> values) {
        return (values != null) ? values.stream().filter(Objects::nonNull).toList() : List.of();
    }
}
