package cn.yiwang.id.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.account.NewAccount;
import cn.yiwang.id.account.delegation.AgentDelegations;
import cn.yiwang.id.account.delegation.CommunityAgent;
import cn.yiwang.id.account.delegation.CommunityAgents;
import cn.yiwang.id.account.delegation.DelegationStatus;
import cn.yiwang.id.server.test.ChromeBrowser;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.TestAccounts;
import cn.yiwang.id.server.test.TestPeople;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.springframework.beans.factory.annotation.Autowired;

/** The citizen's approval of a community agent, on their phone (Chromium at 375 px), with the keyboard only. */
class DelegationApprovalBrowserTests extends IntegrationTestSupport {

    @RegisterExtension
    static final ChromeBrowser PHONE = new ChromeBrowser(375, 812);

    @Autowired
    AccountRepository accounts;

    @Autowired
    CommunityAgents agents;

    @Autowired
    AgentDelegations delegations;

    @AfterAll
    static void closeBrowser() {
        PHONE.close();
    }

    @Test
    void approvalPageWhenPhoneWidthThenFitsSaysWhoAndWhatAndKeyboardApproves() {
        Account agentAccount = TestAccounts.create(this.accounts);
        Account citizen = this.accounts.create(new NewAccount(
                "it-c-" + UUID.randomUUID().toString().substring(0, 8), TestPeople.phone(), TestAccounts.PASSWORD));
        CommunityAgent agent = this.agents.flag(agentAccount.id(), "310101", "admin:test");
        AgentDelegations.Requested requested =
                this.delegations.request(agent, citizen.id(), List.of("openid", "profile"), Duration.ofHours(3));
        WebDriver driver = PHONE.driver();
        driver.manage().deleteAllCookies();

        driver.get(ISSUER + "/delegation/approve/" + requested.approvalToken() + "?lang=en");

        long pageWidth =
                (Long) ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollWidth;");
        long viewport = (Long) ((JavascriptExecutor) driver).executeScript("return window.innerWidth;");
        assertThat(pageWidth).as("no horizontal scrolling at 375 px").isLessThanOrEqualTo(viewport);
        assertThat(driver.findElement(By.id("request")).getText()).contains("310101");
        assertThat(driver.findElement(By.id("scopes")).getText())
                .contains("openid profile")
                .contains("3");

        driver.findElement(By.id("approve")).sendKeys(Keys.ENTER);

        PHONE.await((d) -> !d.findElements(By.id("approved")).isEmpty());
        assertThat(this.delegations
                        .find(requested.delegation().id())
                        .orElseThrow()
                        .status())
                .isEqualTo(DelegationStatus.ACTIVE);
    }
}
