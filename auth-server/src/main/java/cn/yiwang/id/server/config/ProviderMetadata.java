package cn.yiwang.id.server.config;

import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.server.client.ClientRegistrationController;
import cn.yiwang.id.server.web.PageLanguages;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What discovery announces (OIDC Discovery 1.0 §3, RFC 8414 §2): Spring Authorization Server's defaults
 * less what this server does not serve, plus what it adds. Every value here is exercised by a test
 * ({@code DiscoveryIntegrationTests}), so a relying party that trusts the metadata is never refused.
 */
final class ProviderMetadata {

    /** Client authentication we accept at the token, revocation and introspection endpoints. */
    static final List<String> CLIENT_AUTHENTICATION_METHODS =
            List.of("client_secret_basic", "client_secret_post", "private_key_jwt");

    /** What {@code private_key_jwt} assertions may be signed with. */
    static final List<String> ASSERTION_ALGORITHMS = List.of("RS256", "PS256", "ES256");

    /** Grant types a client can be registered for. */
    static final List<String> GRANT_TYPES = List.of("authorization_code", "refresh_token", "client_credentials");

    // Mutual TLS is terminated before us and not forwarded; DPoP-bound tokens are not kept by our
    // authorization store; token exchange is not offered to any client.
    private static final Set<String> NOT_SERVED = Set.of(
            "tls_client_certificate_bound_access_tokens", "mtls_endpoint_aliases", "dpop_signing_alg_values_supported");

    private ProviderMetadata() {}

    /** Adjusts the claims both documents share. */
    static void common(Map<String, Object> claims) {
        NOT_SERVED.forEach(claims::remove);
        List<String> grants = new java.util.ArrayList<>(GRANT_TYPES);
        if (claims.containsKey("device_authorization_endpoint")) {
            // RFC 8628 where its endpoint is configured: the endpoint announces it, so the grant is served
            grants.add("urn:ietf:params:oauth:grant-type:device_code");
        }
        claims.put("grant_types_supported", grants);
        // public clients (PKCE, no secret) identify themselves by client_id alone at the token and revocation
        // endpoints
        claims.put("token_endpoint_auth_methods_supported", withNone(CLIENT_AUTHENTICATION_METHODS));
        claims.put("revocation_endpoint_auth_methods_supported", withNone(CLIENT_AUTHENTICATION_METHODS));
        claims.put("introspection_endpoint_auth_methods_supported", CLIENT_AUTHENTICATION_METHODS);
        for (String endpoint : List.of("token_endpoint", "revocation_endpoint", "introspection_endpoint")) {
            claims.put(endpoint + "_auth_signing_alg_values_supported", ASSERTION_ALGORITHMS);
        }
        claims.put("authorization_response_iss_parameter_supported", true);
        claims.put("acr_values_supported", AssuranceLevel.acrValues());
        claims.put("response_modes_supported", List.of("query"));
        claims.put("ui_locales_supported", PageLanguages.SUPPORTED);
        Object issuer = claims.get("issuer");
        if (issuer != null) {
            // RFC 7591, gated by an initial access token an administrator issues
            claims.put("registration_endpoint", issuer + ClientRegistrationController.PATH);
        }
    }

    /** Adjusts the OpenID Provider configuration, on top of {@link #common}. */
    static void oidc(Map<String, Object> claims) {
        common(claims);
        claims.put("backchannel_logout_supported", true);
        claims.put("backchannel_logout_session_supported", true);
        claims.put("frontchannel_logout_supported", true);
        claims.put("frontchannel_logout_session_supported", true);
        claims.put("id_token_signing_alg_values_supported", List.of("RS256", "ES256"));
        claims.put("subject_types_supported", List.of("public", "pairwise"));
        claims.put(
                "scopes_supported", List.of("openid", "profile", "phone", "realname", "yiwang.account", "enterprise"));
        claims.put("claims_supported", CLAIMS);
        // acr with value/values (OIDC Core §5.5.1.1); other members ask for nothing more than the scopes give
        claims.put("claims_parameter_supported", true);
        claims.put("request_parameter_supported", false);
        claims.put("request_uri_parameter_supported", false);
    }

    private static final List<String> CLAIMS = List.of(
            "sub",
            "iss",
            "aud",
            "exp",
            "iat",
            "auth_time",
            "nonce",
            "acr",
            "amr",
            "azp",
            "sid",
            "name",
            "preferred_username",
            "phone_number",
            "phone_number_verified",
            "loa",
            "id_document_type",
            "id_number_masked",
            "id_number",
            "enterprise");

    private static List<String> withNone(List<String> methods) {
        return java.util.stream.Stream.concat(methods.stream(), java.util.stream.Stream.of("none"))
                .toList();
    }
}
