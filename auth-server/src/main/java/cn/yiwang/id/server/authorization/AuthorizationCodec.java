package cn.yiwang.id.server.authorization;

import cn.yiwang.id.server.session.SsoAuthentication;
import cn.yiwang.id.server.session.SsoSession;
import java.security.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
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
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes an {@link OAuth2Authorization} as a compact binary record and reads it back: what lasts as long as the
 * tokens (client, principal, scopes, the SSO session, and per token its kind, times, state and digest: never the token
 * itself, never a copy of its claims), and apart from it, as JSON, what only the authorization request needs (its
 * state and request, kept while the code may still be redeemed or replayed).
 */
public final class AuthorizationCodec {

    private static final int VERSION = 1;

    private static final Set<String> TIME_CLAIMS = Set.of("iat", "exp", "nbf", "auth_time");

    // the grant types the record writes as one byte; any other is written out
    private static final List<String> GRANTS = List.of(
            "",
            AuthorizationGrantType.AUTHORIZATION_CODE.getValue(),
            AuthorizationGrantType.REFRESH_TOKEN.getValue(),
            AuthorizationGrantType.CLIENT_CREDENTIALS.getValue(),
            AuthorizationGrantType.DEVICE_CODE.getValue(),
            AuthorizationGrantType.TOKEN_EXCHANGE.getValue(),
            AuthorizationGrantType.JWT_BEARER.getValue());

    private static final String TOKEN_FORMAT = OAuth2TokenFormat.class.getName();

    private static final String SHORT_TOKEN_FORMAT = "$f";

    private static final int HAS_SESSION = 1;
    private static final int HAS_DEVICE_SCOPES = 2;
    private static final int SESSION_ACCOUNT_IS_PRINCIPAL = 4;

    private static final int INVALIDATED = 1;
    private static final int DIGEST = 2;
    private static final int ISSUED_AT = 4;
    private static final int EXPIRES_AT = 8;
    private static final int DPOP = 16;
    private static final int OWN_SCOPES = 32;
    private static final int CLAIMS = 64;
    private static final int METADATA = 128;

    private final JsonMapper json;

    public AuthorizationCodec(JsonMapper json) {
        this.json = json;
    }

    /**
     * An authorization as stored.
     *
     * @param record what lives as long as the authorization
     * @param pending the authorization request and state as JSON, or null when there are none
     */
    record Stored(byte[] record, byte[] pending) {}

    /** The token a lookup was made with: the one token of the authorization whose value is known again. */
    record Presented(TokenKind kind, String value) {}

    Stored encode(OAuth2Authorization authorization) {
        CompactBytes.Writer out = new CompactBytes.Writer().write(VERSION);
        out.identifier(authorization.getRegisteredClientId());
        out.identifier(authorization.getPrincipalName());
        String grant = authorization.getAuthorizationGrantType().getValue();
        int grantCode = GRANTS.indexOf(grant);
        if (grantCode > 0) {
            out.write(grantCode);
        } else {
            out.write(0).string(grant);
        }
        out.strings(authorization.getAuthorizedScopes());
        Object principal = authorization.getAttribute(Principal.class.getName());
        SsoSession session = (principal instanceof SsoAuthentication sso) ? sso.getSession() : null;
        Set<String> deviceScopes = authorization.getAttribute(OAuth2ParameterNames.SCOPE);
        int sections = 0;
        if (session != null) {
            sections |= HAS_SESSION;
            if (session.accountId().equals(authorization.getPrincipalName())) {
                sections |= SESSION_ACCOUNT_IS_PRINCIPAL;
            }
        }
        if (deviceScopes != null) {
            sections |= HAS_DEVICE_SCOPES;
        }
        out.write(sections);
        if (session != null) {
            out.string(session.sid());
            if ((sections & SESSION_ACCOUNT_IS_PRINCIPAL) == 0) {
                out.identifier(session.accountId());
            }
            out.varLong(session.authTime().getEpochSecond());
            out.strings(session.amr());
            out.string(session.acr());
            out.varLong(session.expiresAt().getEpochSecond());
        }
        if (deviceScopes != null) {
            out.strings(deviceScopes);
        }
        List<TokenKind> kinds = new ArrayList<>();
        for (TokenKind kind : TokenKind.values()) {
            if (authorization.getToken(kind.type) != null) {
                kinds.add(kind);
            }
        }
        out.varLong(kinds.size());
        for (TokenKind kind : kinds) {
            encodeToken(out, kind, authorization.getToken(kind.type), session, authorization.getAuthorizedScopes());
        }
        return new Stored(out.toByteArray(), encodePending(authorization));
    }

    OAuth2Authorization decode(
            String id, byte[] record, byte[] pending, Function<String, RegisteredClient> clients, Presented presented) {
        if (record.length == 0 || record[0] != VERSION) {
            // not a record of this version (e.g. one written before an upgrade): its tokens are forgotten
            return null;
        }
        CompactBytes.Reader in = new CompactBytes.Reader(record);
        in.read();
        RegisteredClient client = clients.apply(in.identifier());
        if (client == null) {
            return null;
        }
        String principalName = in.identifier();
        int grantCode = in.read();
        String grant = (grantCode > 0) ? GRANTS.get(grantCode) : in.string();
        Set<String> scopes = in.strings();
        OAuth2Authorization.Builder builder = OAuth2Authorization.withRegisteredClient(client)
                .id(id)
                .principalName(principalName)
                .authorizationGrantType(new AuthorizationGrantType(grant))
                .authorizedScopes(scopes);
        int sections = in.read();
        SsoSession session = null;
        if ((sections & HAS_SESSION) != 0) {
            String sid = in.string();
            String accountId = ((sections & SESSION_ACCOUNT_IS_PRINCIPAL) != 0) ? principalName : in.identifier();
            Instant authTime = Instant.ofEpochSecond(in.varLong());
            List<String> amr = in.stringList();
            String acr = in.string();
            Instant expiresAt = Instant.ofEpochSecond(in.varLong());
            session = new SsoSession(sid, accountId, authTime, amr, acr, expiresAt);
            builder.attribute(Principal.class.getName(), new SsoAuthentication(session));
        }
        if ((sections & HAS_DEVICE_SCOPES) != 0) {
            builder.attribute(OAuth2ParameterNames.SCOPE, in.strings());
        }
        long count = in.varLong();
        for (long i = 0; i < count; i++) {
            decodeToken(in, builder, session, scopes, principalName, presented);
        }
        if (pending != null) {
            decodePending(builder, pending);
        }
        return builder.build();
    }

    private byte[] encodePending(OAuth2Authorization authorization) {
        String state = authorization.getAttribute(OAuth2ParameterNames.STATE);
        OAuth2AuthorizationRequest request = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
        if (state == null && request == null) {
            return null;
        }
        ObjectNode root = this.json.createObjectNode();
        if (state != null) {
            root.put("st", state);
        }
        if (request != null) {
            root.set("rq", encodeRequest(request));
        }
        return this.json.writeValueAsBytes(root);
    }

    private void decodePending(OAuth2Authorization.Builder builder, byte[] pending) {
        JsonNode root = this.json.readTree(pending);
        if (root.hasNonNull("st")) {
            builder.attribute(OAuth2ParameterNames.STATE, root.get("st").asString());
        }
        if (root.hasNonNull("rq")) {
            builder.attribute(OAuth2AuthorizationRequest.class.getName(), decodeRequest(root.get("rq")));
        }
    }

    private void encodeToken(
            CompactBytes.Writer out,
            TokenKind kind,
            OAuth2Authorization.Token<? extends OAuth2Token> token,
            SsoSession session,
            Set<String> authorizedScopes) {
        OAuth2Token value = token.getToken();
        Instant issuedAt = value.getIssuedAt();
        Instant expiresAt = value.getExpiresAt();
        Set<String> ownScopes = (value instanceof OAuth2AccessToken access
                        && !access.getScopes().equals(authorizedScopes))
                ? access.getScopes()
                : null;
        Map<String, Object> claims = storedClaims(kind, value.getTokenValue(), token.getClaims(), session);
        Map<String, Object> extra = new LinkedHashMap<>(token.getMetadata());
        extra.remove(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME);
        extra.remove(OAuth2Authorization.Token.CLAIMS_METADATA_NAME);
        boolean dpop = value instanceof OAuth2AccessToken access
                && OAuth2AccessToken.TokenType.DPOP.equals(access.getTokenType());
        int flags = (token.isInvalidated() ? INVALIDATED : 0)
                | (kind.rotates ? DIGEST : 0)
                | ((issuedAt != null) ? ISSUED_AT : 0)
                | ((expiresAt != null) ? EXPIRES_AT : 0)
                | (dpop ? DPOP : 0)
                | ((ownScopes != null) ? OWN_SCOPES : 0)
                | ((claims != null && !claims.isEmpty()) ? CLAIMS : 0)
                | (!extra.isEmpty() ? METADATA : 0);
        out.write(kind.ordinal()).write(flags);
        if (kind.rotates) {
            out.bytes(TokenDigests.of(value.getTokenValue()));
        }
        if (issuedAt != null) {
            out.varLong(issuedAt.toEpochMilli());
        }
        if (expiresAt != null) {
            // milliseconds keep expiry comparisons exact after a round trip; as a lifetime they take 3 or 4 bytes
            long expiry = expiresAt.toEpochMilli();
            boolean relative = issuedAt != null && expiry >= issuedAt.toEpochMilli();
            out.write(relative ? 1 : 0).varLong(relative ? expiry - issuedAt.toEpochMilli() : expiry);
        }
        if (ownScopes != null) {
            out.strings(ownScopes);
        }
        if ((flags & CLAIMS) != 0) {
            out.string(this.json.writeValueAsString(plainClaims(claims)));
        }
        if (!extra.isEmpty()) {
            out.string(this.json.writeValueAsString(shortNames(plainClaims(extra))));
        }
    }

    // the token format Spring Authorization Server notes on every access token, under a 93-character name
    private static Map<String, Object> shortNames(Map<String, Object> metadata) {
        Object format = metadata.remove(TOKEN_FORMAT);
        if (format != null) {
            metadata.put(SHORT_TOKEN_FORMAT, format);
        }
        return metadata;
    }

    private static Map<String, Object> longNames(Map<String, Object> metadata) {
        Map<String, Object> named = new LinkedHashMap<>(metadata);
        Object format = named.remove(SHORT_TOKEN_FORMAT);
        if (format != null) {
            named.put(TOKEN_FORMAT, format);
        }
        return named;
    }

    /**
     * The claims a token keeps in the record. A JWT carries its own (read back from it when it is presented), so it
     * keeps only what is needed without it: the DPoP key binding of an access token (RFC 9449, checked on refresh),
     * and an ID token's {@code sid} and {@code auth_time} (copied into the next ID token on refresh) when its SSO
     * session does not already say them. A reference token keeps its claims, since nothing else holds them.
     */
    private static Map<String, Object> storedClaims(
            TokenKind kind, String tokenValue, Map<String, Object> claims, SsoSession session) {
        if (claims == null || claims.isEmpty()) {
            return null;
        }
        if (kind == TokenKind.ID) {
            Map<String, Object> kept = new LinkedHashMap<>();
            copy(claims, kept, "sid");
            copy(claims, kept, "auth_time");
            return kept.equals(sessionClaims(session)) ? null : kept;
        }
        if (isJwt(tokenValue)) {
            Map<String, Object> kept = new LinkedHashMap<>();
            copy(claims, kept, "cnf");
            return kept;
        }
        return claims;
    }

    private static void copy(Map<String, Object> from, Map<String, Object> to, String name) {
        if (from.get(name) != null) {
            to.put(name, plainValue(from.get(name)));
        }
    }

    private static Map<String, Object> sessionClaims(SsoSession session) {
        Map<String, Object> claims = new LinkedHashMap<>();
        if (session != null) {
            claims.put("sid", session.sid());
            claims.put("auth_time", session.authTime().getEpochSecond());
        }
        return claims;
    }

    private void decodeToken(
            CompactBytes.Reader in,
            OAuth2Authorization.Builder builder,
            SsoSession session,
            Set<String> authorizedScopes,
            String principalName,
            Presented presented) {
        TokenKind kind = TokenKind.values()[in.read()];
        int flags = in.read();
        byte[] digest = ((flags & DIGEST) != 0) ? in.bytes(TokenDigests.LENGTH) : null;
        Instant issuedAt = ((flags & ISSUED_AT) != 0) ? Instant.ofEpochMilli(in.varLong()) : null;
        Instant expiresAt = null;
        if ((flags & EXPIRES_AT) != 0) {
            boolean relative = in.read() == 1;
            long expiry = in.varLong();
            expiresAt = Instant.ofEpochMilli(relative ? issuedAt.toEpochMilli() + expiry : expiry);
        }
        Set<String> scopes = ((flags & OWN_SCOPES) != 0) ? in.strings() : authorizedScopes;
        Map<String, Object> claims = ((flags & CLAIMS) != 0) ? claims(this.json.readTree(in.string())) : null;
        Map<String, Object> extra =
                ((flags & METADATA) != 0) ? longNames(claims(this.json.readTree(in.string()))) : Map.of();
        String value = (digest != null) ? TokenDigests.placeholder(digest) : TokenDigests.PLACEHOLDER + kind.typeName;
        if (presented != null
                && presented.kind() == kind
                && (digest == null || Arrays.equals(digest, TokenDigests.of(presented.value())))) {
            value = presented.value();
            Map<String, Object> carried = jwtClaims(value);
            if (carried != null) {
                if (claims != null) {
                    carried.putAll(claims);
                }
                claims = carried;
            }
        }
        if (kind == TokenKind.ID && (claims == null || claims.isEmpty())) {
            claims = claims(this.json.valueToTree(sessionClaims(session)));
            if (claims.isEmpty()) {
                claims = Map.of("sub", principalName);
            }
        }
        OAuth2Token token = switch (kind) {
            case CODE -> new OAuth2AuthorizationCode(value, issuedAt, expiresAt);
            case ACCESS ->
                new OAuth2AccessToken(
                        ((flags & DPOP) != 0) ? OAuth2AccessToken.TokenType.DPOP : OAuth2AccessToken.TokenType.BEARER,
                        value,
                        issuedAt,
                        expiresAt,
                        scopes);
            case REFRESH -> new OAuth2RefreshToken(value, issuedAt, expiresAt);
            case ID -> new OidcIdToken(value, issuedAt, expiresAt, claims);
            case DEVICE -> new OAuth2DeviceCode(value, issuedAt, expiresAt);
            case USER -> new OAuth2UserCode(value, issuedAt, expiresAt);
        };
        boolean invalidated = (flags & INVALIDATED) != 0;
        Map<String, Object> tokenClaims = claims;
        builder.token(token, (metadata) -> {
            metadata.putAll(extra);
            metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, invalidated);
            if (tokenClaims != null) {
                metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, tokenClaims);
            }
        });
    }

    /**
     * The claims of a JWT this server issued, read without checking its signature: it is only called for a value
     * whose digest the record holds, which only the issued token has.
     */
    private Map<String, Object> jwtClaims(String value) {
        if (!isJwt(value)) {
            return null;
        }
        int first = value.indexOf('.');
        String payload = value.substring(first + 1, value.indexOf('.', first + 1));
        try {
            return claims(this.json.readTree(Base64.getUrlDecoder().decode(payload)));
        } catch (RuntimeException ex) {
            return null;
        }
    }

    private static boolean isJwt(String value) {
        int first = value.indexOf('.');
        return first > 0 && value.indexOf('.', first + 1) > first + 1 && !TokenDigests.isPlaceholder(value);
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

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asString() : null;
    }
}
