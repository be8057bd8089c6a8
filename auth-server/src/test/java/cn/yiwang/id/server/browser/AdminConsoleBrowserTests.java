package cn.yiwang.id.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.server.test.ChromeBrowser;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.TestAdministrators;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The administration console in a real browser (Debian's Chromium through Selenium): the security administrator
 * signs in with a TOTP code and creates a system administrator (confirming the change); the new system
 * administrator signs in, enrols an authenticator (codes computed here, as the app would) and is refused the
 * administrators page (403). Screenshots of the sign-in and administrators pages go to {@code target/console/}
 * (copied to {@code docs/console/} for the README).
 */
class AdminConsoleBrowserTests extends IntegrationTestSupport {

    @RegisterExtension
    static final ChromeBrowser CHROME = new ChromeBrowser(1024, 900);

    private static final Path SCREENSHOTS = Path.of("target", "console");

    @Autowired
    JdbcClient jdbc;

    @Test
    void securityAdminCreatesSystemAdminWhoEnrolsAndIsRefusedTheAdministratorsPage() throws IOException {
        WebDriver driver = CHROME.driver();
        driver.manage().deleteAllCookies();
        String name = "sys-" + UUID.randomUUID().toString().substring(0, 8);

        driver.get(ISSUER + "/admin");
        CHROME.await((d) -> d.getCurrentUrl().contains("/admin/login"));
        screenshot(driver, "/admin/login", "sign-in.png");
        signIn(driver, TestAdministrators.SECURITY, TestAdministrators.PASSWORD);
        CHROME.await((d) -> !d.findElements(By.id("code")).isEmpty());
        driver.findElement(By.id("code")).sendKeys(TestAdministrators.nextCode(this.jdbc, TestAdministrators.SECURITY));
        driver.findElement(By.id("admin-code-submit")).click();
        CHROME.await((d) -> !d.findElements(By.id("signed-in-role")).isEmpty());
        assertThat(driver.findElement(By.id("signed-in-role")).getText()).isEqualTo("安全管理员");

        driver.findElement(By.id("nav-administrators")).click();
        CHROME.await((d) -> !d.findElements(By.id("new-administrator")).isEmpty());
        driver.findElement(By.id("username")).sendKeys(name);
        driver.findElement(By.id("displayName")).sendKeys("赵系统");
        new Select(driver.findElement(By.id("role"))).selectByValue("SYSTEM");
        driver.findElement(By.id("password")).sendKeys("System-Admin-2026!");
        driver.findElement(By.id("new-administrator-submit")).click();
        CHROME.await((d) -> !d.findElements(By.id("confirm-heading")).isEmpty());
        assertThat(driver.findElement(By.id("diff-role")).getText()).contains("系统管理员");
        driver.findElement(By.id("confirm-submit")).click();
        CHROME.await((d) -> d.getCurrentUrl().contains("/admin/administrators/" + name));
        assertThat(driver.findElement(By.id("subject-status")).getText()).isEqualTo("待绑定身份验证器");
        driver.get(ISSUER + "/admin/administrators");
        CHROME.await((d) -> !d.findElements(By.id("admin-" + name)).isEmpty());
        screenshot(driver, "/admin/administrators", "administrators.png");

        driver.findElement(By.id("admin-sign-out")).click();
        CHROME.await((d) -> d.getCurrentUrl().contains("loggedOut"));

        signIn(driver, name, "System-Admin-2026!");
        CHROME.await((d) -> !d.findElements(By.id("totp-secret")).isEmpty());
        assertThat(driver.findElements(By.cssSelector(".qr svg"))).hasSize(1);
        String secret = driver.findElement(By.id("totp-secret")).getText();
        driver.findElement(By.id("code")).sendKeys(TestAdministrators.nextCode(this.jdbc, name, secret));
        driver.findElement(By.id("admin-enrol-submit")).click();
        CHROME.await((d) -> !d.findElements(By.id("signed-in-role")).isEmpty());
        assertThat(driver.findElement(By.id("signed-in-role")).getText()).isEqualTo("系统管理员");
        assertThat(driver.findElements(By.id("nav-administrators"))).isEmpty();

        driver.get(ISSUER + "/admin/administrators");
        CHROME.await((d) -> !d.findElements(By.id("denied-heading")).isEmpty());
        assertThat(driver.findElement(By.id("denied-heading")).getText()).isEqualTo("无权访问");
        assertThat(this.jdbc
                        .sql("select count(*) from audit_event where event_type = 'admin.denied' and actor = ?")
                        .param("admin:" + name)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    private static void signIn(WebDriver driver, String username, String password) {
        driver.findElement(By.id("username")).clear();
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("admin-login-submit")).click();
    }

    // in English: the test machine's Chromium may have no CJK fonts; then back to Chinese
    private static void screenshot(WebDriver driver, String path, String file) throws IOException {
        driver.get(ISSUER + path + "?lang=en");
        CHROME.await(
                (d) -> d.findElement(By.tagName("html")).getDomAttribute("lang").equals("en"));
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(file), CHROME.screenshot());
        driver.get(ISSUER + path + "?lang=zh-CN");
        CHROME.await(
                (d) -> d.findElement(By.tagName("html")).getDomAttribute("lang").startsWith("zh"));
    }
}
