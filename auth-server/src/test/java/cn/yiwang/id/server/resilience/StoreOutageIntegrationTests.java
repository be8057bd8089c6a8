package cn.yiwang.id.server.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.server.YiwangIdApplication;
import cn.yiwang.id.server.test.Browser;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.OidcClient;
import cn.yiwang.id.server.test.RawHttp;
import cn.yiwang.id.server.test.TcpProxy;
import cn.yiwang.id.server.test.TestAccounts;
import cn.yiwang.id.testsupport.LocalInfrastructure;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A node whose Redis or PostgreSQL goes away and comes back: endpoints that need the store answer 503
 * {@code temporarily_unavailable} with {@code Retry-After} (never a 500, never a 400 blaming the client) and fast,
 * readiness turns DOWN and answers at once, and everything recovers by itself once the store is reachable again.
 * Both stores are reached through TCP proxies this test owns and cuts.
 */
class StoreOutageIntegrationTests {

    private static final Duration RECOVERY = Duration.ofSeconds(30);

    /** Generous: the node waits at most 1 s for a store here (connection and command timeouts). */
    private static final Duration SLOWEST_ANSWER = Duration.ofSeconds(3);

    /** Readiness reads the last background check; it never waits on a store. */
    private static final Duration SLOWEST_READINESS = Duration.ofMillis(1500);

    private static final Duration CUT = Duration.ofSeconds(4);

    private static TcpProxy proxy;

    private static TcpProxy database;

    private static ConfigurableApplicationContext node;

    private static String base;

    @BeforeAll
    static void startNodeBehindProxy() throws Exception {
        LocalInfrastructure.ensureAvailable();
        proxy = new TcpProxy(
                IntegrationTestSupport.freePort(), LocalInfrastructure.redisHost(), LocalInfrastructure.redisPort());
        proxy.start();
        database = new TcpProxy(
                IntegrationTestSupport.freePort(), LocalInfrastructure.pgHost(), LocalInfrastructure.pgPort());
        database.start();
        int port = IntegrationTestSupport.freePort();
        base = "http://127.0.0.1:" + port;
        Map<String, Object> properties = IntegrationTestSupport.nodeProperties(port);
        properties.put("spring.data.redis.port", proxy.port());
        properties.put("spring.data.redis.host", "127.0.0.1");
        properties.put(
                "spring.datasource.url",
                "jdbc:postgresql://127.0.0.1:" + database.port() + "/" + LocalInfrastructure.database());
        properties.put("spring.data.redis.timeout", "1s");
        properties.put("yiwang.database.connection-timeout", "1s");
        properties.put("yiwang.database.statement-timeout", "1s");
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
        database.close();
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
        // readiness follows the background checks (every yiwang.database.health-interval), so within the deadline too
        int ready = readiness().statusCode();
        while (Instant.now().isBefore(deadline) && ready != 200) {
            Thread.sleep(250);
            ready = readiness().statusCode();
        }
        assertThat(ready).as("readiness after Redis came back").isEqualTo(200);
    }

    @Test
    void tokenAndUserInfoWhenStoresCutUnderLoadThenNo500NoSlowAnswerReadinessFollowsAndNothingLost() throws Exception {
        Account account = TestAccounts.create(node.getBean(AccountRepository.class));
        OidcClient web = new OidcClient(base, "demo-web", "demo-secret", "http://127.0.0.1:8081/callback");
        OIDCTokens tokens;
        try (Browser browser = new Browser()) {
            OidcClient.Attempt attempt = web.authorizationRequest("openid profile", (b) -> {});
            browser.signIn(
                    (HtmlPage) browser.open(attempt.uri().toString()), account.username(), TestAccounts.PASSWORD);
            tokens = ((OIDCTokenResponse)
                            web.exchange(web.code(browser.lastClientRedirect(), attempt), attempt.verifier())
                                    .toSuccessResponse())
                    .getOIDCTokens();
        }
        String accessToken = tokens.getAccessToken().getValue();
        assertThat(userInfo(accessToken).statusCode()).isEqualTo(200);

        List<Answer> answers = new CopyOnWriteArrayList<>();
        AtomicReference<String> phase = new AtomicReference<>("before");
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(2);
        for (int i = 0; i < 2; i++) {
            load.submit(() -> {
                while (running.get()) {
                    answers.add(timed("token", phase.get(), StoreOutageIntegrationTests::clientCredentials));
                    answers.add(timed("userinfo", phase.get(), () -> userInfo(accessToken)));
                }
                return null;
            });
        }
        try {
            for (TcpProxy store : List.of(database, proxy)) {
                String name = (store == database) ? "postgresql" : "redis";
                Thread.sleep(500);
                phase.set(name + "-cut");
                store.stop();
                awaitReadiness(503, name + " cut");
                Thread.sleep(CUT.toMillis());
                store.start();
                phase.set(name + "-back");
                awaitReadiness(200, name + " back");
                awaitStatus(200, () -> userInfo(accessToken), "userinfo after " + name + " came back");
            }
        } finally {
            running.set(false);
            load.shutdown();
            assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(answers).as("the loop ran through every phase").hasSizeGreaterThan(20);
        assertThat(answers)
                .as("a store outage is never a 500, nor the client's fault")
                .allSatisfy((answer) ->
                        assertThat(answer.status()).as(answer.toString()).isIn(200, 503));
        assertThat(answers)
                .as("every answer within %s", SLOWEST_ANSWER)
                .allSatisfy((answer) ->
                        assertThat(answer.elapsed()).as(answer.toString()).isLessThan(SLOWEST_ANSWER));
        assertThat(answers)
                .filteredOn((answer) -> answer.status() == 503)
                .as("each 503 says when to retry")
                .allSatisfy((answer) ->
                        assertThat(answer.retryAfter()).as(answer.toString()).isTrue());
        assertThat(answers)
                .filteredOn((answer) ->
                        answer.kind().equals("userinfo") && answer.phase().endsWith("-cut"))
                .as("userinfo needs both stores")
                .extracting(Answer::status)
                .contains(503);
        assertThat(answers)
                .filteredOn((answer) ->
                        answer.kind().equals("token") && answer.phase().equals("postgresql-cut"))
                .as("client-credentials tokens keep working while PostgreSQL is gone")
                .isNotEmpty()
                .allSatisfy((answer) ->
                        assertThat(answer.status()).as(answer.toString()).isEqualTo(200));

        // nothing lost: what was issued before the outages still works after them
        assertThat(userInfo(accessToken).statusCode()).isEqualTo(200);
        TokenResponse refreshed = com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser.parse(new TokenRequest(
                        web.provider().getTokenEndpointURI(),
                        web.clientAuthentication(),
                        new RefreshTokenGrant(tokens.getRefreshToken()))
                .toHTTPRequest()
                .send());
        assertThat(refreshed.indicatesSuccess())
                .as("refresh token issued before the outages")
                .isTrue();
        assertThat(clientCredentials().statusCode()).isEqualTo(200);
    }

    /** One answer of the load loop: what, in which phase, how it ended and how long it took. */
    record Answer(String kind, String phase, int status, Duration elapsed, boolean retryAfter) {}

    @FunctionalInterface
    interface Call {
        HttpResponse<String> send() throws Exception;
    }

    private static Answer timed(String kind, String phase, Call call) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = call.send();
            return new Answer(
                    kind,
                    phase,
                    response.statusCode(),
                    Duration.ofNanos(System.nanoTime() - start),
                    response.headers().firstValue("Retry-After").isPresent());
        } catch (Exception ex) {
            // no answer at all (the client timed out) counts as a failure of its own
            return new Answer(kind, phase, -1, Duration.ofNanos(System.nanoTime() - start), false);
        }
    }

    private static void awaitReadiness(int expected, String when) throws Exception {
        awaitStatus(expected, StoreOutageIntegrationTests::readiness, "readiness when " + when);
    }

    private static void awaitStatus(int expected, Call call, String what) throws Exception {
        Instant deadline = Instant.now().plus(RECOVERY);
        Answer answer;
        do {
            answer = timed(what, what, call);
            if (what.startsWith("readiness")) {
                assertThat(answer.elapsed()).as(what + " answers at once").isLessThan(SLOWEST_READINESS);
            }
            if (answer.status() != expected) {
                Thread.sleep(200);
            }
        } while (answer.status() != expected && Instant.now().isBefore(deadline));
        assertThat(answer.status()).as(what).isEqualTo(expected);
    }

    private static HttpResponse<String> userInfo(String accessToken) throws Exception {
        return RawHttp.withBearer("GET", base + "/userinfo", accessToken);
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
