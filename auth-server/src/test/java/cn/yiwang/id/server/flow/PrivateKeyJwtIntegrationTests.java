package cn.yiwang.id.server.flow;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.RawHttp;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Client authentication without a shared secret (RFC 7523, OIDC Core §9, {@code private_key_jwt}) with a
 * stock library (Nimbus OAuth SDK) and hand-made assertions for what a library would not send: inline keys
 * and a {@code jwks_uri} fetched again for a new {@code kid}; RS256, PS256, ES256; {@code aud} the issuer or
 * the token endpoint; {@code jti} single use; at most five minutes of life.
 */
class PrivateKeyJwtIntegrationTests extends IntegrationTestSupport {

    private static final String TOKEN = ISSUER + "/oauth2/token";

    private static final AtomicReference<JWKSet> SERVED_KEYS = new AtomicReference<>();

    private static HttpServer jwksServer;

    private static JWKSet clientKeys;

    @BeforeAll
    static void keys() throws Exception {
        try (InputStream in = PrivateKeyJwtIntegrationTests.class.getResourceAsStream(
                "/keys/test-private-key-jwt-client.jwks.json")) {
            clientKeys = JWKSet.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        jwksServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 18289), 0);
        jwksServer.createContext("/jwks", (exchange) -> {
            byte[] body = SERVED_KEYS.get().toPublicJWKSet().toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwksServer.start();
    }

    @AfterAll
    static void stop() {
        jwksServer.stop(0);
    }

    @ParameterizedTest
    @CsvSource({"RS256, pkj-rsa-1", "PS256, pkj-rsa-1", "ES256, pkj-ec-1"})
    void clientCredentialsWhenNimbusPrivateKeyJwtThenToken(String algorithm, String kid) throws Exception {
        JWK key = clientKeys.getKeyByKeyId(kid);
        PrivateKeyJWT authentication = (key instanceof ECKey ec)
                ? new PrivateKeyJWT(
                        new ClientID("test-pkjwt"),
                        URI.create(TOKEN),
                        JWSAlgorithm.parse(algorithm),
                        ec.toECPrivateKey(),
                        kid,
                        null)
                : new PrivateKeyJWT(
                        new ClientID("test-pkjwt"),
                        URI.create(TOKEN),
                        JWSAlgorithm.parse(algorithm),
                        key.toRSAKey().toRSAPrivateKey(),
                        kid,
                        null);

        TokenResponse response = TokenResponse.parse(
                new TokenRequest(URI.create(TOKEN), authentication, new ClientCredentialsGrant(), new Scope("api.read"))
                        .toHTTPRequest()
                        .send());

        assertThat(response.indicatesSuccess()).as("%s", response).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/oauth2/token"})
    void tokenWhenAudienceIssuerOrTokenEndpointAndNoClientIdThenAccepted(String path) throws Exception {
        String assertion = assertion(
                "test-pkjwt",
                "pkj-rsa-1",
                ISSUER + path,
                Instant.now(),
                60,
                UUID.randomUUID().toString());

        HttpResponse<String> response = clientCredentials(assertion, false);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void introspectionAndRevocationWhenPrivateKeyJwtAudiencedToThemThenServed() throws Exception {
        HttpResponse<String> token = clientCredentials(
                assertion(
                        "test-pkjwt",
                        "pkj-ec-1",
                        TOKEN,
                        Instant.now(),
                        60,
                        UUID.randomUUID().toString()),
                true);
        String accessToken = (String) RawHttp.json(token).get("access_token");

        HttpResponse<String> introspection = RawHttp.postForm(
                ISSUER + "/oauth2/introspect",
                null,
                "token",
                accessToken,
                "client_id",
                "test-pkjwt",
                "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion",
                assertion(
                        "test-pkjwt",
                        "pkj-rsa-1",
                        ISSUER + "/oauth2/introspect",
                        Instant.now(),
                        60,
                        UUID.randomUUID().toString()));
        assertThat(introspection.statusCode()).as(introspection.body()).isEqualTo(200);
        assertThat(RawHttp.json(introspection)).containsEntry("active", true).containsEntry("scope", "api.read");

        HttpResponse<String> revocation = RawHttp.postForm(
                ISSUER + "/oauth2/revoke",
                null,
                "token",
                accessToken,
                "client_id",
                "test-pkjwt",
                "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion",
                assertion(
                        "test-pkjwt",
                        "pkj-rsa-1",
                        ISSUER,
                        Instant.now(),
                        60,
                        UUID.randomUUID().toString()));
        assertThat(revocation.statusCode()).as(revocation.body()).isEqualTo(200);
    }

    @Test
    void tokenWhenAssertionReplayedThenInvalidClient() throws Exception {
        String assertion = assertion(
                "test-pkjwt",
                "pkj-rsa-1",
                TOKEN,
                Instant.now(),
                60,
                UUID.randomUUID().toString());

        assertThat(clientCredentials(assertion, true).statusCode()).isEqualTo(200);
        HttpResponse<String> replay = clientCredentials(assertion, true);

        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(RawHttp.json(replay)).containsEntry("error", "invalid_client");
    }

    @ParameterizedTest
    @CsvSource({
        "lives 10 minutes, /oauth2/token, 600, pkj-rsa-1",
        "another audience, https://elsewhere.example/token, 60, pkj-rsa-1",
        "signed by an unregistered key, /oauth2/token, 60, unregistered"
    })
    void tokenWhenAssertionBreaksARuleThenInvalidClient(String rule, String audience, long lifetime, String kid)
            throws Exception {
        String assertion = assertion(
                "test-pkjwt",
                kid,
                audience.startsWith("/") ? ISSUER + audience : audience,
                Instant.now(),
                lifetime,
                UUID.randomUUID().toString());

        HttpResponse<String> response = clientCredentials(assertion, true);

        assertThat(response.statusCode()).as(rule).isEqualTo(401);
        assertThat(RawHttp.json(response)).containsEntry("error", "invalid_client");
    }

    @Test
    void tokenWhenNoJtiThenInvalidClient() throws Exception {
        HttpResponse<String> response =
                clientCredentials(assertion("test-pkjwt", "pkj-rsa-1", TOKEN, Instant.now(), 60, null), true);

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void tokenWhenJwksUriRotatesToANewKidThenFetchedAgainAndOtherAlgorithmRefused() throws Exception {
        ECKey first = new ECKeyGenerator(Curve.P_256)
                .keyID("uri-" + UUID.randomUUID())
                .generate();
        SERVED_KEYS.set(new JWKSet(first));
        assertThat(clientCredentialsAs("test-pkjwt-uri", first, JWSAlgorithm.ES256)
                        .statusCode())
                .isEqualTo(200);

        ECKey second = new ECKeyGenerator(Curve.P_256)
                .keyID("uri-" + UUID.randomUUID())
                .generate();
        SERVED_KEYS.set(new JWKSet(List.of(second)));
        int status = 0;
        // the key set is fetched again for an unknown kid, at most once a second
        for (int attempt = 0; attempt < 30 && status != 200; attempt++) {
            status = clientCredentialsAs("test-pkjwt-uri", second, JWSAlgorithm.ES256)
                    .statusCode();
            if (status != 200) {
                Thread.sleep(200);
            }
        }
        assertThat(status).as("the rotated key is fetched").isEqualTo(200);

        JWK rsa = clientKeys.getKeyByKeyId("pkj-rsa-1");
        SERVED_KEYS.set(new JWKSet(List.of(second, rsa.toPublicJWK())));
        assertThat(clientCredentialsAs("test-pkjwt-uri", rsa, JWSAlgorithm.RS256)
                        .statusCode())
                .as("the client registered ES256 only")
                .isEqualTo(401);
    }

    private static HttpResponse<String> clientCredentialsAs(String clientId, JWK key, JWSAlgorithm algorithm)
            throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(clientId)
                .subject(clientId)
                .audience(TOKEN)
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(60)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).build(), claims);
        jwt.sign((key instanceof ECKey ec) ? new ECDSASigner(ec) : new RSASSASigner(key.toRSAKey()));
        return RawHttp.postForm(
                TOKEN,
                null,
                "grant_type",
                "client_credentials",
                "scope",
                "api.read",
                "client_id",
                clientId,
                "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion",
                jwt.serialize());
    }

    private static String assertion(
            String clientId, String kid, String audience, Instant issuedAt, long lifetimeSeconds, String jti)
            throws Exception {
        JWK key = "unregistered".equals(kid)
                ? new ECKeyGenerator(Curve.P_256).keyID("pkj-ec-1").generate()
                : clientKeys.getKeyByKeyId(kid);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(clientId)
                .subject(clientId)
                .audience(audience)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plusSeconds(lifetimeSeconds)));
        if (jti != null) {
            claims.jwtID(jti);
        }
        JWSAlgorithm algorithm = (key instanceof ECKey) ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256;
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(algorithm)
                        .keyID(key.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims.build());
        jwt.sign((key instanceof ECKey ec) ? new ECDSASigner(ec) : new RSASSASigner(key.toRSAKey()));
        return jwt.serialize();
    }

    private static HttpResponse<String> clientCredentials(String assertion, boolean withClientId) throws Exception {
        List<String> form = new java.util.ArrayList<>(List.of(
                "grant_type",
                "client_credentials",
                "scope",
                "api.read",
                "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion",
                assertion));
        if (withClientId) {
            form.addAll(List.of("client_id", "test-pkjwt"));
        }
        return RawHttp.postForm(TOKEN, null, form.toArray(String[]::new));
    }
}
