package cn.yiwang.id.federation.oidc;

import cn.yiwang.id.federation.IdentityProvider;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Authenticates our client at an upstream token endpoint the way the identity provider is configured for
 * (OIDC Core §9): {@code client_secret_basic}, {@code client_secret_post} or {@code private_key_jwt}.
 */
final class TokenRequestAuthentication {

    private static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private final RelyingPartyKey key;

    TokenRequestAuthentication(RelyingPartyKey key) {
        this.key = key;
    }

    /**
     * Adds the client authentication to a token request.
     * @param idp the identity provider, with our client id and secret there
     * @param metadata its metadata, for the assertion's audience
     * @param form the request's form parameters, to add to
     * @param request the request, to add a header to
     */
    void apply(
            IdentityProvider idp,
            UpstreamProviderMetadata metadata,
            Map<String, String> form,
            HttpRequest.Builder request) {
        switch (idp.clientAuthentication()) {
            case CLIENT_SECRET_BASIC -> {
                // RFC 6749 §2.3.1: both parts form-encoded before Base64, so a ':' in the id stays unambiguous
                String credentials =
                        UpstreamEndpoints.encode(idp.clientId()) + ":" + UpstreamEndpoints.encode(idp.clientSecret());
                request.header(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
            }
            case CLIENT_SECRET_POST -> {
                form.put("client_id", idp.clientId());
                form.put("client_secret", idp.clientSecret());
            }
            case PRIVATE_KEY_JWT -> {
                String audience = (this.key.audience() == FederationOidcProperties.PrivateKeyJwt.Audience.ISSUER)
                        ? metadata.issuer()
                        : metadata.tokenEndpoint().toString();
                form.put("client_id", idp.clientId());
                form.put("client_assertion_type", JWT_BEARER);
                form.put("client_assertion", this.key.assertion(idp.clientId(), audience));
            }
        }
    }
}
