package cn.yiwang.id.federation.registry;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.oidc.FederationOidcProperties;
import cn.yiwang.id.federation.saml.FederationSamlProperties;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

class ConnectionTesterTests {

    private HttpServer server;

    private String issuer;

    private String discovery;

    private final ConnectionTester tester = new ConnectionTester(
            FederationOidcProperties.defaults(),
            FederationSamlProperties.defaults(),
            new StaticListableBeanFactory().getBeanProvider(java.time.Clock.class));

    @BeforeEach
    void start() throws Exception {
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        this.issuer = "http://127.0.0.1:" + this.server.getAddress().getPort();
        String jwks = new JWKSet(new RSAKeyGenerator(2048).generate().toPublicJWK()).toString();
        this.discovery = "{\"issuer\":\"" + this.issuer + "\",\"authorization_endpoint\":\"" + this.issuer
                + "/authorize\",\"token_endpoint\":\"" + this.issuer + "/token\",\"jwks_uri\":\"" + this.issuer
                + "/jwks\",\"end_session_endpoint\":\"" + this.issuer + "/logout\"}";
        this.server.createContext(
                "/.well-known/openid-configuration", (exchange) -> answer(exchange, 200, this.discovery));
        this.server.createContext("/jwks", (exchange) -> answer(exchange, 200, jwks));
        this.server.createContext("/moved/.well-known/openid-configuration", (exchange) -> {
            exchange.getResponseHeaders().add("Location", this.issuer + "/elsewhere");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        this.server.start();
    }

    @AfterEach
    void stop() {
        this.server.stop(0);
    }

    @Test
    void testWhenDiscoveryAndKeysServedThenOkWithBothFindings() {
        ConnectionReport report = this.tester.test(oidc(this.issuer));

        assertThat(report.ok()).isTrue();
        assertThat(report.findings())
                .extracting(ConnectionFinding::code)
                .containsExactly("discovery-fetched", "jwks-fetched");
    }

    @Test
    void testWhenDiscoveryRedirectsThenErrorSaysWhereAndThatRedirectsAreNotFollowed() {
        ConnectionReport report = this.tester.test(oidc(this.issuer + "/moved"));

        assertThat(report.ok()).isFalse();
        assertThat(report.findings().get(0).code()).isEqualTo("discovery-unreachable");
        assertThat(report.findings().get(0).message()).contains("302", this.issuer + "/elsewhere", "not followed");
    }

    @Test
    void testWhenOurAuthMethodNotSupportedThenError() {
        this.discovery =
                this.discovery.replace("}", ",\"token_endpoint_auth_methods_supported\":[\"private_key_jwt\"]}");

        ConnectionReport report = this.tester.test(oidc(this.issuer));

        assertThat(report.ok()).isFalse();
        assertThat(report.findings()).extracting(ConnectionFinding::code).contains("auth-method-unsupported");
    }

    @Test
    void testWhenIssuerNotHttpsThenErrorWithoutAnyFetch() {
        ConnectionReport report = this.tester.test(oidc("http://idp.example.gov.cn"));

        assertThat(report.findings()).extracting(ConnectionFinding::code).containsExactly("issuer-invalid");
    }

    private IdentityProvider oidc(String issuer) {
        return new IdentityProvider(
                "zj",
                "浙里办",
                "Zhejiang",
                "330000",
                IdentityProvider.Protocol.OIDC,
                issuer,
                "yiwang",
                "secret",
                IdentityProvider.ClientAuthentication.CLIENT_SECRET_BASIC,
                List.of("openid"),
                Map.of("name", "name"),
                AssuranceLevel.L2,
                true,
                true,
                0,
                Instant.now());
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
