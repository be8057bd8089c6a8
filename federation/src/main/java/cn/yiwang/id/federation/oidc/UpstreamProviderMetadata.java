package cn.yiwang.id.federation.oidc;

import java.net.URI;
import java.util.List;

/**
 * What an upstream's discovery document says about it, as far as the relying party needs (OIDC Discovery §3).
 *
 * @param issuer the issuer identifier, equal to the configured one
 * @param authorizationEndpoint where the browser goes to sign in
 * @param tokenEndpoint where codes are exchanged
 * @param jwksUri where its signing keys are published
 * @param userinfoEndpoint its userinfo endpoint, or {@code null}
 * @param endSessionEndpoint its RP-initiated logout endpoint, or {@code null} when it has none
 * @param tokenEndpointAuthMethods the client authentication methods it lists (empty: not said)
 * @param issParameterSupported whether it sends {@code iss} with authorization responses (RFC 9207 §3)
 */
public record UpstreamProviderMetadata(
        String issuer,
        URI authorizationEndpoint,
        URI tokenEndpoint,
        URI jwksUri,
        URI userinfoEndpoint,
        URI endSessionEndpoint,
        List<String> tokenEndpointAuthMethods,
        boolean issParameterSupported) {

    public UpstreamProviderMetadata {
        tokenEndpointAuthMethods = List.copyOf(tokenEndpointAuthMethods);
    }
}
