package cn.yiwang.id.server.saml.registry;

import cn.yiwang.id.kit.registry.Violation;
import cn.yiwang.id.saml.SamlException;
import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.metadata.EntityMetadata;
import cn.yiwang.id.saml.metadata.MetadataReader;
import cn.yiwang.id.saml.metadata.MetadataRole;
import cn.yiwang.id.saml.metadata.SamlEndpoint;
import java.util.List;
import java.util.Set;

/**
 * SP metadata onto a service provider: the metadata says what the SP is (entity ID, endpoints,
 * certificates, and what it asks for), the registry's policy what we do for it (attributes, NameID
 * format, encryption …), which an import keeps.
 *
 * <p>Metadata can only tighten: {@code AuthnRequestsSigned="true"} turns on
 * {@code requireSignedAuthnRequests} and {@code WantAssertionsSigned="true"} turns on
 * {@code signAssertion}, but their absence never turns off what the administrators set. Endpoints
 * this IdP cannot use are left out: assertion consumer services other than HTTP-POST, single logout
 * services other than HTTP-Redirect and HTTP-POST.
 */
public final class ImportedServiceProviderMetadata {

    private static final Set<String> LOGOUT_BINDINGS =
            Set.of(SamlNames.BINDING_REDIRECT, SamlNames.BINDING_POST, SamlNames.BINDING_SOAP);

    private ImportedServiceProviderMetadata() {}

    /**
     * Reads the SP role of a metadata document (an EntitiesDescriptor gives its first SP).
     * @param xml the metadata
     * @return the SP's metadata
     * @throws InvalidServiceProviderException with a {@code metadata} violation when it cannot be used
     */
    public static EntityMetadata read(byte[] xml) {
        try {
            return MetadataReader.read(xml, MetadataRole.SP);
        } catch (SamlException ex) {
            throw new InvalidServiceProviderException(List.of(new Violation(
                    "metadata", "is not usable SAML 2.0 SP metadata (" + ex.reason() + "): " + ex.getMessage())));
        }
    }

    /**
     * The policy of a provider that is not registered yet: the defaults of the admin API.
     * @param alias its alias
     * @param displayNameZh its Chinese name, or null for the alias
     * @param displayNameEn its English name, or null for the alias
     * @return the policy, without entity ID, endpoints or certificates, NameID format left to the metadata
     */
    public static ServiceProvider newPolicy(String alias, String displayNameZh, String displayNameEn) {
        return new ServiceProvider(
                alias,
                null,
                (displayNameZh != null) ? displayNameZh : alias,
                (displayNameEn != null) ? displayNameEn : alias,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                ServiceProviderValues.DEFAULT_REQUIRE_SIGNED_AUTHN_REQUESTS,
                ServiceProviderValues.DEFAULT_SIGN_RESPONSE,
                ServiceProviderValues.DEFAULT_SIGN_ASSERTION,
                ServiceProviderValues.DEFAULT_ENCRYPT_ASSERTION,
                null,
                Set.of(),
                false,
                null,
                ServiceProviderValues.DEFAULT_ENABLED,
                null);
    }

    /**
     * @param metadata the SP's metadata
     * @param policy the alias, display names and policy fields to keep (a stored provider, or
     *     {@link #newPolicy}); a null NameID format is chosen from the metadata's NameIDFormat list
     *     (persistent when listed or when nothing we support is)
     * @param metadataUrl where the metadata came from, or null for a document uploaded or on file
     * @return the provider to store
     */
    public static ServiceProvider apply(EntityMetadata metadata, ServiceProvider policy, String metadataUrl) {
        List<SamlEndpoint> consumers = metadata.assertionConsumerServices().stream()
                .filter((endpoint) -> SamlNames.BINDING_POST.equals(endpoint.binding()))
                .toList();
        List<SamlEndpoint> logout = metadata.singleLogoutServices().stream()
                .filter((endpoint) -> LOGOUT_BINDINGS.contains(endpoint.binding()))
                .toList();
        return new ServiceProvider(
                policy.alias(),
                metadata.entityId(),
                policy.displayNameZh(),
                policy.displayNameEn(),
                consumers,
                logout,
                metadata.signingCertificates(),
                metadata.encryptionCertificates(),
                metadata.authnRequestsSigned() || policy.requireSignedAuthnRequests(),
                policy.signResponse(),
                metadata.wantAssertionsSigned() || policy.signAssertion(),
                policy.encryptAssertion(),
                (policy.nameIdFormat() != null) ? policy.nameIdFormat() : nameIdFormat(metadata.nameIdFormats()),
                policy.releasedAttributes(),
                policy.releaseFullIdNumber(),
                metadataUrl,
                policy.enabled(),
                null);
    }

    // SAML metadata §2.4.4: the formats the SP supports; persistent is ours by default
    static String nameIdFormat(List<String> listed) {
        if (listed.isEmpty() || listed.contains(SamlNames.NAMEID_PERSISTENT)) {
            return SamlNames.NAMEID_PERSISTENT;
        }
        return listed.stream()
                .filter(ServiceProviderValidator.NAME_ID_FORMATS::contains)
                .findFirst()
                .orElse(SamlNames.NAMEID_PERSISTENT);
    }
}
