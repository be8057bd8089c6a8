package cn.yiwang.id.server.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import cn.yiwang.id.server.YiwangIdApplication;
import cn.yiwang.id.server.saml.registry.ServiceProviders;
import java.io.IOException;
import java.net.ConnectException;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README's promise: with nothing configured, the whole server starts on an H2 file database and
 * an embedded Redis, with the demo clients and the demo account, and stops cleanly.
 */
class EmbeddedDefaultStartupTests {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @TempDir
    Path dataDir;

    @Test
    void runWhenNothingConfiguredThenDemoClientAndAccountServedAndEmbeddedRedisStopsOnClose() throws Exception {
        int port = freePort();
        // no yiwang.issuer: in the embedded default the issuer follows server.port
        String issuer = "http://localhost:" + port;
        int redisPort;
        // command-line arguments, as an operator would pass them: builder properties() are only defaults,
        // below application.yml, and would leave server.port at 9000
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(YiwangIdApplication.class)
                .run("--server.port=" + port, "--yiwang.embedded.data-dir=" + this.dataDir)) {
            assertThat(context.getEnvironment().getProperty("spring.datasource.url"))
                    .startsWith("jdbc:h2:file:" + this.dataDir.toAbsolutePath());
            redisPort = context.getEnvironment().getRequiredProperty("spring.data.redis.port", Integer.class);
            assertThat(redisPort).isNotEqualTo(6379);
            assertThat(context.getBean(EmbeddedRedisServer.class)).isNotNull();
            // the SAML registry's migration ran on H2, and the demo SP came from its bootstrap file
            assertThat(context.getBean(ServiceProviders.class)
                            .findEnabledByEntityId("http://127.0.0.1:8090/saml/metadata"))
                    .hasValueSatisfying((sp) -> {
                        assertThat(sp.alias()).isEqualTo("demo-sp");
                        assertThat(sp.assertionConsumerService(null, null)
                                        .orElseThrow()
                                        .location())
                                .isEqualTo("http://127.0.0.1:8090/saml/acs");
                    });

            HttpResponse<String> discovery = get(issuer + "/.well-known/openid-configuration");
            assertThat(discovery.statusCode()).isEqualTo(200);
            JsonNode metadata = JSON.readTree(discovery.body());
            assertThat(metadata.get("issuer").asString()).isEqualTo(issuer);
            assertThat(metadata.get("token_endpoint").asString()).isEqualTo(issuer + "/oauth2/token");

            HttpResponse<String> token = clientCredentials(issuer, "demo-secret");
            assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
            JsonNode tokens = JSON.readTree(token.body());
            assertThat(tokens.get("access_token").asString()).isNotBlank();
            assertThat(tokens.get("token_type").asString()).isEqualTo("Bearer");
            assertThat(tokens.get("scope").asString()).isEqualTo("api.read");
            assertThat(clientCredentials(issuer, "wrong-secret").statusCode()).isEqualTo(401);

            // the kiosk and the phone of the demo: demo-kiosk starts a device sign-in; the demo phone page is there
            HttpResponse<String> device = this.http.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(issuer + "/oauth2/device_authorization"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                    "client_id=demo-kiosk&scope=openid+profile"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(device.statusCode()).as(device.body()).isEqualTo(200);
            assertThat(device.body()).contains("\"user_code\"", issuer + "/activate");
            HttpResponse<String> phone = get(issuer + "/demo/phone");
            assertThat(phone.statusCode()).isEqualTo(200);
            assertThat(phone.body()).contains("demo-app", "/js/demo-phone.js");

            assertThat(signIn(issuer, "demo", "wrong-password")).contains("/login?error");
            assertThat(signIn(issuer, "demo", "Demo@2026!")).doesNotContain("/login");
            assertThat(((CookieManager) this.http.cookieHandler().orElseThrow())
                            .getCookieStore()
                            .getCookies())
                    .anyMatch((cookie) -> "YIWANG_SSO".equals(cookie.getName()));

            HttpResponse<String> readiness = get(issuer + "/actuator/health/readiness");
            assertThat(readiness.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(readiness.body()).get("status").asString()).isEqualTo("UP");
        }
        assertThatExceptionOfType(ConnectException.class)
                .as("embedded Redis on port %d stopped", redisPort)
                .isThrownBy(() -> connect(redisPort));
    }

    private HttpResponse<String> get(String uri) throws IOException, InterruptedException {
        return this.http.send(
                HttpRequest.newBuilder(URI.create(uri))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> clientCredentials(String issuer, String secret)
            throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString(("demo-service:" + secret).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuer + "/oauth2/token"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=api.read"))
                .build();
        return this.http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Posts the login form with the CSRF token of a fresh login page; returns where the server redirects. */
    private String signIn(String issuer, String username, String password) throws IOException, InterruptedException {
        HttpResponse<String> page = get(issuer + "/login");
        assertThat(page.statusCode()).isEqualTo(200);
        Matcher csrf = CSRF.matcher(page.body());
        assertThat(csrf.find()).as("CSRF field in the login page").isTrue();
        String form =
                "username=" + encode(username) + "&password=" + encode(password) + "&_csrf=" + encode(csrf.group(1));
        HttpResponse<String> response = this.http.send(
                HttpRequest.newBuilder(URI.create(issuer + "/login"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        return response.headers().firstValue("Location").orElseThrow();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void connect(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
