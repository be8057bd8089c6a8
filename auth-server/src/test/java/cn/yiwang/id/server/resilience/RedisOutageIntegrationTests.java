package cn.yiwang.id.server.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.server.YiwangIdApplication;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.RawHttp;
import cn.yiwang.id.server.test.TcpProxy;
import cn.yiwang.id.testsupport.LocalInfrastructure;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A node whose Redis goes away and comes back: token and login endpoints answer 503
 * {@code temporarily_unavailable} (never a 500), readiness turns DOWN, and everything recovers by
 * itself once Redis is reachable again. Redis is cut with a TCP proxy in front of the real one.
 */
class RedisOutageIntegrationTests {

    private static final Duration RECOVERY = Duration.ofSeconds(30);

    private static TcpProxy proxy;

    private static ConfigurableApplicationContext node;

    private static String base;

    @BeforeAll
    static void startNodeBehindProxy() throws Exception {
        LocalInfrastructure.ensureAvailable();
        proxy = new TcpProxy(
                IntegrationTestSupport.freePort(), LocalInfrastructure.redisHost(), LocalInfrastructure.redisPort());
        proxy.start();
        int port = IntegrationTestSupport.freePort();
        base = "http://127.0.0.1:" + port;
        Map<String, Object> properties = IntegrationTestSupport.nodeProperties(port);
        properties.put("spring.data.redis.port", proxy.port());
        properties.put("yiwang.issuer", base);
        properties.put("yiwang.session.expiry-events", "false");
        List<String> args = new ArrayList<>();
        properties.forEach((name, value) -> args.add("--" + name + "=" + value));
        node = new SpringApplicationBuilder(YiwangIdApplication.class).run(args.toArray(String[]::new));
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        proxy.close();
    }

    @Test
    void endpointsWhenRedisGoesAwayThen503AndNotReadyAndWhenItReturnsThenRecover() throws Exception {
        assertThat(clientCredentials().statusCode()).isEqualTo(200);
        assertThat(readiness().statusCode()).isEqualTo(200);
        HttpResponse<String> loginPage = RawHttp.getHtml(base + "/login");
        String csrfCookie = loginPage.headers().allValues("set-cookie").stream()
                .filter((cookie) -> cookie.startsWith("XSRF-TOKEN="))
                .map((cookie) -> cookie.substring(0, cookie.indexOf(';')))
                .findFirst()
                .orElseThrow();
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(loginPage.body());
        assertThat(csrf.find()).isTrue();

        proxy.stop();

        HttpResponse<String> token = clientCredentials();
        assertThat(token.statusCode()).isEqualTo(503);
        assertThat(RawHttp.json(token)).containsEntry("error", "temporarily_unavailable");
        assertThat(token.headers().firstValue("Retry-After")).isPresent();

        HttpResponse<String> login = RawHttp.postFormWithHeaders(
                base + "/login",
                Map.of("Cookie", csrfCookie),
                "username",
                "someone",
                "password",
                "whatever",
                "_csrf",
                csrf.group(1));
        assertThat(login.statusCode())
                .as("the login form needs Redis for its throttle")
                .isEqualTo(503);
        assertThat(RawHttp.json(login)).containsEntry("error", "temporarily_unavailable");

        HttpResponse<String> qrCode = RawHttp.postFormWithHeaders(
                base + "/login/qr",
                Map.of("Cookie", csrfCookie, "X-XSRF-TOKEN", csrf.group(1), "Accept", "application/json"));
        assertThat(qrCode.statusCode())
                .as("no QR code without Redis: the page's script then says QR is unavailable")
                .isEqualTo(503);
        HttpResponse<String> loginPageNow = RawHttp.getHtml(base + "/login");
        assertThat(loginPageNow.statusCode()).isEqualTo(200);
        assertThat(loginPageNow.body())
                .as("the password form, and the QR section with its 'unavailable' text")
                .contains("name=\"password\"")
                .contains("id=\"qr-login\"")
                .contains("扫码登录暂时不可用");

        HttpResponse<String> page = RawHttp.get(
                base + "/oauth2/authorize?response_type=code&client_id=demo-web"
                        + "&redirect_uri=http://127.0.0.1:8081/callback&scope=openid&state=s&code_challenge="
                        + "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256",
                "text/html",
                "YIWANG_SSO=abcdefghijklmnopqrstuv.secret");
        assertThat(page.statusCode()).as("a browser with a session cookie").isEqualTo(503);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.body()).contains("temporarily_unavailable").doesNotContain("Exception");

        assertThat(readiness().statusCode()).isEqualTo(503);

        proxy.start();

        Instant deadline = Instant.now().plus(RECOVERY);
        int status = 0;
        while (Instant.now().isBefore(deadline) && status != 200) {
            status = clientCredentials().statusCode();
            if (status != 200) {
                Thread.sleep(250);
            }
        }
        assertThat(status).as("token endpoint after Redis came back").isEqualTo(200);
        assertThat(readiness().statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> clientCredentials() throws Exception {
        return RawHttp.postForm(
                base + "/oauth2/token",
                RawHttp.basic("demo-service", "demo-secret"),
                "grant_type",
                "client_credentials",
                "scope",
                "api.read");
    }

    private static HttpResponse<String> readiness() throws Exception {
        return RawHttp.get(base + "/actuator/health/readiness", "application/json");
    }
}
