package cn.yiwang.id.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.server.test.ChromeBrowser;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.QrCodes;
import cn.yiwang.id.server.test.QrLoginAppCalls;
import cn.yiwang.id.server.test.RawHttp;
import cn.yiwang.id.server.test.TestAccounts;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * QR-code sign-in in a real browser (Chromium): the login page shows the code, the test reads it from a
 * screenshot as a phone would, plays the provincial app's calls with a real {@code demo-app} token, and
 * the page follows by server-sent events: to the relying party when confirmed; cancelled; expired (and
 * renewed by itself); refused when scanned a second time; and "unavailable" when no code can be made.
 */
class QrLoginBrowserTests extends IntegrationTestSupport {

    @RegisterExtension
    static final ChromeBrowser CHROME = new ChromeBrowser();

    private static final String AUTHORIZE = "/oauth2/authorize?response_type=code&client_id=demo-web"
            + "&redirect_uri=http://127.0.0.1:8081/callback&scope=openid%20profile&state=qr-state&nonce=n1";

    @Autowired
    AccountRepository accounts;

    @Autowired
    StringRedisTemplate redis;

    @AfterAll
    static void closeBrowser() {
        CHROME.close();
    }

    @BeforeEach
    void freshBrowser() {
        WebDriver driver = CHROME.driver();
        driver.get(ISSUER + "/login");
        driver.manage().deleteAllCookies();
    }

    @Test
    void qrSignInWhenPhoneScansAndConfirmsThenBrowserLandsAtTheRelyingPartyByServerSentEvents() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        String app = QrLoginAppCalls.appToken(account);
        WebDriver driver = CHROME.driver();
        driver.get(ISSUER + AUTHORIZE);

        String id = scanTheScreen();
        assertThat(CHROME.driver().findElement(By.id("qr-login")).getDomAttribute("data-transport"))
                .isEqualTo("events");

        HttpResponse<String> scanned = QrLoginAppCalls.call("scan", id, app, null);
        assertThat(scanned.statusCode()).as(scanned.body()).isEqualTo(200);
        assertThat(RawHttp.json(scanned)).containsEntry("portal", "演示网站 (demo-web)");
        WebElement number = CHROME.await((d) -> {
            WebElement shown = d.findElement(By.id("qr-login-number"));
            return shown.isDisplayed() && !shown.getText().isBlank() ? shown : null;
        });
        assertThat(status()).contains("已扫码，请在手机上确认");

        HttpResponse<String> confirmed = QrLoginAppCalls.call(
                "confirm", id, app, "{\"number\":" + number.getText().trim() + "}");
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);

        CHROME.await((d) -> d.getCurrentUrl().startsWith("http://127.0.0.1:8081/callback") ? true : null);
        assertThat(driver.getCurrentUrl()).contains("code=").contains("state=qr-state");
    }

    @Test
    void qrSignInWhenPhoneCancelsThenBrowserSaysSoAndOffersANewCode() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        String app = QrLoginAppCalls.appToken(account);
        CHROME.driver().get(ISSUER + "/login");
        String id = scanTheScreen();

        QrLoginAppCalls.call("scan", id, app, null);
        CHROME.await((d) -> status().contains("已扫码") ? true : null);
        assertThat(QrLoginAppCalls.call("cancel", id, app, null).statusCode()).isEqualTo(200);

        CHROME.await((d) -> status().contains("您已在手机上取消登录") ? true : null);
        assertThat(CHROME.driver().findElement(By.id("qr-login-refresh")).isDisplayed())
                .isTrue();
        CHROME.driver().findElement(By.id("qr-login-refresh")).click();
        String renewed = scanTheScreen();
        assertThat(renewed).isNotEqualTo(id);
    }

    @Test
    void qrCodeWhenExpiredThenThePageShowsANewOneByItself() throws Exception {
        CHROME.driver().get(ISSUER + "/login");
        String id = scanTheScreen();

        // the request's TTL runs out (the test does not wait the full 60 s)
        this.redis.expire("yid:qr:{" + id + "}", Duration.ofMillis(200));

        String renewed = CHROME.await((d) -> {
            String now = currentId();
            return (now != null && !now.equals(id)) ? now : null;
        });
        assertThat(readTheScreen()).isEqualTo(ISSUER + "/qr/" + renewed);
    }

    @Test
    void qrCodeWhenScannedTwiceThenBothScreensRefuse() throws Exception {
        String first = QrLoginAppCalls.appToken(TestAccounts.create(this.accounts));
        String second = QrLoginAppCalls.appToken(TestAccounts.create(this.accounts));
        CHROME.driver().get(ISSUER + "/login");
        String id = scanTheScreen();

        assertThat(QrLoginAppCalls.call("scan", id, first, null).statusCode()).isEqualTo(200);
        HttpResponse<String> again = QrLoginAppCalls.call("scan", id, second, null);

        assertThat(again.statusCode()).isEqualTo(409);
        CHROME.await((d) -> status().contains("二维码被再次扫描") ? true : null);
        assertThat(CHROME.driver().findElement(By.id("qr-login-image")).isDisplayed())
                .isFalse();
    }

    @Test
    void loginPageWhenNoQrCodeCanBeMadeThenSaysQrUnavailableAndPasswordFormStays() {
        WebDriver driver = CHROME.driver();
        ((org.openqa.selenium.chromium.ChromiumDriver) driver).executeCdpCommand("Network.enable", Map.of());
        ((org.openqa.selenium.chromium.ChromiumDriver) driver)
                .executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*/login/qr")));
        try {
            driver.get(ISSUER + "/login");
            CHROME.await((d) -> status().contains("扫码登录暂时不可用") ? true : null);
            assertThat(driver.findElement(By.id("username")).isDisplayed()).isTrue();
            assertThat(driver.findElement(By.id("password")).isDisplayed()).isTrue();
        } finally {
            ((org.openqa.selenium.chromium.ChromiumDriver) driver)
                    .executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
        }
    }

    /** Waits for the QR code, photographs it as a phone would, and returns the request id it carries. */
    private String scanTheScreen() {
        CHROME.await((d) -> {
            WebElement image = d.findElement(By.id("qr-login-image"));
            Object loaded = ((JavascriptExecutor) d)
                    .executeScript("return arguments[0].complete && arguments[0].naturalWidth > 0;", image);
            return (image.isDisplayed() && Boolean.TRUE.equals(loaded)) ? true : null;
        });
        String text = readTheScreen();
        assertThat(text).startsWith(ISSUER + "/qr/");
        return text.substring((ISSUER + "/qr/").length());
    }

    /**
     * Photographs the code again until it reads, as a phone's camera does: once on CI a picture taken right after the
     * image loaded held no readable code.
     */
    private static String readTheScreen() {
        return CHROME.await((d) -> {
            try {
                return QrCodes.decode(qrScreenshot());
            } catch (AssertionError unreadable) {
                return null;
            }
        });
    }

    private static byte[] qrScreenshot() {
        WebElement image = CHROME.driver().findElement(By.id("qr-login-image"));
        ((JavascriptExecutor) CHROME.driver()).executeScript("arguments[0].scrollIntoView({block: 'center'});", image);
        return image.getScreenshotAs(OutputType.BYTES);
    }

    private static String currentId() {
        WebElement image = CHROME.driver().findElement(By.id("qr-login-image"));
        String src = image.getDomProperty("src");
        if (src == null || !image.isDisplayed() || !src.endsWith(".png")) {
            return null;
        }
        return src.substring(src.lastIndexOf('/') + 1, src.length() - ".png".length());
    }

    private static String status() {
        return CHROME.driver().findElement(By.id("qr-login-status-text")).getText();
    }
}
