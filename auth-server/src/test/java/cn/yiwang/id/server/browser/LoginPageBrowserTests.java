package cn.yiwang.id.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.server.test.ChromeBrowser;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.TestAccounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.springframework.beans.factory.annotation.Autowired;

/** The sign-in page in a real browser (Chromium) at a phone's width, used with the keyboard only. */
class LoginPageBrowserTests extends IntegrationTestSupport {

    @RegisterExtension
    static final ChromeBrowser PHONE = new ChromeBrowser(375, 812);

    @Autowired
    AccountRepository accounts;

    @AfterAll
    static void closeBrowser() {
        PHONE.close();
    }

    @Test
    void loginPageWhenPhoneWidthThenFitsAndKeyboardSignsIn() {
        Account account = TestAccounts.create(this.accounts);
        WebDriver driver = PHONE.driver();
        driver.manage().deleteAllCookies();
        driver.get(ISSUER + "/login?lang=en");

        assertThat(driver.findElement(By.tagName("html")).getDomAttribute("lang"))
                .isEqualTo("en");
        long pageWidth =
                (Long) ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollWidth;");
        long viewport = (Long) ((JavascriptExecutor) driver).executeScript("return window.innerWidth;");
        assertThat(pageWidth).as("no horizontal scrolling at 375 px").isLessThanOrEqualTo(viewport);

        // The user name field has the focus; typing, Tab, typing and Enter sign in.
        assertThat(driver.switchTo().activeElement().getDomAttribute("id")).isEqualTo("username");
        driver.switchTo().activeElement().sendKeys(account.username());
        driver.switchTo().activeElement().sendKeys(Keys.TAB);
        assertThat(driver.switchTo().activeElement().getDomAttribute("id")).isEqualTo("password");
        driver.switchTo().activeElement().sendKeys(TestAccounts.PASSWORD, Keys.ENTER);

        PHONE.await((d) -> !d.getCurrentUrl().contains("/login"));
        assertThat(driver.manage().getCookieNamed("YIWANG_SSO")).isNotNull();
    }
}
