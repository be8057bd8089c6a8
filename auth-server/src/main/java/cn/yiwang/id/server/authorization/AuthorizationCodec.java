package cn.yiwang.id.server.authorization;

import cn.yiwang.id.server.session.SsoAuthentication;
import cn.yiwang.id.server.session.SsoSession;
import java.security.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes an {@link OAuth2Authorization} as compact JSON and reads it back: only the fields Spring
 * Authorization Server reads later, short keys, no class names and no Java serialization.
 */
public final class AuthorizationCodec {

    private static final Set<String> TIME_CLAIMS = Set.of("iat", "exp", "nbf", "auth_time");

    private final JsonMapper json;

    public AuthorizationCodec(JsonMapper json) {
        this.json = json;
    }

    public String encode(OAuth2Authorization authorization) {
        ObjectNode root = this.json.createObjectNode();
        root.put("id", authorization.getId());
        root.put("c", authorization.getRegisteredClientId());
        root.put("p", authorization.getPrincipalName());
        root.put("g", authorization.getAuthorizationGrantType().getValue());
        putStrings(root, "sc", authorization.getAuthorizedScopes());
        String state = authorization.getAttribute(OAuth2ParameterNames.STATE);
        if (state != null) {
            root.put("st", state);
        }
        OAuth2AuthorizationRequest request = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
        if (request != null) {
            root.set("rq", encodeRequest(request));
        }
        Object principal = authorization.getAttribute(Principal.class.getName());
        if (principal instanceof SsoAuthentication sso) {
            root.set("pr", encodeSession(sso.getSession()));
        }
        String parent = authorization.getAttribute(AuthorizationLinks.PARENT);
        if (parent != null) {
            root.put("pa", parent);
        }
        Set<String> deviceScopes = authorization.getAttribute(OAuth2ParameterNames.SCOPE);
        if (deviceScopes != null) {
            putStrings(root, "dsc", deviceScopes);
        }
        ArrayNode tokens = root.putArray("t");
        for (TokenKind kind : TokenKind.values()) {
            OAuth2Authorization.Token<? extends OAuth2Token> token = authorization.getToken(kind.type);
            if (token != null) {
                tokens.add(encodeToken(kind, token));
            }
        }
        return this.json.writeValueAsString(root);
    }

    public OAuth2Authorization decode(String value, Function<String, RegisteredClient> clients) {
        JsonNode root = this.json.readTree(value);
        RegisteredClient client = clients.apply(root.get("c").asString());
        if (client == null) {
            return null;
        }
        OAuth2Authorization.Builder builder = OAuth2Authorization.withRegisteredClient(client)
                .id(root.get("id").asString())
                .principalName(root.get("p").asString())
                .authorizationGrantType(new AuthorizationGrantType(root.get("g").asString()))
                .authorizedScopes(strings(root.get("sc")));
        if (root.hasNonNull("st")) {
            builder.attribute(OAuth2ParameterNames.STATE, root.get("st").asString());
        }
        if (root.hasNonNull("rq")) {
            builder.attribute(OAuth2AuthorizationRequest.class.getName(), decodeRequest(root.get("rq")));
        }
        if (root.hasNonNull("pr")) {
            Authentication principal = new SsoAuthentication(decodeSession(root.get("pr")));
            builder.attribute(Principal.class.getName(), principal);
        }
        if (root.hasNonNull("pa")) {
            builder.attribute(AuthorizationLinks.PARENT, root.get("pa").asString());
        }
        if (root.hasNonNull("dsc")) {
            builder.attribute(OAuth2ParameterNames.SCOPE, strings(root.get("dsc")));
        }
        for (JsonNode token : root.get("t")) {
            decodeToken(builder, token);
        }
        return builder.build();
    }

    private ObjectNode encodeRequest(OAuth2AuthorizationRequest request) {
        ObjectNode node = this.json.createObjectNode();
        node.put("u", request.getAuthorizationUri());
        node.put("c", request.getClientId());
        node.put("r", request.getRedirectUri());
        node.put("s", request.getState());
        node.put("q", request.getAuthorizationRequestUri());
        putStrings(node, "sc", request.getScopes());
        ObjectNode parameters = node.putObject("a");
        request.getAdditionalParameters().forEach((name, val) -> parameters.put(name, String.valueOf(val)));
        return node;
    }

    private OAuth2AuthorizationRequest decodeRequest(JsonNode node) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        node.get("a")
                .properties()
                .forEach((e) -> parameters.put(e.getKey(), e.getValue().asString()));
        return OAuth2AuthorizationRequest.authorizationCode()
                .authorizationUri(node.get("u").asString())
                .clientId(node.get("c").asString())
                .redirectUri(text(node, "r"))
                .state(text(node, "s"))
                .authorizationRequestUri(text(node, "q"))
                .scopes(strings(node.get("sc")))
                .additionalParameters(parameters)
                .build();
    }

    private ObjectNode encodeSession(SsoSession session) {
        ObjectNode node = this.json.createObjectNode();
        node.put("s", session.sid());
        node.put("a", session.accountId());
        node.put("t", session.authTime().getEpochSecond());
        putStrings(node, "m", session.amr());
        node.put("c", session.acr());
        node.put("x", session.expiresAt().getEpochSecond());
        if (session.isActing()) {
            node.put("ag", session.actorId());
            node.put("dg", session.delegationId());
        }
        return node;
    }

    private SsoSession decodeSession(JsonNode node) {
        return new SsoSession(
                node.get("s").asString(),
                node.get("a").asString(),
                Instant.ofEpochSecond(node.get("t").asLong()),
                new ArrayList<>(strings(node.get("m"))),
                node.get("c").asString(),
                Instant.ofEpochSecond(node.get("x").asLong()),
                text(node, "ag"),
                text(node, "dg"));
    }

    private ObjectNode encodeToken(TokenKind kind, OAuth2Authorization.Token<? extends OAuth2Token> token) {
        ObjectNode node = this.json.createObjectNode();
        node.put("k", kind.code);
        node.put("v", token.getToken().getTokenValue());
        putInstant(node, "i", token.getToken().getIssuedAt());
        putInstant(node, "e", token.getToken().getExpiresAt());
        if (token.isInvalidated()) {
            node.put("x", true);
        }
        if (token.getToken() instanceof OAuth2AccessToken accessToken) {
            node.put("tt", accessToken.getTokenType().getValue());
            putStrings(node, "sc", accessToken.getScopes());
        }
        Map<String, Object> claims = token.getClaims();
        if (claims != null && !claims.isEmpty()) {
            node.set("cl", this.json.valueToTree(plainClaims(claims)));
        }
        Map<String, Object> extra = new LinkedHashMap<>(token.getMetadata());
        extra.remove(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME);
        extra.remove(OAuth2Authorization.Token.CLAIMS_METADATA_NAME);
        if (!extra.isEmpty()) {
            node.set("md", this.json.valueToTree(plainClaims(extra)));
        }
        return node;
    }

    private void decodeToken(OAuth2Authorization.Builder builder, JsonNode node) {
        TokenKind kind = TokenKind.of(node.get("k").asString());
        String value = node.get("v").asString();
        Instant issuedAt = instant(node, "i");
        Instant expiresAt = instant(node, "e");
        Map<String, Object> claims = node.hasNonNull("cl") ? claims(node.get("cl")) : null;
        OAuth2Token token = switch (kind) {
            case CODE -> new OAuth2AuthorizationCode(value, issuedAt, expiresAt);
            case ACCESS ->
                new OAuth2AccessToken(
                        tokenType(node.get("tt").asString()), value, issuedAt, expiresAt, strings(node.get("sc")));
            case REFRESH -> new OAuth2RefreshToken(value, issuedAt, expiresAt);
            case ID -> new OidcIdToken(value, issuedAt, expiresAt, claims);
            case DEVICE -> new OAuth2DeviceCode(value, issuedAt, expiresAt);
            case USER -> new OAuth2UserCode(value, issuedAt, expiresAt);
        };
        boolean invalidated = node.hasNonNull("x") && node.get("x").asBoolean();
        Map<String, Object> extra = node.hasNonNull("md") ? claims(node.get("md")) : Map.of();
        builder.token(token, (metadata) -> {
            metadata.putAll(extra);
            metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, invalidated);
            if (claims != null) {
                metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, claims);
            }
        });
    }

    private static OAuth2AccessToken.TokenType tokenType(String value) {
        return OAuth2AccessToken.TokenType.DPOP.getValue().equalsIgnoreCase(value)
                ? OAuth2AccessToken.TokenType.DPOP
                : OAuth2AccessToken.TokenType.BEARER;
    }

    private static Map<String, Object> plainClaims(Map<String, Object> claims) {
        Map<String, Object> plain = new LinkedHashMap<>();
        claims.forEach((name, value) -> plain.put(name, plainValue(value)));
        return plain;
    }

    private static Object plainValue(Object value) {
        if (value instanceof Instant instant) {
            return instant.getEpochSecond();
        }
        if (value instanceof Date date) {
            return date.toInstant().getEpochSecond();
        }
        if (value instanceof java.net.URL url) {
            return url.toString();
        }
        if (value instanceof Collection<?> collection) {
            List<Object> list = new ArrayList<>();
            collection.forEach((v) -> list.add(plainValue(v)));
            return list;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> nested = new LinkedHashMap<>();
            map.forEach((k, v) -> nested.put(String.valueOf(k), plainValue(v)));
            return nested;
        }
        return value;
    }

    private Map<String, Object> claims(JsonNode node) {
        Map<String, Object> claims = new LinkedHashMap<>();
        node.properties().forEach((e) -> {
            JsonNode value = e.getValue();
            if (TIME_CLAIMS.contains(e.getKey()) && value.isNumber()) {
                claims.put(e.getKey(), Instant.ofEpochSecond(value.asLong()));
            } else if ("scope".equals(e.getKey()) && value.isArray()) {
                claims.put(e.getKey(), strings(value));
            } else {
                claims.put(e.getKey(), this.json.convertValue(value, Object.class));
            }
        });
        return claims;
    }

    private static void putStrings(ObjectNode node, String field, Collection<String> values) {
        ArrayNode array = node.putArray(field);
        values.forEach(array::add);
    }

    private static Set<String> strings(JsonNode node) {
        Set<String> values = new LinkedHashSet<>();
        if (node != null) {
            node.forEach((v) -> values.add(v.asString()));
        }
        return values;
    }

    private static void putInstant(ObjectNode node, String field, Instant instant) {
        if (instant != null) {
            // Millisecond precision keeps expiry comparisons exact after a round trip.
            node.put(field, instant.toEpochMilli());
        }
    }

    private static Instant instant(JsonNode node, String field) {
        return node.hasNonNull(field) ? Instant.ofEpochMilli(node.get(field).asLong()) : null;
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asString() : null;
    }
}
