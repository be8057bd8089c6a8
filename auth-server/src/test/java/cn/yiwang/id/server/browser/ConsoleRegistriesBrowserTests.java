package cn.yiwang.id.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.federation.registry.IdentityProviderAdministration;
import cn.yiwang.id.server.client.ClientAdministration;
import cn.yiwang.id.server.test.ChromeBrowser;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.TestAccounts;
import cn.yiwang.id.server.test.TestAdministrators;
import cn.yiwang.id.server.test.TestProvincialIdp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The console's registry and account pages in Chromium, 375 px wide: the system administrator adds a
 * provincial IdP (and tests its connection) and a relying party through the forms and their confirm steps;
 * the security administrator finds an account and locks it. The pages (in English: the test machine's Chromium
 * has no CJK font) are saved under {@code target/console/}, the source of the screenshots in {@code docs/console/}.
 */
class ConsoleRegistriesBrowserTests extends IntegrationTestSupport {

    @RegisterExtension
    static final ChromeBrowser PHONE = new ChromeBrowser(375, 900);

    // a test run never changes the tracked tree: the README's copies under docs/console/ are refreshed by hand
    private static final Path SHOTS = Path.of("target", "console");

    private static TestProvincialIdp province;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AccountRepository accounts;

    @Autowired
    IdentityProviderAdministration identityProviders;

    @Autowired
    ClientAdministration clients;

    @BeforeAll
    static void startProvince() throws Exception {
        province = new TestProvincialIdp();
    }

    @AfterAll
    static void stopProvince() {
        province.close();
        PHONE.close();
    }

    @Test
    void systemAdministratorAddsProvincialIdpAndClientThroughThePages() throws Exception {
        String alias = "br-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        String clientId = "br-client-" + UUID.randomUUID().toString().substring(0, 8);
        WebDriver driver = PHONE.driver();
        try {
            signIn(driver, TestAdministrators.SYSTEM);

            driver.get(ISSUER + "/admin/identity-providers/new");
            type(driver, "alias", alias);
            type(driver, "displayNameZh", "测试浙江");
            type(driver, "displayNameEn", "Test Zhejiang");
            type(driver, "regionCode", "330000");
            type(driver, "issuer", province.issuer());
            type(driver, "clientId", TestProvincialIdp.CLIENT_ID);
            type(driver, "clientSecret", TestProvincialIdp.CLIENT_SECRET);
            shot("idp-form");
            driver.findElement(By.id("save")).click();
            PHONE.await((d) -> d.findElement(By.id("diff")));
            assertThat(driver.findElement(By.id("diff")).getText())
                    .contains(alias)
                    .doesNotContain(TestProvincialIdp.CLIENT_SECRET);
            show(driver, "diff");
            shot("idp-confirm");
            driver.findElement(By.id("confirm")).click();
            PHONE.await((d) -> d.findElement(By.id("test-connection"))).click();
            PHONE.await((d) -> d.findElement(By.id("findings")));
            assertThat(driver.findElement(By.id("findings")).getText()).contains("Discovery document fetched");
            show(driver, "report");
            shot("idp-test-connection");
            assertThat(this.identityProviders.find(alias)).isPresent();

            driver.get(ISSUER + "/admin/clients/new");
            type(driver, "clientId", clientId);
            type(driver, "clientName", "测试应用");
            type(driver, "redirectUris", "https://app.example.gov.cn/callback");
            driver.findElement(By.id("save")).click();
            PHONE.await((d) -> d.findElement(By.id("confirm"))).click();
            PHONE.await((d) -> d.findElement(By.id("client-secret")));
            assertThat(this.clients.find(clientId)).isPresent();
            shot("client-created");

            // the audit administrator finds both changes under the system administrator's name
            signIn(driver, TestAdministrators.AUDIT);
            for (String[] change : new String[][] {{"idp.created", alias}, {"client.created", clientId}}) {
                driver.get(ISSUER + "/admin/audit?actor=admin:" + TestAdministrators.SYSTEM + "&action=" + change[0]);
                WebElement events = PHONE.await((d) -> d.findElement(By.id("audit-events")));
                assertThat(events.getText())
                        .contains(change[0])
                        .contains("admin:" + TestAdministrators.SYSTEM)
                        .contains(change[1]);
            }
        } finally {
            this.identityProviders.delete(alias, null, "test");
            this.clients.delete(clientId, null, "test");
        }
    }

    @Test
    void securityAdministratorFindsAndLocksAnAccount() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        WebDriver driver = PHONE.driver();
        signIn(driver, TestAdministrators.SECURITY);
        driver.get(ISSUER + "/admin/accounts");
        type(driver, "q", account.username());
        driver.findElement(By.id("search")).click();
        PHONE.await((d) -> d.findElement(By.id("results")));
        shot("accounts-search");
        driver.findElement(By.className("result-link")).click();
        PHONE.await((d) -> d.findElement(By.id("lock"))).click();
        PHONE.await((d) -> d.findElement(By.id("diff")));
        show(driver, "diff");
        shot("accounts-lock-confirm");
        driver.findElement(By.id("confirm")).click();
        WebElement done = PHONE.await((d) -> d.findElement(By.id("done")));
        assertThat(done.getText()).contains("locked");
        shot("accounts-locked");
    }

    private static void signIn(WebDriver driver, String username) throws Exception {
        // one browser for both tests: start each from no console session
        driver.get(ISSUER + "/admin/login");
        driver.manage().deleteAllCookies();
        driver.get(ISSUER + "/admin/login");
        type(driver, "username", username);
        type(driver, "password", TestAdministrators.PASSWORD);
        driver.findElement(By.id("admin-login-submit")).click();
        PHONE.await((d) -> d.findElement(By.id("code")));
        // the code of the next 30-second step nobody has used yet
        type(driver, "code", TestAdministrators.nextCode(jdbcOf(), username));
        driver.findElement(By.id("code")).submit();
        PHONE.await((d) -> d.findElement(By.id("signed-in-admin")));
        // English pages for the screenshots: the test machine's Chromium has no CJK font
        driver.get(ISSUER + "/admin?lang=en");
    }

    private static JdbcClient jdbcHolder;

    @Autowired
    void remember(JdbcClient jdbc) {
        jdbcHolder = jdbc;
    }

    private static JdbcClient jdbcOf() {
        return jdbcHolder;
    }

    // the part of the page a screenshot is about, at the top of the 375 px viewport
    private static void show(WebDriver driver, String id) {
        ((org.openqa.selenium.JavascriptExecutor) driver)
                .executeScript("arguments[0].scrollIntoView(true);", driver.findElement(By.id(id)));
    }

    private static void type(WebDriver driver, String id, String value) {
        WebElement field = driver.findElement(By.id(id));
        field.clear();
        field.sendKeys(value);
    }

    private static void shot(String name) throws Exception {
        Files.createDirectories(SHOTS);
        Files.write(SHOTS.resolve(name + ".png"), PHONE.screenshot());
    }
}
