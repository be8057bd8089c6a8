package cn.yiwang.id.server.test;

import cn.yiwang.id.account.totp.Base32;
import cn.yiwang.id.account.totp.Totp;
import java.io.IOException;
import java.time.Instant;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The demonstration administrators the tests sign in as (seeded by {@code yiwang.admin.demo-administrators}), and
 * the TOTP codes they type. A code is accepted once per 30-second step and administrator, so the next code is the
 * first step after the last one used (one step ahead is accepted for clock drift); when even that is used, the
 * helper waits for the clock to reach the next step.
 */
public final class TestAdministrators {

    public static final String SYSTEM = "sysadmin";

    public static final String SECURITY = "secadmin";

    public static final String AUDIT = "auditadmin";

    public static final String PASSWORD = "Admin@2026!";

    public static final String TOTP_SECRET = "JBSWY3DPEHPK3PXP";

    private TestAdministrators() {}

    /** A code of the seeded secret that the server will accept now for this administrator. */
    public static String nextCode(JdbcClient jdbc, String username) {
        return nextCode(jdbc, username, TOTP_SECRET);
    }

    /** A code of a secret (base32) that the server will accept now for this administrator. */
    public static synchronized String nextCode(JdbcClient jdbc, String username, String secret) {
        long last = jdbc.sql("select totp_last_step from administrators where username = ?")
                .param(username)
                .query(Long.class)
                .single();
        long now = Totp.step(Instant.now());
        long step = Math.max(now - 1, last + 1);
        while (step > Totp.step(Instant.now()) + 1) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
        return Totp.code(Base32.decode(secret), step);
    }

    /**
     * Signs in to the console in this browser with the seeded password and the next TOTP code.
     * @return the page after sign-in (the console home, or the page that was asked for)
     */
    public static Page signIn(Browser browser, String issuer, JdbcClient jdbc, String username) throws IOException {
        HtmlPage login = (HtmlPage) browser.open(issuer + "/admin/login");
        Page next = password(login, username, PASSWORD);
        return code((HtmlPage) next, nextCode(jdbc, username));
    }

    /** Submits the sign-in page's first step. */
    public static Page password(HtmlPage login, String username, String password) throws IOException {
        HtmlForm form = login.getForms().stream()
                .filter((f) -> f.getActionAttribute().endsWith("/admin/login"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No console sign-in form on " + login.getUrl()));
        form.getInputByName("username").setValue(username);
        form.getInputByName("password").setValue(password);
        return form.getOneHtmlElementByAttribute("button", "type", "submit").click();
    }

    /** Submits a code on the code page (or the enrolment page). */
    public static Page code(HtmlPage page, String code) throws IOException {
        HtmlForm form = page.getForms().stream()
                .filter((f) -> f.getActionAttribute().contains("/admin/login/"))
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("No code form on " + page.getUrl() + ": " + page.asNormalizedText()));
        form.getInputByName("code").setValue(code);
        return form.getOneHtmlElementByAttribute("button", "type", "submit").click();
    }
}
