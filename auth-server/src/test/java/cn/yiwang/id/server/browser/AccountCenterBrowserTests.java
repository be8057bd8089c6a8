package cn.yiwang.id.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.account.NewAccount;
import cn.yiwang.id.account.consent.ConsentRecord;
import cn.yiwang.id.account.consent.RegistrationConsents;
import cn.yiwang.id.account.deletion.AccountDeletion;
import cn.yiwang.id.account.otp.OneTimeCodes;
import cn.yiwang.id.account.realname.AssuranceEvidence;
import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.account.realname.RealNameRegistry;
import cn.yiwang.id.account.realname.VerifiedIdentity;
import cn.yiwang.id.account.totp.Base32;
import cn.yiwang.id.account.totp.Totp;
import cn.yiwang.id.server.session.SsoSessionStore;
import cn.yiwang.id.server.test.Browser;
import cn.yiwang.id.server.test.ChromeBrowser;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.OidcClient;
import cn.yiwang.id.server.test.RecordingSmsSender;
import cn.yiwang.id.server.test.TestPeople;
import com.nimbusds.openid.connect.sdk.claims.ACR;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The citizen's journeys end to end in a real browser (Debian's Chromium through Selenium), as one
 * citizen would walk them: register from an app → skip real-name verification → the app resumes →
 * account center → turn on two-step sign-in (codes computed here, as an authenticator app would) →
 * sign out → sign in with the code → verify the real name (a wrong entry first) → the sessions page
 * shows two devices → end the other one → withdraw the app's consent (the app asks again) → forgot
 * password → delete the account and cancel it by signing in; the elder-friendly switch on the way.
 * One server, one browser; a failed step leaves a screenshot and the page under target/browser-failures.
 */
class AccountCenterBrowserTests extends IntegrationTestSupport {

    @RegisterExtension
    static final ChromeBrowser CHROME = new ChromeBrowser(1024, 900);

    private static final String PASSWORD = "Fresh-Citizen-2026!";

    private static final String NEW_PASSWORD = "Renewed-Citizen-2027!";

    @Autowired
    RecordingSmsSender phones;

    @Autowired
    AccountRepository accounts;

    @Autowired
    RealNameRegistry realNames;

    @Autowired
    AccountDeletion deletion;

    @Autowired
    SsoSessionStore sessions;

    @Autowired
    OneTimeCodes codes;

    @Autowired
    RegistrationConsents consents;

    @Autowired
    StringRedisTemplate redis;

    @AfterAll
    static void closeBrowser() {
        CHROME.close();
    }

    @Test
    void citizenJourneyWhenWalkedInTheBrowserThenEveryStepEndsSomewhere() throws Exception {
        WebDriver driver = CHROME.driver();
        forgetEverything(driver);
        String phone = TestPeople.phone();
        TestPeople.Person person = TestPeople.known();
        OidcClient app = new OidcClient(ISSUER, "demo-spa", null, "http://127.0.0.1:8082/callback");

        // 1. An app sends the citizen here; they have no account and register from the sign-in page.
        OidcClient.Attempt attempt = app.authorizationRequest("openid profile", (b) -> {});
        driver.get(attempt.uri().toString());
        CHROME.await((d) -> d.getCurrentUrl().contains("/login"));
        click(driver, "register");
        type(driver, "phone", phone);
        click(driver, "send-code");
        CHROME.await((d) -> !d.findElements(By.id("code")).isEmpty());
        assertThat(text(driver, "sent-to")).contains(phone.substring(0, 3) + "****" + phone.substring(7));
        assertThat(driver.findElement(By.id("resend")).isEnabled())
                .as("resend waits for the interval the server enforces")
                .isFalse();
        String code = this.phones.lastCodeFor(phone);

        // the passwords differ: said next to the second one, and nothing else is lost
        type(driver, "code", code);
        type(driver, "password", PASSWORD);
        type(driver, "passwordConfirm", PASSWORD + "x");
        click(driver, "acceptAgreement");
        click(driver, "acceptPrivacy");
        click(driver, "submit-code");
        CHROME.await((d) -> !d.findElements(By.id("passwordConfirm-error")).isEmpty());
        assertThat(driver.findElement(By.id("passwordConfirm")).getDomAttribute("aria-invalid"))
                .isEqualTo("true");
        assertThat(driver.findElements(By.id("password-error"))).isEmpty();

        // the consents are explicit: never ticked for the citizen
        type(driver, "code", code);
        type(driver, "password", PASSWORD);
        type(driver, "passwordConfirm", PASSWORD);
        assertThat(driver.findElement(By.id("acceptAgreement")).isSelected()).isFalse();
        click(driver, "acceptAgreement");
        click(driver, "acceptPrivacy");
        click(driver, "submit-code");

        // 2. Real-name verification may wait: the app only needs L1, and it resumes (its consent page).
        CHROME.await((d) -> d.getCurrentUrl().contains("/stepup"));
        click(driver, "skip-realname");
        CHROME.await((d) -> d.getCurrentUrl().contains("/oauth2/consent")
                || d.getCurrentUrl().startsWith("http://127.0.0.1:8082/"));
        assertThat(driver.getCurrentUrl()).contains("/oauth2/consent");
        driver.findElement(By.cssSelector("form button.btn--primary")).click();
        CHROME.await((d) -> d.getCurrentUrl().startsWith("http://127.0.0.1:8082/callback"));
        assertThat(driver.getCurrentUrl()).contains("code=");
        UUID accountId = this.accounts.findByLoginName(phone).orElseThrow().id();
        assertThat(this.consents.forAccount(accountId))
                .extracting(ConsentRecord::document)
                .containsExactlyInAnyOrder(RegistrationConsents.USER_AGREEMENT, RegistrationConsents.PRIVACY_NOTICE);

        // 3. A second device (another browser) signs in too, with the password.
        List<String> recoveryCodes = new java.util.ArrayList<>();
        try (Browser otherDevice = new Browser()) {
            HtmlPage signedIn =
                    (HtmlPage) otherDevice.signIn((HtmlPage) otherDevice.open(ISSUER + "/login"), phone, PASSWORD);
            assertThat(signedIn.getUrl().getPath()).isEqualTo("/account");

            // 4. The account center: level L1, with the way to raise it.
            driver.get(ISSUER + "/account");
            assertThat(text(driver, "account-level")).isEqualTo("L1");
            assertThat(driver.findElement(By.id("raise-level")).getDomAttribute("href"))
                    .isEqualTo("/stepup?level=L2");
            assertAccessiblePage(driver, "overview");

            // 5. Two-step sign-in: add the authenticator with a code computed from the secret shown.
            click(driver, "nav-security");
            click(driver, "totp-begin");
            String secret = text(driver, "totp-secret");
            assertThat(driver.findElements(By.cssSelector("svg.qr"))).hasSize(1);
            type(driver, "totpCode", totp(secret, 0));
            click(driver, "totp-confirm");
            List<WebElement> recovery = CHROME.await((d) -> {
                List<WebElement> codes = d.findElements(By.cssSelector(".recovery-code"));
                return codes.isEmpty() ? null : codes;
            });
            assertThat(recovery).hasSize(10);
            recoveryCodes.addAll(recovery.stream().map(WebElement::getText).toList());
            assertThat(driver.findElements(By.id("totp-on"))).hasSize(1);

            // 6. Sign out, and sign in again: the password is not enough any more.
            click(driver, "sign-out");
            CHROME.await((d) -> d.getCurrentUrl().contains("/logged-out"));
            signInWithPassword(driver, phone, PASSWORD);
            CHROME.await((d) -> d.getCurrentUrl().contains("/login/second-factor"));
            type(driver, "code", "000000".equals(totp(secret, 1)) ? "111111" : "000000");
            submitForm(driver, "code");
            CHROME.await((d) -> !d.findElements(By.id("code-error")).isEmpty());
            type(driver, "code", totp(secret, 1));
            submitForm(driver, "code");
            CHROME.await((d) -> d.getCurrentUrl().endsWith("/account"));

            // 7. Real-name verification from the overview: a wrong check character is explained next to
            // the number (the name typed stays), then the right one reaches L2.
            click(driver, "raise-level");
            CHROME.await((d) -> !d.findElements(By.id("realName")).isEmpty());
            type(driver, "realName", person.name());
            type(driver, "documentNumber", TestPeople.withWrongCheck(person.number()));
            submitForm(driver, "documentNumber");
            CHROME.await((d) -> !d.findElements(By.id("documentNumber-error")).isEmpty());
            assertThat(driver.findElement(By.id("realName")).getDomProperty("value"))
                    .isEqualTo(person.name());
            assertThat(driver.findElement(By.id("documentNumber")).getDomProperty("value"))
                    .isEmpty();
            assertThat(driver.findElement(By.id("realName")).getDomAttribute("aria-invalid"))
                    .isNull();
            type(driver, "documentNumber", person.number());
            submitForm(driver, "documentNumber");
            CHROME.await((d) -> !d.findElements(By.id("to-account")).isEmpty());
            assertThat(this.realNames.level(accountId)).isEqualTo(AssuranceLevel.L2);
            click(driver, "to-account");
            assertThat(text(driver, "account-level")).isEqualTo("L2");
            assertThat(text(driver, "real-name"))
                    .isNotEqualTo(person.name())
                    .startsWith(person.name().substring(0, 1));
            click(driver, "reveal-name");
            CHROME.await((d) -> person.name().equals(text(d, "real-name")));

            // 8. Two devices; the other one is ended, and that browser is signed out at once.
            click(driver, "nav-sessions");
            assertThat(driver.findElements(By.cssSelector("li.session"))).hasSize(2);
            driver.findElement(By.cssSelector("button.end-session")).click();
            CHROME.await((d) -> d.findElements(By.cssSelector("li.session")).size() == 1);
            HtmlPage afterEnd = (HtmlPage) otherDevice.open(ISSUER + "/account");
            assertThat(afterEnd.getUrl().getPath()).isEqualTo("/login");
        }

        // 9. The app's consent is withdrawn; the next sign-in to it asks again.
        click(driver, "nav-apps");
        assertThat(driver.findElements(By.cssSelector("li.app[data-client='demo-spa']")))
                .hasSize(1);
        driver.findElement(By.cssSelector("li.app[data-client='demo-spa'] button.withdraw"))
                .click();
        CHROME.await((d) ->
                d.findElements(By.cssSelector("li.app[data-client='demo-spa']")).isEmpty());
        driver.get(app.authorizationRequest("openid profile", (b) -> {}).uri().toString());
        CHROME.await((d) -> d.getCurrentUrl().contains("/oauth2/consent"));

        // the activity page lists the sign-ins and the failed code
        driver.get(ISSUER + "/account/activity");
        String activity = text(driver, "activity");
        assertThat(activity).contains("身份验证器").contains("失败").contains("撤销应用授权");

        // 10. Elder-friendly mode: larger text, remembered, and switched back.
        click(driver, "elder-switch");
        CHROME.await((d) ->
                !d.findElements(By.cssSelector("link[href$='elder.css']")).isEmpty());
        double fontSize = Double.parseDouble(((String)
                        ((JavascriptExecutor) driver).executeScript("return getComputedStyle(document.body).fontSize;"))
                .replace("px", ""));
        assertThat(fontSize).isGreaterThanOrEqualTo(18);
        driver.get(ISSUER + "/account/security");
        assertThat(driver.findElements(By.cssSelector("link[href$='elder.css']")))
                .hasSize(1);
        click(driver, "elder-switch");
        CHROME.await(
                (d) -> d.findElements(By.cssSelector("link[href$='elder.css']")).isEmpty());

        // 11. Forgotten password: SMS code, the ID number's last 4 (an L2 account), the new password twice.
        click(driver, "sign-out");
        CHROME.await((d) -> d.getCurrentUrl().contains("/logged-out"));
        driver.get(ISSUER + "/login");
        // the SMS resend interval (60 s per number) would hold the reset code back: clear the number's limits
        // as an operator can
        this.redis.delete(this.codes.keys(phone));
        click(driver, "forgot");
        type(driver, "phone", phone);
        click(driver, "send-code");
        CHROME.await((d) -> !d.findElements(By.id("code")).isEmpty());
        type(driver, "code", this.phones.lastCodeFor(phone));
        click(driver, "submit-code");
        CHROME.await((d) -> !d.findElements(By.id("idLast4")).isEmpty());
        String last4 = person.number().substring(14);
        type(driver, "idLast4", "0000".equals(last4) ? "1111" : "0000");
        type(driver, "newPassword", NEW_PASSWORD);
        type(driver, "newPasswordConfirm", NEW_PASSWORD);
        click(driver, "reset-password");
        CHROME.await((d) -> !d.findElements(By.id("idLast4-error")).isEmpty());
        type(driver, "idLast4", last4);
        type(driver, "newPassword", NEW_PASSWORD);
        type(driver, "newPasswordConfirm", NEW_PASSWORD);
        click(driver, "reset-password");
        CHROME.await((d) -> !d.findElements(By.id("reset-done")).isEmpty());

        // the old password is dead; the new one with a recovery code signs in
        signInWithPassword(driver, phone, PASSWORD);
        CHROME.await((d) -> d.getCurrentUrl().contains("/login?error"));
        signInWithRecoveryCode(driver, phone, NEW_PASSWORD, recoveryCodes.get(0));

        // 12. Delete the account: signed out everywhere, 15 days to change one's mind.
        click(driver, "nav-data");
        type(driver, "password", NEW_PASSWORD);
        click(driver, "understood");
        click(driver, "delete-account");
        CHROME.await((d) -> !d.findElements(By.id("deletion-requested")).isEmpty());
        Instant eraseAfter = this.deletion.pendingUntil(accountId).orElseThrow();
        assertThat(eraseAfter).isAfter(Instant.now().plusSeconds(14 * 24 * 3600));

        // signing in cancels it
        signInWithRecoveryCode(driver, phone, NEW_PASSWORD, recoveryCodes.get(1));
        assertThat(driver.findElements(By.id("deletion-pending"))).isEmpty();
        assertThat(this.deletion.pendingUntil(accountId)).isEmpty();
        click(driver, "nav-data");
        assertThat(driver.findElements(By.id("delete-account"))).hasSize(1);
    }

    @Test
    void levelFourWhenNotReachableOnlineThenReturnToTheAppWithUnmetAuthenticationRequirements() throws Exception {
        WebDriver driver = CHROME.driver();
        forgetEverything(driver);
        String phone = TestPeople.phone();
        UUID accountId =
                this.accounts.create(new NewAccount(null, phone, PASSWORD)).id();
        TestPeople.Person person = TestPeople.known();
        this.realNames.recordIdentity(
                accountId,
                new VerifiedIdentity("resident-id", person.number(), person.name()),
                new AssuranceEvidence(AssuranceLevel.L2, "realname", "test", "ref", null, Instant.now()));
        OidcClient portal = new OidcClient(ISSUER, "test-l2", "demo-secret", "http://127.0.0.1:8088/callback");
        OidcClient.Attempt attempt =
                portal.authorizationRequest("openid", (b) -> b.acrValues(List.of(new ACR("urn:yiwang:loa:4"))));

        driver.get(attempt.uri().toString());
        signInWithPasswordOnPage(driver, phone, PASSWORD);

        // the page says where to go, and offers the way back instead of a dead end
        CHROME.await((d) -> !d.findElements(By.id("return-to-app")).isEmpty());
        assertThat(driver.getCurrentUrl()).contains("/stepup?level=L4");
        click(driver, "return-to-app");
        CHROME.await((d) -> d.getCurrentUrl().startsWith("http://127.0.0.1:8088/callback"));
        assertThat(driver.getCurrentUrl())
                .contains("error=unmet_authentication_requirements")
                .contains("state=" + attempt.state().getValue());
    }

    @Test
    void passkeyWhenAddedInTheAccountCenterThenItIsTheSecondFactorOfTheNextSignIn() {
        ChromeDriver driver = (ChromeDriver) CHROME.driver();
        forgetEverything(driver);
        String phone = TestPeople.phone();
        UUID accountId =
                this.accounts.create(new NewAccount(null, phone, PASSWORD)).id();
        // a platform authenticator that verifies its user (as a phone's fingerprint reader does)
        VirtualAuthenticator authenticator = driver.addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                .setHasResidentKey(true)
                .setHasUserVerification(true)
                .setIsUserVerified(true)
                .setIsUserConsenting(true));
        try {
            // passkeys are bound to a host name, so this walk uses localhost rather than 127.0.0.1
            String site = "http://localhost:" + PORT;
            driver.get(site + "/login");
            signInWithPasswordOnPage(driver, phone, PASSWORD);
            CHROME.await((d) -> d.getCurrentUrl().endsWith("/account"));
            driver.get(site + "/account/security");
            type(driver, "passkeyLabel", "Test phone");
            click(driver, "add-passkey");
            CHROME.await((d) -> d.getCurrentUrl().contains("done=passkey-added"));
            assertThat(driver.findElement(By.id("passkeys")).getText()).contains("Test phone");
            assertThat(authenticator.getCredentials()).hasSize(1);

            click(driver, "sign-out");
            CHROME.await((d) -> d.getCurrentUrl().contains("/logged-out"));
            driver.get(site + "/login");
            signInWithPasswordOnPage(driver, phone, PASSWORD);
            CHROME.await((d) -> d.getCurrentUrl().contains("/login/second-factor"));
            click(driver, "use-passkey");
            CHROME.await((d) -> d.getCurrentUrl().endsWith("/account"));
            assertThat(this.sessions.listForAccount(accountId.toString()))
                    .singleElement()
                    .satisfies((record) ->
                            assertThat(record.session().amr()).containsExactly("pwd", "hwk", "user", "mfa"));
        } finally {
            driver.removeVirtualAuthenticator(authenticator);
        }
    }

    // ---------- helpers ----------

    /** Cookies are per host: clear both hosts the tests use, so each test starts signed out. */
    private static void forgetEverything(WebDriver driver) {
        for (String origin : List.of(ISSUER, "http://localhost:" + PORT)) {
            driver.get(origin + "/css/yiwang.css");
            driver.manage().deleteAllCookies();
        }
    }

    private void signInWithPassword(WebDriver driver, String loginName, String password) {
        driver.get(ISSUER + "/login");
        signInWithPasswordOnPage(driver, loginName, password);
    }

    private void signInWithPasswordOnPage(WebDriver driver, String loginName, String password) {
        CHROME.await((d) -> !d.findElements(By.id("username")).isEmpty());
        type(driver, "username", loginName);
        type(driver, "password", password);
        submitForm(driver, "password");
    }

    private void signInWithRecoveryCode(WebDriver driver, String loginName, String password, String code) {
        signInWithPassword(driver, loginName, password);
        CHROME.await((d) -> d.getCurrentUrl().contains("/login/second-factor"));
        click(driver, "use-recovery");
        type(driver, "recovery-code", code);
        submitForm(driver, "recovery-code");
        CHROME.await((d) -> d.getCurrentUrl().endsWith("/account"));
    }

    /** Every account page: one h1, a main landmark, the navigation marking where we are. */
    private static void assertAccessiblePage(WebDriver driver, String current) {
        assertThat(driver.findElements(By.tagName("h1"))).hasSize(1);
        assertThat(driver.findElements(By.cssSelector("main#main"))).hasSize(1);
        assertThat(driver.findElement(By.id("nav-" + current)).getDomAttribute("aria-current"))
                .isEqualTo("page");
        assertThat(driver.findElement(By.tagName("html")).getDomAttribute("lang"))
                .isNotBlank();
    }

    /** The code an authenticator app shows, {@code stepsAhead} steps from now (the server accepts one). */
    private static String totp(String secret, int stepsAhead) {
        return Totp.code(Base32.decode(secret), Totp.step(Instant.now()) + stepsAhead);
    }

    private static void type(WebDriver driver, String id, String value) {
        WebElement field = CHROME.await((d) -> {
            List<WebElement> found = d.findElements(By.id(id));
            return found.isEmpty() ? null : found.get(0);
        });
        field.clear();
        field.sendKeys(value);
    }

    private static void click(WebDriver driver, String id) {
        WebElement element = CHROME.await((d) -> {
            List<WebElement> found = d.findElements(By.id(id));
            return (found.isEmpty() || !found.get(0).isEnabled()) ? null : found.get(0);
        });
        element.click();
    }

    private static void submitForm(WebDriver driver, String fieldId) {
        driver.findElement(By.id(fieldId)).submit();
    }

    private static String text(WebDriver driver, String id) {
        return CHROME.await((d) -> {
                    List<WebElement> found = d.findElements(By.id(id));
                    return found.isEmpty() ? null : found.get(0);
                })
                .getText();
    }
}
