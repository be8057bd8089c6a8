package cn.yiwang.id.federation.oidc;

import cn.yiwang.id.federation.IdentityProvider;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import tools.jackson.databind.json.JsonMapper;

/**
 * An independent OpenID provider, "浙里办" for the tests, on a loopback port: discovery, JWKS, token and userinfo
 * endpoints. Authorization requests and token requests are parsed with the Nimbus OAuth 2.0 SDK, not with the code
 * under test, and ID tokens are built and signed with Nimbus JOSE+JWT. Every request is counted per endpoint, so a
 * test can say that a call was (or was not) made.
 *
 * <p>The browser step is {@link #authorize(URI)}: it reads our authorization request as the provider would, and
 * returns a code bound to its nonce, PKCE challenge and redirect URI.
 */
final class TestUpstreamOp implements AutoCloseable {

    static final String ALIAS = "zhejiang";

    static final String CLIENT_ID = "yiwang-national";

    /** Long enough to be an HS256 key, which is what the alg-confusion test forges with it. */
    static final String CLIENT_SECRET = "zlb-client-secret-for-tests-only-0123456789";

    static final String SUBJECT = "zlb-7c1e9a42";

    static final String SID = "zlb-session-0001";

    static final String NAME = "张三";

    /** Synthetic: a made-up number in the right shape, not anyone's. */
    static final String ID_NUMBER = "330102199001011234";

    static final String PHONE = "13800138000";

    /** How the next token is signed. */
    enum Signing {

        /** With the current key, under its kid. */
        GOOD,

        /** With a key nobody published, under the current key's kid: the signature does not hold. */
        WRONG_KEY,

        /** With a key nobody published, under a kid nobody published. */
        UNKNOWN_KID,

        /** Not at all ({@code alg=none}). */
        NONE,

        /** HMAC with the client secret, the classic algorithm confusion. */
        HS256
    }

    /** How the token endpoint behaves. */
    enum TokenEndpoint {
        NORMAL,
        INVALID_GRANT,
        SERVER_ERROR,
        HANG
    }

    // generated once: RSA key generation is the slow part of a test, and the keys are immutable
    private static final RSAKey FIRST_KEY = generate("zlb-2025");

    private static final RSAKey SECOND_KEY = generate("zlb-2026");

    private static final RSAKey STRANGER_KEY = generate("not-published");

    private final JsonMapper json = JsonMapper.builder().build();

    private final HttpServer server;

    private final ExecutorService executor = Executors.newCachedThreadPool();

    private final Clock clock;

    private final String issuer;

    private final RSAKey firstKey;

    private final RSAKey secondKey;

    private final RSAKey strangerKey;

    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

    private final Map<String, IssuedCode> codes = new ConcurrentHashMap<>();

    private final Map<String, String> accessTokens = new ConcurrentHashMap<>();

    private final Map<String, Object> discoveryChanges = new ConcurrentHashMap<>();

    private final CountDownLatch release = new CountDownLatch(1);

    private final AtomicBoolean closed = new AtomicBoolean();

    private volatile RSAKey signingKey;

    private volatile List<RSAKey> publishedKeys;

    private volatile Signing signing = Signing.GOOD;

    private volatile TokenEndpoint tokenEndpoint = TokenEndpoint.NORMAL;

    private volatile UnaryOperator<JWTClaimsSet.Builder> idTokenChanges = UnaryOperator.identity();

    private volatile Map<String, Object> idTokenClaims;

    private volatile JOSEObjectType idTokenType;

    private volatile Map<String, Object> userinfoClaims;

    private volatile IdentityProvider.ClientAuthentication registeredAuthentication =
            IdentityProvider.ClientAuthentication.CLIENT_SECRET_BASIC;

    private volatile JWKSet clientKeys = new JWKSet();

    private volatile String lastAssertionAudience;

    TestUpstreamOp(Clock clock) throws IOException {
        this.clock = clock;
        this.firstKey = FIRST_KEY;
        this.secondKey = SECOND_KEY;
        this.strangerKey = STRANGER_KEY;
        this.signingKey = this.firstKey;
        this.publishedKeys = List.of(this.firstKey);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.issuer = "http://127.0.0.1:" + this.server.getAddress().getPort() + "/" + ALIAS;
        context("/.well-known/openid-configuration", "discovery", this::discovery);
        context(
                "/jwks",
                "jwks",
                (exchange) -> respond(
                        exchange,
                        200,
                        "application/jwk-set+json",
                        new JWKSet(List.copyOf(this.publishedKeys))
                                .toPublicJWKSet()
                                .toString()));
        context("/token", "token", this::token);
        context("/userinfo", "userinfo", this::userinfo);
        this.server.setExecutor(this.executor);
        this.server.start();
        this.idTokenClaims = defaultIdTokenClaims();
        this.userinfoClaims = Map.of("sub", SUBJECT, "phone_number", PHONE, "name", NAME);
    }

    private static RSAKey generate(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static Map<String, Object> defaultIdTokenClaims() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("name", NAME);
        claims.put("id_card", ID_NUMBER);
        claims.put("id_type", "RESIDENT_ID");
        claims.put("phone_number", PHONE);
        claims.put("auth_level", "L3");
        return claims;
    }

    String issuer() {
        return this.issuer;
    }

    String tokenEndpoint() {
        return this.issuer + "/token";
    }

    int requests(String endpoint) {
        return this.requests
                .computeIfAbsent(endpoint, (key) -> new AtomicInteger())
                .get();
    }

    int totalRequests() {
        return this.requests.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    void signing(Signing signing) {
        this.signing = signing;
    }

    void tokenEndpoint(TokenEndpoint behaviour) {
        this.tokenEndpoint = behaviour;
    }

    void idTokenChanges(UnaryOperator<JWTClaimsSet.Builder> changes) {
        this.idTokenChanges = changes;
    }

    void idTokenType(String type) {
        this.idTokenType = new JOSEObjectType(type);
    }

    void idTokenClaims(Map<String, Object> claims) {
        this.idTokenClaims = Map.copyOf(claims);
    }

    void userinfoClaims(Map<String, Object> claims) {
        this.userinfoClaims = Map.copyOf(claims);
    }

    void discoveryChange(String member, Object value) {
        this.discoveryChanges.put(member, value);
    }

    void registeredAuthentication(IdentityProvider.ClientAuthentication method, JWKSet clientKeys) {
        this.registeredAuthentication = method;
        this.clientKeys = clientKeys;
    }

    String lastAssertionAudience() {
        return this.lastAssertionAudience;
    }

    /** Rotates to the second key: publishes only it, and signs with it from now on. */
    void rotateKeys() {
        this.signingKey = this.secondKey;
        this.publishedKeys = List.of(this.secondKey);
    }

    /**
     * The browser's visit to the authorization endpoint, with the citizen signing in: checks the request as an
     * OpenID provider would and issues a code.
     * @param authorizationUri the URL {@link UpstreamAuthorization#begin} made
     * @return the code
     */
    String authorize(URI authorizationUri) throws ParseException {
        AuthenticationRequest request = AuthenticationRequest.parse(authorizationUri);
        if (!request.getResponseType().equals(ResponseType.CODE)
                || !CLIENT_ID.equals(request.getClientID().getValue())
                || !request.getScope().contains("openid")
                || request.getNonce() == null
                || !CodeChallengeMethod.S256.equals(request.getCodeChallengeMethod())) {
            throw new IllegalStateException("Not the authorization request a code flow with PKCE S256 sends");
        }
        String code = UUID.randomUUID().toString();
        this.codes.put(
                code,
                new IssuedCode(
                        request.getNonce().getValue(),
                        request.getCodeChallenge().getValue(),
                        request.getRedirectionURI()));
        return code;
    }

    /**
     * A back-channel logout token as this provider would post it, to change and sign as a test needs.
     * @param changes changes to the usual claims (iss, aud, iat, exp, jti, sub, sid, events)
     * @param signing how to sign it
     * @return the token
     */
    String logoutToken(UnaryOperator<JWTClaimsSet.Builder> changes, Signing signing) throws JOSEException {
        Instant now = this.clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(this.issuer)
                .audience(CLIENT_ID)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(120)))
                .jwtID(UUID.randomUUID().toString())
                .subject(SUBJECT)
                .claim("sid", SID)
                .claim("events", Map.of(LogoutEventRule.BACKCHANNEL_LOGOUT_EVENT, Map.of()));
        return sign(changes.apply(claims).build(), signing, new JOSEObjectType("logout+jwt"));
    }

    /** An ID token of this provider for the subject, valid unless the test's changes make it otherwise. */
    String idToken(String nonce, String accessToken) throws JOSEException {
        Instant now = this.clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(this.issuer)
                .subject(SUBJECT)
                .audience(CLIENT_ID)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .claim("nonce", nonce)
                .claim("sid", SID)
                .claim(
                        "at_hash",
                        AccessTokenHash.compute(new BearerAccessToken(accessToken), JWSAlgorithm.RS256, null)
                                .getValue());
        this.idTokenClaims.forEach(claims::claim);
        return sign(this.idTokenChanges.apply(claims).build(), this.signing, this.idTokenType);
    }

    private String sign(JWTClaimsSet claims, Signing how, JOSEObjectType type) throws JOSEException {
        RSAKey key = this.signingKey;
        switch (how) {
            case NONE:
                return new PlainJWT(claims).serialize();
            case HS256: {
                SignedJWT jwt = new SignedJWT(
                        new JWSHeader.Builder(JWSAlgorithm.HS256)
                                .keyID(key.getKeyID())
                                .type(type)
                                .build(),
                        claims);
                jwt.sign(new MACSigner(CLIENT_SECRET.getBytes(StandardCharsets.UTF_8)));
                return jwt.serialize();
            }
            default: {
                String kid = (how == Signing.UNKNOWN_KID) ? this.strangerKey.getKeyID() : key.getKeyID();
                RSAKey signer = (how == Signing.GOOD) ? key : this.strangerKey;
                SignedJWT jwt = new SignedJWT(
                        new JWSHeader.Builder(JWSAlgorithm.RS256)
                                .keyID(kid)
                                .type(type)
                                .build(),
                        claims);
                jwt.sign(new RSASSASigner(signer));
                return jwt.serialize();
            }
        }
    }

    private void discovery(HttpExchange exchange) throws IOException {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", this.issuer);
        document.put("authorization_endpoint", this.issuer + "/authorize");
        document.put("token_endpoint", this.issuer + "/token");
        document.put("jwks_uri", this.issuer + "/jwks");
        document.put("userinfo_endpoint", this.issuer + "/userinfo");
        document.put("end_session_endpoint", this.issuer + "/logout");
        document.put("response_types_supported", List.of("code"));
        document.put("subject_types_supported", List.of("public"));
        document.put("id_token_signing_alg_values_supported", List.of("RS256"));
        document.put("code_challenge_methods_supported", List.of("S256"));
        document.put(
                "token_endpoint_auth_methods_supported",
                List.of("client_secret_basic", "client_secret_post", "private_key_jwt"));
        document.put("backchannel_logout_supported", true);
        document.put("backchannel_logout_session_supported", true);
        this.discoveryChanges.forEach((member, value) -> {
            if (value == Removed.MEMBER) {
                document.remove(member);
            } else {
                document.put(member, value);
            }
        });
        respond(exchange, 200, "application/json", this.json.writeValueAsString(document));
    }

    private void token(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        switch (this.tokenEndpoint) {
            case SERVER_ERROR -> {
                respond(exchange, 500, "text/html", "<html>502 Bad Gateway</html>");
                return;
            }
            case INVALID_GRANT -> {
                error(exchange, 400, "invalid_grant");
                return;
            }
            case HANG -> {
                awaitRelease();
                error(exchange, 503, "temporarily_unavailable");
                return;
            }
            default -> {}
        }
        TokenRequest request;
        try {
            HTTPRequest http = new HTTPRequest(HTTPRequest.Method.POST, URI.create(tokenEndpoint()));
            exchange.getRequestHeaders().forEach((name, values) -> http.setHeader(name, values.toArray(String[]::new)));
            http.setBody(body);
            request = TokenRequest.parse(http);
        } catch (ParseException ex) {
            error(exchange, 400, "invalid_request");
            return;
        }
        if (!clientAuthenticated(request.getClientAuthentication())) {
            error(exchange, 401, "invalid_client");
            return;
        }
        if (!(request.getAuthorizationGrant() instanceof AuthorizationCodeGrant grant)) {
            error(exchange, 400, "unsupported_grant_type");
            return;
        }
        // single use, bound to the redirect URI and to the PKCE challenge of its authorization request
        IssuedCode issued = this.codes.remove(grant.getAuthorizationCode().getValue());
        if (issued == null
                || !issued.redirectUri().equals(grant.getRedirectionURI())
                || grant.getCodeVerifier() == null
                || !CodeChallenge.compute(CodeChallengeMethod.S256, grant.getCodeVerifier())
                        .getValue()
                        .equals(issued.challenge())) {
            error(exchange, 400, "invalid_grant");
            return;
        }
        String accessToken = UUID.randomUUID().toString();
        this.accessTokens.put(accessToken, SUBJECT);
        String idToken;
        try {
            idToken = idToken(issued.nonce(), accessToken);
        } catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("access_token", accessToken);
        response.put("token_type", "Bearer");
        response.put("expires_in", 300);
        response.put("id_token", idToken);
        respond(exchange, 200, "application/json;charset=UTF-8", this.json.writeValueAsString(response));
    }

    private boolean clientAuthenticated(ClientAuthentication authentication) {
        if (authentication == null
                || !CLIENT_ID.equals(authentication.getClientID().getValue())) {
            return false;
        }
        return switch (this.registeredAuthentication) {
            case CLIENT_SECRET_BASIC ->
                authentication instanceof ClientSecretBasic basic
                        && CLIENT_SECRET.equals(basic.getClientSecret().getValue());
            case CLIENT_SECRET_POST ->
                authentication instanceof ClientSecretPost post
                        && CLIENT_SECRET.equals(post.getClientSecret().getValue());
            case PRIVATE_KEY_JWT -> authentication instanceof PrivateKeyJWT jwt && assertionValid(jwt);
        };
    }

    private boolean assertionValid(PrivateKeyJWT authentication) {
        SignedJWT assertion = authentication.getClientAssertion();
        JWK key = this.clientKeys.getKeyByKeyId(assertion.getHeader().getKeyID());
        if (key == null) {
            return false;
        }
        try {
            JWSVerifier verifier = (key instanceof ECKey ec) ? new ECDSAVerifier(ec) : new RSASSAVerifier((RSAKey) key);
            if (!assertion.verify(verifier)) {
                return false;
            }
        } catch (JOSEException ex) {
            return false;
        }
        var claims = authentication.getJWTAuthenticationClaimsSet();
        List<Audience> audience = claims.getAudience();
        this.lastAssertionAudience = audience.isEmpty() ? null : audience.get(0).getValue();
        return CLIENT_ID.equals(claims.getIssuer().getValue())
                && CLIENT_ID.equals(claims.getSubject().getValue())
                && (audience.contains(new Audience(tokenEndpoint())) || audience.contains(new Audience(this.issuer)))
                && claims.getExpirationTime().toInstant().isAfter(this.clock.instant())
                && claims.getJWTID() != null;
    }

    private void userinfo(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null
                || !authorization.startsWith("Bearer ")
                || !this.accessTokens.containsKey(authorization.substring("Bearer ".length()))) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            error(exchange, 401, "invalid_token");
            return;
        }
        respond(exchange, 200, "application/json", this.json.writeValueAsString(this.userinfoClaims));
    }

    private void awaitRelease() {
        try {
            // bounded: released by close() at the end of the test at the latest
            this.release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private void context(String path, String endpoint, HttpHandler handler) {
        this.server.createContext("/" + ALIAS + path, (exchange) -> {
            this.requests
                    .computeIfAbsent(endpoint, (key) -> new AtomicInteger())
                    .incrementAndGet();
            try (exchange) {
                handler.handle(exchange);
            }
        });
    }

    private void error(HttpExchange exchange, int status, String error) throws IOException {
        respond(exchange, status, "application/json", this.json.writeValueAsString(Map.of("error", error)));
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        if (!this.closed.compareAndSet(false, true)) {
            return;
        }
        this.release.countDown();
        this.server.stop(0);
        this.executor.shutdownNow();
    }

    /** Marks a discovery member to leave out. */
    enum Removed {
        MEMBER
    }

    private record IssuedCode(String nonce, String challenge, URI redirectUri) {}
}
