package cn.yiwang.id.server.saml.registry;

import java.util.List;
import java.util.Optional;

/** Read side used by the SSO/SLO endpoints: a snapshot refreshed on change. */
public interface ServiceProviders {

    /**
     * @param entityId the {@code Issuer} of an AuthnRequest or LogoutRequest, or the SP an IdP-initiated
     *     sign-in names
     * @return the provider when it exists and is enabled, else empty
     */
    Optional<ServiceProvider> findEnabledByEntityId(String entityId);

    /**
     * @param alias its alias
     * @return the provider, enabled or not, or empty
     */
    Optional<ServiceProvider> findByAlias(String alias);

    /** @return every provider, enabled or not, by alias */
    List<ServiceProvider> all();
}
