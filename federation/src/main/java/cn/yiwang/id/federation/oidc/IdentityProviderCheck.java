package cn.yiwang.id.federation.oidc;

import cn.yiwang.id.federation.IdentityProvider;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Whether an identity provider's configuration lets a sign-in go ahead at all, before the citizen is sent anywhere:
 * an OIDC provider that is enabled, with a usable issuer and client id, and the credential its client
 * authentication needs.
 */
final class IdentityProviderCheck {

    private IdentityProviderCheck() {}

    /**
     * Finds what stands in the way.
     * @param idp the identity provider
     * @param key our {@code private_key_jwt} key
     * @return the problem as a reason token, or empty
     */
    static Optional<String> problem(IdentityProvider idp, RelyingPartyKey key) {
        if (idp.protocol() != IdentityProvider.Protocol.OIDC) {
            return Optional.of("idp-not-oidc");
        }
        if (!idp.enabled()) {
            return Optional.of("idp-disabled");
        }
        if (idp.issuer() == null || !UpstreamEndpoints.acceptable(uri(idp.issuer()))) {
            return Optional.of("idp-invalid-issuer");
        }
        if (idp.clientId() == null || idp.clientId().isBlank()) {
            return Optional.of("idp-missing-client-id");
        }
        IdentityProvider.ClientAuthentication method = idp.clientAuthentication();
        if (method == IdentityProvider.ClientAuthentication.PRIVATE_KEY_JWT) {
            return key.isConfigured() ? Optional.empty() : Optional.of("private-key-jwt-key-not-configured");
        }
        if (method == null) {
            return Optional.of("idp-missing-client-authentication");
        }
        if (idp.clientSecret() == null || idp.clientSecret().isEmpty()) {
            return Optional.of("idp-missing-client-secret");
        }
        return Optional.empty();
    }

    private static URI uri(String value) {
        try {
            URI uri = new URI(value);
            // an issuer has no query or fragment (OIDC Discovery §2)
            return (uri.getRawQuery() == null) ? uri : null;
        } catch (URISyntaxException ex) {
            return null;
        }
    }
}
