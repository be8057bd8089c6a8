package cn.yiwang.id.server.test;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * A provincial identity provider for the federation tests: a small, separate OpenID Connect
 * provider (JDK HTTP server, Nimbus-signed tokens) that signs in whichever citizen the test sets,
 * checks PKCE and client authentication, and can send back-channel logout tokens.
 */
public final class TestProvincialIdp implements AutoCloseable {

    public static final String CLIENT_ID = "yiwang-national";

    public static final String CLIENT_SECRET = "provincial-idp-client-secret-for-tests";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The citizen the upstream signs in next. */
    public record Citizen(String subject, String name, String idNumber, String level) {}

    private record Grant(String nonce, String redirectUri, String challenge, Citizen citizen, String sid) {}

    private final HttpServer server;
    private final RSAKey key;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Map<String, Citizen> accessTokens = new ConcurrentHashMap<>();
    private volatile Citizen citizen;
    private volatile boolean denyNext;
    private volatile String lastSid;
    private volatile URI lastLogoutRequest;

    public TestProvincialIdp() throws Exception {
        this.key = new RSAKeyGenerator(2048).keyID("prov-" + UUID.randomUUID()).generate();
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        this.server.createContext("/.well-known/openid-configuration", (exchange) -> json(exchange, 200, discovery()));
        this.server.createContext(
                "/jwks", (exchange) -> json(exchange, 200, new JWKSet(this.key.toPublicJWK()).toJSONObject()));
        this.server.createContext("/authorize", this::authorize);
        this.server.createContext("/token", this::token);
        this.server.createContext("/userinfo", this::userinfo);
        this.server.createContext("/logout", this::logout);
        this.server.start();
    }

    public String issuer() {
        return "http://127.0.0.1:" + this.server.getAddress().getPort();
    }

    public void signInNext(Citizen next) {
        this.citizen = next;
    }

    /** The next sign-in is refused by the citizen at the province ({@code error=access_denied}). */
    public void denyNext() {
        this.denyNext = true;
    }

    /** The upstream session id of the last sign-in. */
    public String lastSid() {
        return this.lastSid;
    }

    /** The last RP-initiated logout request our server sent the browser to. */
    public URI lastLogoutRequest() {
        return this.lastLogoutRequest;
    }

    /** A back-channel logout token for our client, as OIDC Back-Channel Logout 1.0 §2.4 defines it. */
    public String logoutToken(String subject, String sid) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer())
                .audience(CLIENT_ID)
                .issueTime(new Date())
                .expirationTime(new Date(System.currentTimeMillis() + 120_000))
                .jwtID(UUID.randomUUID().toString())
                .subject(subject)
                .claim("sid", sid)
                .claim("events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()))
                .build();
        return sign(claims, new JOSEObjectType("logout+jwt"));
    }

    private Map<String, Object> discovery() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuer());
        document.put("authorization_endpoint", issuer() + "/authorize");
        document.put("token_endpoint", issuer() + "/token");
        document.put("jwks_uri", issuer() + "/jwks");
        document.put("userinfo_endpoint", issuer() + "/userinfo");
        document.put("end_session_endpoint", issuer() + "/logout");
        document.put("response_types_supported", List.of("code"));
        document.put("subject_types_supported", List.of("public"));
        document.put("id_token_signing_alg_values_supported", List.of("RS256"));
        document.put("code_challenge_methods_supported", List.of("S256"));
        document.put("backchannel_logout_supported", true);
        return document;
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = parse(exchange.getRequestURI().getRawQuery());
        if (!CLIENT_ID.equals(query.get("client_id")) || !"S256".equals(query.get("code_challenge_method"))) {
            json(exchange, 400, Map.of("error", "invalid_request"));
            return;
        }
        if (this.denyNext) {
            this.denyNext = false;
            redirect(
                    exchange,
                    UriComponentsBuilder.fromUriString(query.get("redirect_uri"))
                            .queryParam("error", "access_denied")
                            .queryParam("state", query.get("state"))
                            .encode()
                            .build()
                            .toUriString());
            return;
        }
        String code = UUID.randomUUID().toString();
        String sid = "prov-sid-" + UUID.randomUUID();
        this.lastSid = sid;
        this.codes.put(
                code,
                new Grant(
                        query.get("nonce"), query.get("redirect_uri"), query.get("code_challenge"), this.citizen, sid));
        redirect(
                exchange,
                UriComponentsBuilder.fromUriString(query.get("redirect_uri"))
                        .queryParam("code", code)
                        .queryParam("state", query.get("state"))
                        .encode()
                        .build()
                        .toUriString());
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form;
        try (InputStream in = exchange.getRequestBody()) {
            form = parse(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        }
        String basic = "Basic "
                + Base64.getEncoder()
                        .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        if (!basic.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            json(exchange, 401, Map.of("error", "invalid_client"));
            return;
        }
        Grant grant = this.codes.remove(form.getOrDefault("code", ""));
        if (grant == null
                || !grant.redirectUri().equals(form.get("redirect_uri"))
                || !grant.challenge().equals(challenge(form.getOrDefault("code_verifier", "")))) {
            json(exchange, 400, Map.of("error", "invalid_grant"));
            return;
        }
        try {
            Instant now = Instant.now();
            JWTClaimsSet idToken = new JWTClaimsSet.Builder()
                    .issuer(issuer())
                    .audience(CLIENT_ID)
                    .subject(grant.citizen().subject())
                    .issueTime(Date.from(now))
                    .expirationTime(Date.from(now.plusSeconds(300)))
                    .claim("nonce", grant.nonce())
                    .claim("sid", grant.sid())
                    .claim("name", grant.citizen().name())
                    .claim("loa", grant.citizen().level())
                    .build();
            String accessToken = UUID.randomUUID().toString();
            this.accessTokens.put(accessToken, grant.citizen());
            Map<String, Object> response = new HashMap<>();
            response.put("access_token", accessToken);
            response.put("token_type", "Bearer");
            response.put("expires_in", 300);
            response.put("id_token", sign(idToken, null));
            json(exchange, 200, response);
        } catch (Exception ex) {
            json(exchange, 500, Map.of("error", "server_error"));
        }
    }

    /** The ID number is only at userinfo, so the national side has to fetch it there. */
    private void userinfo(HttpExchange exchange) throws IOException {
        String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        Citizen who = authorization.startsWith("Bearer ") ? this.accessTokens.get(authorization.substring(7)) : null;
        if (who == null) {
            json(exchange, 401, Map.of("error", "invalid_token"));
            return;
        }
        Map<String, Object> claims = new HashMap<>();
        claims.put("sub", who.subject());
        claims.put("name", who.name());
        if (who.idNumber() != null) {
            claims.put("id_card", who.idNumber());
        }
        json(exchange, 200, claims);
    }

    private void logout(HttpExchange exchange) throws IOException {
        this.lastLogoutRequest = exchange.getRequestURI();
        Map<String, String> query = parse(exchange.getRequestURI().getRawQuery());
        redirect(
                exchange,
                UriComponentsBuilder.fromUriString(query.get("post_logout_redirect_uri"))
                        .queryParam("state", query.get("state"))
                        .encode()
                        .build()
                        .toUriString());
    }

    private String sign(JWTClaimsSet claims, JOSEObjectType type) throws Exception {
        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(this.key.getKeyID());
        if (type != null) {
            header.type(type);
        }
        SignedJWT jwt = new SignedJWT(header.build(), claims);
        jwt.sign(new RSASSASigner(this.key));
        return jwt.serialize();
    }

    private static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(
                            MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static Map<String, String> parse(String query) {
        Map<String, String> values = new HashMap<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    values.put(
                            URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private static void json(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        this.server.stop(0);
    }
}
