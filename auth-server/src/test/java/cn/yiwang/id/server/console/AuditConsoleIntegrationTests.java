package cn.yiwang.id.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.test.Browser;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.TestAdministrators;
import java.io.IOException;
import java.time.Instant;
import java.util.UUID;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The console's audit trail and dashboard: the audit administrator reads the other administrators' actions with
 * their names, filters, exports and verifies the chain; the system administrator gets the 403 page (audited);
 * the dashboard is for the holders of CONFIG_READ.
 */
class AuditConsoleIntegrationTests extends IntegrationTestSupport {

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private AuditLog audit;

    @Test
    void auditPageWhenSystemAdministratorThen403AndTheAuditAdministratorSeesThatAttemptWithTheName()
            throws IOException {
        try (Browser system = new Browser()) {
            TestAdministrators.signIn(system, ISSUER, this.jdbc, TestAdministrators.SYSTEM);
            Page denied = system.open(ISSUER + "/admin/audit");
            assertThat(denied.getWebResponse().getStatusCode()).isEqualTo(403);
            assertThat(system.open(ISSUER + "/admin/api/audit/verify")
                            .getWebResponse()
                            .getStatusCode())
                    .isIn(401, 403);
        }
        try (Browser auditor = new Browser()) {
            HtmlPage home = (HtmlPage) TestAdministrators.signIn(auditor, ISSUER, this.jdbc, TestAdministrators.AUDIT);
            assertThat(home.getElementById("nav-audit")).isNotNull();

            HtmlPage page = (HtmlPage) auditor.open(ISSUER + "/admin/audit?actor=admin:sysadmin&action=admin.denied");

            assertThat(page.getWebResponse().getStatusCode()).isEqualTo(200);
            assertThat(page.getElementById("audit-events").asNormalizedText())
                    .contains("admin.denied")
                    .contains("admin:sysadmin");
            assertThat(page.getElementById("filter-actor").getAttribute("value"))
                    .isEqualTo("admin:sysadmin");

            HtmlPage verified = ((HtmlButton) page.getElementById("audit-verify")).click();
            assertThat(verified.getElementById("verify-result").asNormalizedText())
                    .startsWith("哈希链完整");
            assertThat(lastActor("audit.verified")).isEqualTo("admin:auditadmin");
        }
    }

    @Test
    void exportWhenFilteredThenOnlyThoseRowsMaskedAndTheExportIsAudited() throws IOException {
        String target = "acct-" + UUID.randomUUID();
        this.audit.record(new AuditEvent(
                Instant.now(), "test.console", "admin:tester", target, null, null, "success", "+phone 13900001111"));
        try (Browser auditor = new Browser()) {
            TestAdministrators.signIn(auditor, ISSUER, this.jdbc, TestAdministrators.AUDIT);
            HtmlPage page = (HtmlPage) auditor.open(ISSUER + "/admin/audit?target=" + target);
            assertThat(page.getElementById("audit-events").asNormalizedText()).contains("+phone 139****1111");

            Page csv = ((HtmlAnchor) page.getElementById("export-csv")).click();

            String body = csv.getWebResponse().getContentAsString();
            assertThat(body.lines().toList()).hasSize(2);
            assertThat(body).contains("\"'+phone 139****1111\"").doesNotContain("13900001111");
            assertThat(lastActor("audit.exported")).isEqualTo("admin:auditadmin");
        }
    }

    @Test
    void auditPageWhenTimeInvalidThenMessageBesideTheFieldAndInputKept() throws IOException {
        try (Browser auditor = new Browser()) {
            TestAdministrators.signIn(auditor, ISSUER, this.jdbc, TestAdministrators.AUDIT);
            HtmlPage page = (HtmlPage) auditor.open(ISSUER + "/admin/audit?from=yesterday&actor=admin:x");

            assertThat(page.getElementById("filter-from-error").getTextContent())
                    .isEqualTo("请输入有效的日期和时间。");
            assertThat(page.getElementById("filter-from").getAttribute("aria-invalid"))
                    .isEqualTo("true");
            assertThat(page.getElementById("filter-actor").getAttribute("value"))
                    .isEqualTo("admin:x");
        }
    }

    @Test
    void dashboardWhenConfigReaderThenLiveFiguresElseForbidden() throws IOException {
        try (Browser auditor = new Browser()) {
            TestAdministrators.signIn(auditor, ISSUER, this.jdbc, TestAdministrators.AUDIT);
            HtmlPage dashboard = (HtmlPage) auditor.open(ISSUER + "/admin/dashboard?lang=en");

            assertThat(dashboard.getWebResponse().getStatusCode()).isEqualTo(200);
            assertThat(dashboard.getElementById("method-heading").getTextContent())
                    .isEqualTo("Sign-ins in the last minute, by method");
            assertThat(dashboard.getElementById("health-heading")).isNotNull();
        }
        try (Browser security = new Browser()) {
            HtmlPage home =
                    (HtmlPage) TestAdministrators.signIn(security, ISSUER, this.jdbc, TestAdministrators.SECURITY);
            assertThat(home.getElementById("nav-dashboard")).isNull();
            assertThat(security.open(ISSUER + "/admin/dashboard")
                            .getWebResponse()
                            .getStatusCode())
                    .isEqualTo(403);
        }
    }

    private String lastActor(String type) {
        return this.jdbc
                .sql("SELECT actor FROM audit_event WHERE event_type = ? ORDER BY id DESC LIMIT 1")
                .param(type)
                .query(String.class)
                .single();
    }
}
