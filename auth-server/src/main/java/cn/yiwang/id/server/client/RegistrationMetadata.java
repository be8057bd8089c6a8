package cn.yiwang.id.server.client;

import cn.yiwang.id.kit.registry.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Client metadata as Dynamic Client Registration speaks it (RFC 7591 §2, OIDC Registration §2, RP-Initiated,
 * Back- and Front-Channel Logout) and the client definition it becomes. Registered clients always require
 * consent, and a public one gets its redirect URIs' origins as web origins.
 */
final class RegistrationMetadata {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Set<String> KNOWN = Set.of(
            "redirect_uris",
            "token_endpoint_auth_method",
            "grant_types",
            "response_types",
            "client_name",
            "scope",
            "jwks",
            "jwks_uri",
            "token_endpoint_auth_signing_alg",
            "id_token_signed_response_alg",
            "post_logout_redirect_uris",
            "backchannel_logout_uri",
            "backchannel_logout_session_required",
            "frontchannel_logout_uri",
            "frontchannel_logout_session_required",
            "subject_type",
            "sector_identifier_uri",
            // read-only or ignored members a client may echo back (RFC 7592 §2.2)
            "client_id",
            "client_secret",
            "client_id_issued_at",
            "client_secret_expires_at",
            "registration_access_token",
            "registration_client_uri");

    private RegistrationMetadata() {}

    /**
     * @param metadata the request body
     * @param clientId the client id (new or registered)
     * @param secretHash the client's hashed secret, or null
     * @param allowed the scopes the initial access token allows (the registration's default scope)
     * @param problems where each unusable member is named
     */
    static ClientDefinition toDefinition(
            JsonNode metadata, String clientId, String secretHash, Set<String> allowed, List<Violation> problems) {
        if (metadata == null || !metadata.isObject()) {
            problems.add(new Violation("", "the body must be a JSON object of client metadata"));
            return null;
        }
        List<String> redirectUris = strings(metadata, "redirect_uris", problems);
        String method = text(metadata, "token_endpoint_auth_method", problems, "client_secret_basic");
        List<String> grantTypes = strings(metadata, "grant_types", problems);
        if (grantTypes.isEmpty()) {
            grantTypes = List.of("authorization_code");
        }
        List<String> responseTypes = strings(metadata, "response_types", problems);
        if (!responseTypes.isEmpty() && !responseTypes.equals(List.of("code"))) {
            problems.add(new Violation("response_types", "only code is supported"));
        }
        String scope = text(metadata, "scope", problems, String.join(" ", allowed));
        List<String> scopes = Arrays.asList(scope.trim().split("\\s+"));
        if (!allowed.containsAll(scopes)) {
            problems.add(new Violation("scope", "may hold only " + allowed + ", what the initial access token allows"));
        }
        JsonNode jwks = metadata.get("jwks");
        if (jwks != null && !jwks.isObject()) {
            problems.add(new Violation("jwks", "must be a JWK Set object"));
        }
        boolean isPublic = "none".equals(method);
        return new ClientDefinition(
                clientId,
                text(metadata, "client_name", problems, null),
                secretHash,
                redirectUris,
                strings(metadata, "post_logout_redirect_uris", problems),
                grantTypes,
                scopes,
                true,
                true,
                Duration.ofMinutes(10),
                Duration.ofHours(8),
                Duration.ofMinutes(2),
                text(metadata, "id_token_signed_response_alg", problems, "RS256"),
                text(metadata, "backchannel_logout_uri", problems, null),
                flag(metadata, "backchannel_logout_session_required", problems),
                text(metadata, "frontchannel_logout_uri", problems, null),
                flag(metadata, "frontchannel_logout_session_required", problems),
                null,
                false,
                isPublic ? List.of("+") : List.of(),
                method,
                text(metadata, "token_endpoint_auth_signing_alg", problems, null),
                text(metadata, "jwks_uri", problems, null),
                (jwks != null && jwks.isObject()) ? JSON.writeValueAsString(jwks) : null,
                text(metadata, "subject_type", problems, "public"),
                text(metadata, "sector_identifier_uri", problems, null),
                Duration.ofMinutes(10),
                false,
                null,
                true,
                List.of());
    }

    /** Members RFC 7591 does not define here, which are refused rather than dropped. */
    static List<String> unknown(JsonNode metadata) {
        List<String> unknown = new ArrayList<>();
        if (metadata != null && metadata.isObject()) {
            metadata.properties().forEach((member) -> {
                if (!KNOWN.contains(member.getKey())) {
                    unknown.add(member.getKey());
                }
            });
        }
        return unknown;
    }

    /** The registered metadata (RFC 7591 §3.2.1), without any secret. */
    static ObjectNode toJson(ClientDefinition definition) {
        ObjectNode node = JSON.createObjectNode();
        node.put("client_id", definition.clientId());
        if (definition.clientName() != null) {
            node.put("client_name", definition.clientName());
        }
        array(node, "redirect_uris", definition.redirectUris());
        array(node, "post_logout_redirect_uris", definition.postLogoutRedirectUris());
        array(node, "grant_types", definition.grantTypes());
        array(node, "response_types", List.of("code"));
        node.put(
                "token_endpoint_auth_method", definition.authenticationMethods().get(0));
        node.put("scope", String.join(" ", definition.scopes()));
        node.put("id_token_signed_response_alg", definition.idTokenSignatureAlgorithm());
        node.put("subject_type", definition.subjectType());
        if (definition.jwksUri() != null) {
            node.put("jwks_uri", definition.jwksUri());
        }
        if (definition.jwks() != null) {
            node.set("jwks", JSON.readTree(definition.jwks()));
        }
        if (definition.tokenEndpointAuthSigningAlg() != null) {
            node.put("token_endpoint_auth_signing_alg", definition.tokenEndpointAuthSigningAlg());
        }
        if (definition.sectorIdentifierUri() != null) {
            node.put("sector_identifier_uri", definition.sectorIdentifierUri());
        }
        if (definition.backchannelLogoutUri() != null) {
            node.put("backchannel_logout_uri", definition.backchannelLogoutUri());
            node.put("backchannel_logout_session_required", definition.backchannelLogoutSessionRequired());
        }
        if (definition.frontchannelLogoutUri() != null) {
            node.put("frontchannel_logout_uri", definition.frontchannelLogoutUri());
            node.put("frontchannel_logout_session_required", definition.frontchannelLogoutSessionRequired());
        }
        return node;
    }

    /** The RFC 7591 member a definition field comes from, for error descriptions. */
    static String member(String field) {
        return switch (field) {
            case "redirectUris" -> "redirect_uris";
            case "postLogoutRedirectUris" -> "post_logout_redirect_uris";
            case "grantTypes" -> "grant_types";
            case "scopes" -> "scope";
            case "clientName" -> "client_name";
            case "tokenEndpointAuthMethod", "clientSecret" -> "token_endpoint_auth_method";
            case "tokenEndpointAuthSigningAlg" -> "token_endpoint_auth_signing_alg";
            case "jwksUri" -> "jwks_uri";
            case "idTokenSignatureAlgorithm" -> "id_token_signed_response_alg";
            case "subjectType" -> "subject_type";
            case "sectorIdentifierUri" -> "sector_identifier_uri";
            case "backchannelLogoutUri" -> "backchannel_logout_uri";
            case "frontchannelLogoutUri" -> "frontchannel_logout_uri";
            case "webOrigins" -> "redirect_uris";
            default -> field;
        };
    }

    private static void array(ObjectNode node, String name, List<String> values) {
        ArrayNode array = node.putArray(name);
        values.forEach(array::add);
    }

    private static List<String> strings(JsonNode metadata, String name, List<Violation> problems) {
        JsonNode value = metadata.get(name);
        if (value == null || value.isNull()) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        if (value.isArray()) {
            for (JsonNode item : value) {
                if (!item.isString()) {
                    problems.add(new Violation(name, "must be an array of strings"));
                    return List.of();
                }
                values.add(item.asString());
            }
            return values;
        }
        problems.add(new Violation(name, "must be an array of strings"));
        return List.of();
    }

    private static String text(JsonNode metadata, String name, List<Violation> problems, String fallback) {
        JsonNode value = metadata.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isString()) {
            problems.add(new Violation(name, "must be a string"));
            return fallback;
        }
        return value.asString();
    }

    private static boolean flag(JsonNode metadata, String name, List<Violation> problems) {
        JsonNode value = metadata.get(name);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            problems.add(new Violation(name, "must be true or false"));
            return false;
        }
        return value.asBoolean();
    }
}
