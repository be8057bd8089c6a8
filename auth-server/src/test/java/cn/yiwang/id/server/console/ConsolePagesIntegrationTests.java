package cn.yiwang.id.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.account.AccountStatus;
import cn.yiwang.id.account.realname.AssuranceEvidence;
import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.account.realname.RealNameRegistry;
import cn.yiwang.id.account.realname.VerifiedIdentity;
import cn.yiwang.id.federation.registry.IdentityProviderAdministration;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.client.ClientAdministration;
import cn.yiwang.id.server.test.Browser;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.TestAccounts;
import cn.yiwang.id.server.test.TestAdministrators;
import cn.yiwang.id.server.test.TestPeople;
import cn.yiwang.id.server.test.TestProvincialIdp;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlRadioButtonInput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The console pages of accounts, identity providers and relying parties through a real (HtmlUnit) browser
 * signed in as the seeded administrators: masked search, lock through the confirm step with its diff, the 412
 * page on a concurrent change, field messages in zh-CN with the input kept, test connection, a client's
 * secret shown once, and a role kept out of what it may not do.
 */
class ConsolePagesIntegrationTests extends IntegrationTestSupport {

    private static TestProvincialIdp province;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AccountRepository accounts;

    @Autowired
    RealNameRegistry realNames;

    @Autowired
    AuditLog audit;

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
    }

    @Test
    void accountsWhenSearchedByIdNumberThenMaskedAndLockedThroughTheConfirmStep() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        TestPeople.Person person = TestPeople.known();
        this.realNames.recordIdentity(
                account.id(),
                new VerifiedIdentity("RESIDENT_ID_CARD", person.number(), person.name()),
                new AssuranceEvidence(AssuranceLevel.L2, "name-number", "sandbox", null, null, Instant.now()));
        try (Browser browser = new Browser()) {
            TestAdministrators.signIn(browser, ISSUER, this.jdbc, TestAdministrators.SECURITY);
            HtmlPage search = (HtmlPage) browser.open(ISSUER + "/admin/accounts");
            ((HtmlRadioButtonInput) search.getElementById("by-idNumber")).setChecked(true);
            HtmlPage results = submit(search, "account-search", "q", person.number());

            assertThat(results.getUrl().getPath())
                    .as("posted: the number is in no URL")
                    .isEqualTo("/admin/accounts/search");
            String text = results.getElementById("results").asNormalizedText();
            assertThat(text)
                    .contains(account.username(), person.number().substring(0, 4) + "**********")
                    .doesNotContain(person.number().substring(4, 14));
            assertThat(results.asXml()).doesNotContain(person.number());

            HtmlPage detail = results.getAnchorByText(account.username()).click();
            assertThat(detail.getElementById("status").getTextContent()).isEqualTo("正常");
            HtmlPage confirm = ((org.htmlunit.html.HtmlAnchor) detail.getElementById("lock")).click();
            assertThat(confirm.getElementById("diff").asNormalizedText()).contains("状态", "正常", "已锁定");
            assertThat(this.accounts.findById(account.id()).orElseThrow().status())
                    .as("nothing changes before the confirmation")
                    .isEqualTo(AccountStatus.ACTIVE);

            HtmlPage done = ((org.htmlunit.html.HtmlButton) confirm.getElementById("confirm")).click();
            assertThat(done.getElementById("done").getTextContent()).contains("已锁定");
            assertThat(done.getElementById("status").getTextContent()).isEqualTo("已锁定");
            assertThat(this.accounts.findById(account.id()).orElseThrow().status())
                    .isEqualTo(AccountStatus.LOCKED);
            assertThat(this.audit.forAccount(account.id().toString(), 10))
                    .filteredOn((e) -> e.type().equals("account.locked"))
                    .extracting(AuditEvent::actor)
                    .containsExactly("admin:" + TestAdministrators.SECURITY);
        }
    }

    @Test
    void accountsWhenChangedBetweenConfirmAndSaveThen412PageShowsWhatChangedAndOffersReload() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        try (Browser browser = new Browser()) {
            TestAdministrators.signIn(browser, ISSUER, this.jdbc, TestAdministrators.SECURITY);
            HtmlPage confirm = (HtmlPage) browser.open(ISSUER + "/admin/accounts/" + account.id() + "/lock");

            // another administrator locks it meanwhile
            Account current = this.accounts.findById(account.id()).orElseThrow();
            this.accounts.updateStatusIfUnchanged(account.id(), AccountStatus.LOCKED, current.updatedAt());

            Page answer = ((org.htmlunit.html.HtmlButton) confirm.getElementById("confirm")).click();
            assertThat(answer.getWebResponse().getStatusCode()).isEqualTo(412);
            HtmlPage conflict = (HtmlPage) answer;
            assertThat(conflict.getElementById("changes").asNormalizedText()).contains("正常", "已锁定");
            assertThat(conflict.getElementById("reload").getAttribute("href"))
                    .isEqualTo("/admin/accounts/" + account.id());
        }
    }

    @Test
    void identityProvidersWhenFormInvalidThenZhMessageBesideFieldInputKeptThenCreatedAndTested() throws Exception {
        String alias = "pg-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        try (Browser browser = new Browser()) {
            TestAdministrators.signIn(browser, ISSUER, this.jdbc, TestAdministrators.SYSTEM);
            HtmlPage form = (HtmlPage) browser.open(ISSUER + "/admin/identity-providers/new");
            fill(form, "alias", alias);
            fill(form, "displayNameZh", "测试浙江");
            fill(form, "displayNameEn", "Test Zhejiang");
            fill(form, "regionCode", "330000");
            fill(form, "issuer", "ftp://not-an-issuer");
            fill(form, "clientId", TestProvincialIdp.CLIENT_ID);
            fill(form, "clientSecret", TestProvincialIdp.CLIENT_SECRET);
            HtmlPage invalid = click(form, "save");

            assertThat(invalid.getElementById("issuer-error").getTextContent()).contains("https");
            assertThat(invalid.getElementById("issuer-error").getTextContent())
                    .as("a zh-CN page speaks Chinese")
                    .matches(".*[\\u4e00-\\u9fff].*");
            assertThat(invalid.getElementById("issuer").getAttribute("aria-invalid"))
                    .isEqualTo("true");
            assertThat(invalid.getElementById("alias").getAttribute("value")).isEqualTo(alias);
            assertThat(invalid.getElementById("clientSecret").getAttribute("value"))
                    .as("a secret is never sent back")
                    .isEmpty();

            fill(invalid, "issuer", province.issuer());
            fill(invalid, "clientSecret", TestProvincialIdp.CLIENT_SECRET);
            HtmlPage confirm = click(invalid, "save");
            String diff = confirm.getElementById("diff").asNormalizedText();
            assertThat(diff)
                    .contains(alias, province.issuer(), "已更改（不显示）")
                    .doesNotContain(TestProvincialIdp.CLIENT_SECRET);
            assertThat(this.identityProviders.find(alias)).isEmpty();

            HtmlPage detail = click(confirm, "confirm");
            assertThat(detail.getUrl().getPath()).isEqualTo("/admin/identity-providers/" + alias);
            assertThat(this.identityProviders.find(alias)).isPresent();

            HtmlPage tested = click(detail, "test-connection");
            assertThat(tested.getElementById("findings").asNormalizedText()).contains("已取得发现文档", "已取得签名公钥");
        } finally {
            this.identityProviders.delete(alias, null, "test");
        }
    }

    @Test
    void identityProviderWhenEditedConcurrentlyThen412WithTheOtherChange() throws Exception {
        String alias = "pe-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        try (Browser browser = new Browser()) {
            TestAdministrators.signIn(browser, ISSUER, this.jdbc, TestAdministrators.SYSTEM);
            HtmlPage form = (HtmlPage) browser.open(ISSUER + "/admin/identity-providers/new");
            fill(form, "alias", alias);
            fill(form, "displayNameZh", "测试浙江");
            fill(form, "displayNameEn", "Test Zhejiang");
            fill(form, "regionCode", "330000");
            fill(form, "issuer", province.issuer());
            fill(form, "clientId", TestProvincialIdp.CLIENT_ID);
            fill(form, "clientSecret", TestProvincialIdp.CLIENT_SECRET);
            click(click(form, "save"), "confirm");

            HtmlPage edit = (HtmlPage) browser.open(ISSUER + "/admin/identity-providers/" + alias + "/edit");
            fill(edit, "displayNameEn", "Mine");
            HtmlPage confirm = click(edit, "save");
            var stored = this.identityProviders.find(alias).orElseThrow();
            this.identityProviders.update(renamed(stored.provider(), "Theirs"), stored.version(), "admin:other");

            Page answer = ((org.htmlunit.html.HtmlButton) confirm.getElementById("confirm")).click();
            assertThat(answer.getWebResponse().getStatusCode()).isEqualTo(412);
            assertThat(((HtmlPage) answer).getElementById("changes").asNormalizedText())
                    .contains("Mine", "Theirs");
            assertThat(this.identityProviders
                            .find(alias)
                            .orElseThrow()
                            .provider()
                            .displayNameEn())
                    .isEqualTo("Theirs");
        } finally {
            this.identityProviders.delete(alias, null, "test");
        }
    }

    @Test
    void clientsWhenCreatedThroughThePagesThenSecretShownOnceAndAudited() throws Exception {
        String clientId = "pg-client-" + UUID.randomUUID().toString().substring(0, 8);
        try (Browser browser = new Browser()) {
            TestAdministrators.signIn(browser, ISSUER, this.jdbc, TestAdministrators.SYSTEM);
            HtmlPage form = (HtmlPage) browser.open(ISSUER + "/admin/clients/new");
            fill(form, "clientId", clientId);
            fill(form, "clientName", "测试应用");
            ((org.htmlunit.html.HtmlTextArea) form.getElementById("redirectUris"))
                    .setText("http://127.0.0.1:9999/callback");
            HtmlPage confirm = click(form, "save");
            assertThat(confirm.getElementById("diff"))
                    .as(confirm.asNormalizedText())
                    .isNotNull();
            assertThat(confirm.getElementById("diff").asNormalizedText())
                    .contains(clientId, "http://127.0.0.1:9999/callback");

            HtmlPage created = click(confirm, "confirm");
            assertThat(created.getElementById("client-secret").getTextContent()).hasSizeGreaterThan(30);
            assertThat(created.getWebResponse().getResponseHeaderValue("Cache-Control"))
                    .contains("no-store");
            assertThat(this.clients.find(clientId)).isPresent();

            HtmlPage again = (HtmlPage) browser.open(ISSUER + "/admin/clients/" + clientId);
            assertThat(again.getElementById("client-secret")).isNull();
        } finally {
            this.clients.delete(clientId, null, "test");
        }
    }

    @Test
    void accountsWhenSystemAdministratorThen403() throws Exception {
        try (Browser browser = new Browser()) {
            TestAdministrators.signIn(browser, ISSUER, this.jdbc, TestAdministrators.SYSTEM);
            Page denied = browser.open(ISSUER + "/admin/accounts");
            assertThat(denied.getWebResponse().getStatusCode()).isEqualTo(403);
            Page auditorForm = browser.open(ISSUER + "/admin/identity-providers/new");
            assertThat(auditorForm.getWebResponse().getStatusCode()).isEqualTo(200);
        }
        try (Browser browser = new Browser()) {
            TestAdministrators.signIn(browser, ISSUER, this.jdbc, TestAdministrators.AUDIT);
            assertThat(browser.open(ISSUER + "/admin/identity-providers")
                            .getWebResponse()
                            .getStatusCode())
                    .isEqualTo(200);
            assertThat(browser.open(ISSUER + "/admin/identity-providers/new")
                            .getWebResponse()
                            .getStatusCode())
                    .as("a form that only writes")
                    .isEqualTo(403);
        }
    }

    private static cn.yiwang.id.federation.IdentityProvider renamed(
            cn.yiwang.id.federation.IdentityProvider p, String displayNameEn) {
        return new cn.yiwang.id.federation.IdentityProvider(
                p.alias(),
                p.displayNameZh(),
                displayNameEn,
                p.regionCode(),
                p.protocol(),
                p.issuer(),
                p.clientId(),
                p.clientSecret(),
                p.clientAuthentication(),
                p.scopes(),
                p.claimMappings(),
                p.trustLevel(),
                p.enabled(),
                p.shownOnLoginPage(),
                p.order(),
                p.updatedAt(),
                p.saml());
    }

    private static void fill(HtmlPage page, String id, String value) {
        ((org.htmlunit.html.HtmlInput) page.getElementById(id)).setValue(value);
    }

    private static HtmlPage click(HtmlPage page, String id) throws Exception {
        return ((org.htmlunit.html.HtmlButton) page.getElementById(id)).click();
    }

    private static HtmlPage submit(HtmlPage page, String formId, String field, String value) throws Exception {
        HtmlForm form = (HtmlForm) page.getElementById(formId);
        form.getInputByName(field).setValue(value);
        return form.getOneHtmlElementByAttribute("button", "type", "submit").click();
    }
}
