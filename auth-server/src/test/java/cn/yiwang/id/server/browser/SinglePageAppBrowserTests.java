package cn.yiwang.id.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.server.test.ChromeBrowser;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.TestAccounts;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A browser app in a real browser (Chromium): the small single-page app of {@code src/test/resources/spa}, plain
 * HTML and JavaScript with WebCrypto and fetch, served as {@code demo-spa} on http://127.0.0.1:8082 (its
 * registered web origin, "+"), signs in with authorization code + PKCE, calls userinfo, refreshes (the refresh
 * token rotates) and logs out; the same page on an origin no client registered cannot even read discovery.
 */
class SinglePageAppBrowserTests extends IntegrationTestSupport {

    @RegisterExtension
    static final ChromeBrowser CHROME = new ChromeBrowser();

    private static HttpServer registered;

    private static HttpServer unregistered;

    @Autowired
    AccountRepository accounts;

    @BeforeAll
    static void serveTheApp() throws IOException {
        registered = serve(8082);
        unregistered = serve(8099);
    }

    @AfterAll
    static void stop() {
        CHROME.close();
        registered.stop(0);
        unregistered.stop(0);
    }

    @Test
    void spaWhenSignedInThenUserinfoRefreshAndLogoutWorkFromItsOrigin() {
        Account account = TestAccounts.create(this.accounts);
        WebDriver driver = CHROME.driver();
        driver.manage().deleteAllCookies();
        driver.get("http://127.0.0.1:8082/");

        driver.findElement(By.id("sign-in")).click();
        CHROME.await((d) -> d.getCurrentUrl().startsWith(ISSUER + "/login"));
        driver.findElement(By.id("username")).sendKeys(account.username());
        driver.findElement(By.id("password")).sendKeys(TestAccounts.PASSWORD);
        driver.findElement(By.cssSelector("form[action$='/login'] button[type=submit]"))
                .click();
        CHROME.await((d) -> d.getCurrentUrl().startsWith(ISSUER + "/oauth2/consent"));
        driver.findElement(By.cssSelector("form.form button.btn--primary")).click();

        CHROME.await(
                (d) -> !text(d, "status").equals("idle") || !text(d, "error").isEmpty());
        assertThat(text(driver, "error")).isEmpty();
        assertThat(text(driver, "status")).isEqualTo("signed-in");
        assertThat(text(driver, "sub")).isEqualTo(account.id().toString());

        driver.findElement(By.id("refresh")).click();
        CHROME.await((d) -> !text(d, "refreshed").isEmpty() || !text(d, "error").isEmpty());
        assertThat(text(driver, "error")).isEmpty();
        assertThat(text(driver, "refreshed")).isEqualTo("rotated");

        driver.findElement(By.id("sign-out")).click();
        CHROME.await((d) -> d.getCurrentUrl().startsWith("http://127.0.0.1:8082/?state=bye"));
        assertThat(text(driver, "status")).isEqualTo("signed-out");
        assertThat(driver.manage().getCookieNamed("YIWANG_SSO"))
                .as("the SSO session ended")
                .isNull();
    }

    @Test
    void spaWhenServedFromAnUnregisteredOriginThenTheBrowserRefusesOurAnswers() {
        WebDriver driver = CHROME.driver();
        driver.get("http://127.0.0.1:8099/probe");

        CHROME.await((d) -> !text(d, "error").isEmpty() || !text(d, "status").equals("idle"));
        assertThat(text(driver, "status")).as("discovery was not readable").isEqualTo("idle");
        assertThat(text(driver, "error")).isEqualTo("Failed to fetch");
    }

    private static String text(WebDriver driver, String id) {
        return driver.findElement(By.id(id)).getText().trim();
    }

    private static HttpServer serve(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", (exchange) -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            String type;
            if ("/config.js".equals(path)) {
                body = ("window.ISSUER = '" + ISSUER + "';").getBytes(StandardCharsets.UTF_8);
                type = "text/javascript";
            } else if ("/app.js".equals(path)) {
                body = resource("app.js");
                type = "text/javascript";
            } else {
                body = resource("index.html");
                type = "text/html; charset=utf-8";
            }
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = SinglePageAppBrowserTests.class.getResourceAsStream("/spa/" + name)) {
            return in.readAllBytes();
        }
    }
}
