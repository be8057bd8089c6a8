package cn.yiwang.id.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.totp.Base32;
import cn.yiwang.id.account.totp.Totp;
import cn.yiwang.id.server.permission.AdminRole;
import cn.yiwang.id.server.test.Browser;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.TestAdministrators;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.http.Cookie;
import org.htmlunit.util.NameValuePair;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The console's sign-in: password then TOTP, enrolment at the first sign-in, lockout, the Redis session and its
 * cookie, sign-out, the 403 page with its audit event, and a form kept across an ended session.
 */
class AdminSignInIntegrationTests extends IntegrationTestSupport {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    AdministratorRepository administrators;

    @Autowired
    @Qualifier("accountPasswordEncoder")
    PasswordEncoder passwords;

    @Test
    void signInWhenPasswordAndCodeRightThenHomeShowsRoleAndSessionCookieIsStrict() throws IOException {
        try (Browser browser = new Browser()) {
            HtmlPage home =
                    (HtmlPage) TestAdministrators.signIn(browser, ISSUER, this.jdbc, TestAdministrators.SECURITY);

            assertThat(home.getUrl().getPath()).isEqualTo("/admin");
            assertThat(home.getElementById("signed-in-role").getTextContent()).isEqualTo("安全管理员");
            assertThat(home.getElementById("nav-administrators")).isNotNull();
            assertThat(home.getElementById("nav-audit")).isNull();
            Cookie session = browser.client().getCookieManager().getCookie("YIWANG_ADMIN");
            assertThat(session.isHttpOnly()).isTrue();
            assertThat(session.getPath()).isEqualTo("/admin");
            assertThat(session.getSameSite()).isEqualToIgnoringCase("Strict");
            String key = AdminSessionStore.SESSION_PREFIX + AdminSessionStore.digest(session.getValue());
            // the idle timeout (15 minutes by default) is the key's time to live, restarted by each request
            assertThat(this.redis.getExpire(key)).isBetween(1L, 900L);
            assertThat(lastEvent("admin.signin", TestAdministrators.SECURITY)).isEqualTo("success");
        }
    }

    @Test
    void signInWhenCodeWrongThenCodePageAgainAndNoSession() throws IOException {
        try (Browser browser = new Browser()) {
            HtmlPage code = (HtmlPage) TestAdministrators.password(
                    (HtmlPage) browser.open(ISSUER + "/admin/login"),
                    TestAdministrators.AUDIT,
                    TestAdministrators.PASSWORD);
            HtmlPage again = (HtmlPage) TestAdministrators.code(code, wrongCode());

            assertThat(again.getElementById("code-error")).isNotNull();
            assertThat(browser.client().getCookieManager().getCookie("YIWANG_ADMIN"))
                    .isNull();
        }
    }

    @Test
    void signInWhenNameUnknownThenSameAnswerAsAWrongPasswordAndAudited() throws IOException {
        try (Browser browser = new Browser()) {
            HtmlPage page = (HtmlPage) TestAdministrators.password(
                    (HtmlPage) browser.open(ISSUER + "/admin/login"), "nobody-here", TestAdministrators.PASSWORD);

            assertThat(page.getElementById("login-error").getTextContent()).contains("用户名或密码不正确");
            assertThat(this.jdbc
                            .sql("select detail from audit_event where event_type = 'admin.signin' "
                                    + "and actor = 'anonymous' order by id desc limit 1")
                            .query(String.class)
                            .single())
                    .isEqualTo("unknown or disabled administrator 'nobody-here'");
        }
    }

    @Test
    void signInWhenPasswordWrongTooOftenThenLockedEvenWithTheRightPassword() throws IOException {
        String name = newAdministrator();
        try (Browser browser = new Browser()) {
            HtmlPage page = (HtmlPage) browser.open(ISSUER + "/admin/login");
            for (int i = 0; i < 5; i++) {
                page = (HtmlPage) TestAdministrators.password(page, name, "wrong password");
            }
            assertThat(page.getElementById("login-error").getTextContent()).contains("锁定");
            page = (HtmlPage) TestAdministrators.password(page, name, TestAdministrators.PASSWORD);

            assertThat(page.getUrl().getPath()).isEqualTo("/admin/login");
            assertThat(page.getElementById("login-error").getTextContent()).contains("锁定");
            assertThat(this.administrators.find(name).orElseThrow().lockedUntil())
                    .isAfter(Instant.now());
            assertThat(lastEvent("admin.locked", name)).isEqualTo("failed");
        }
    }

    @Test
    void firstSignInWhenNotEnrolledThenEnrolsAuthenticatorAndSignsIn() throws IOException {
        String name = newAdministrator();
        try (Browser browser = new Browser()) {
            HtmlPage enrol = (HtmlPage) TestAdministrators.password(
                    (HtmlPage) browser.open(ISSUER + "/admin/login"), name, TestAdministrators.PASSWORD);
            assertThat(enrol.getUrl().getPath()).isEqualTo("/admin/login/enrol");
            String secret = enrol.getElementById("totp-secret").getTextContent();
            assertThat(enrol.getElementById("totp-uri").getTextContent()).startsWith("otpauth://totp/");
            assertThat(enrol.asXml()).contains("<svg");

            HtmlPage home =
                    (HtmlPage) TestAdministrators.code(enrol, TestAdministrators.nextCode(this.jdbc, name, secret));

            assertThat(home.getUrl().getPath()).isEqualTo("/admin");
            Administrator enrolled = this.administrators.find(name).orElseThrow();
            assertThat(enrolled.totpEnrolled()).isTrue();
            assertThat(enrolled.totpSecretEncrypted()).doesNotContain(secret);
        }
    }

    @Test
    void pageWhenRoleLacksPermissionThen403PageAndDeniedEvent() throws IOException {
        try (Browser browser = new Browser()) {
            TestAdministrators.signIn(browser, ISSUER, this.jdbc, TestAdministrators.SYSTEM);
            Page denied = browser.open(ISSUER + "/admin/administrators");

            assertThat(denied.getWebResponse().getStatusCode()).isEqualTo(403);
            assertThat(((HtmlPage) denied).getElementById("denied-heading").getTextContent())
                    .isEqualTo("无权访问");
            assertThat(lastEvent("admin.denied", TestAdministrators.SYSTEM)).isEqualTo("denied");
        }
    }

    @Test
    void pageWhenNotSignedInThenSignInThenBackToThatPage() throws IOException {
        try (Browser browser = new Browser()) {
            HtmlPage login = (HtmlPage) browser.open(ISSUER + "/admin/administrators?q=x");
            assertThat(login.getUrl().getPath()).isEqualTo("/admin/login");
            Page next = TestAdministrators.password(login, TestAdministrators.SECURITY, TestAdministrators.PASSWORD);
            Page after = TestAdministrators.code(
                    (HtmlPage) next, TestAdministrators.nextCode(this.jdbc, TestAdministrators.SECURITY));

            assertThat(after.getUrl().getPath()).isEqualTo("/admin/administrators");
            assertThat(after.getUrl().getQuery()).isEqualTo("q=x");
        }
    }

    @Test
    void formWhenSessionEndedMeanwhileThenKeptAndOfferedAgainAfterSignIn() throws IOException {
        try (Browser browser = new Browser()) {
            HtmlPage home =
                    (HtmlPage) TestAdministrators.signIn(browser, ISSUER, this.jdbc, TestAdministrators.SECURITY);
            String csrf = home.getElementsByName("_csrf").get(0).getAttribute("value");
            endSessionsOf(TestAdministrators.SECURITY);

            WebRequest post = new WebRequest(
                    java.net.URI.create(ISSUER + "/admin/administrators").toURL(), HttpMethod.POST);
            post.setCharset(java.nio.charset.StandardCharsets.UTF_8);
            post.setRequestParameters(List.of(
                    new NameValuePair("_csrf", csrf),
                    new NameValuePair("username", "half-filled"),
                    new NameValuePair("displayName", "王五"),
                    new NameValuePair("password", "never kept")));
            HtmlPage login = browser.client().getPage(post);
            assertThat(login.getUrl().getPath()).isEqualTo("/admin/login");
            assertThat(login.getElementById("form-kept")).isNotNull();

            Page next = TestAdministrators.password(login, TestAdministrators.SECURITY, TestAdministrators.PASSWORD);
            HtmlPage resume = (HtmlPage) TestAdministrators.code(
                    (HtmlPage) next, TestAdministrators.nextCode(this.jdbc, TestAdministrators.SECURITY));

            assertThat(resume.getUrl().getPath()).isEqualTo("/admin/resume");
            assertThat(resume.getElementById("resume-form").getAttribute("action"))
                    .isEqualTo("/admin/administrators");
            assertThat(resume.asNormalizedText()).contains("half-filled", "王五").doesNotContain("never kept");
            assertThat(resume.getElementById("kept-password")).isNotNull();
        }
    }

    @Test
    void signOutWhenPostedThenSessionEndsAndConsoleAsksToSignIn() throws IOException {
        try (Browser browser = new Browser()) {
            HtmlPage home = (HtmlPage) TestAdministrators.signIn(browser, ISSUER, this.jdbc, TestAdministrators.AUDIT);
            HtmlPage out = home.getHtmlElementById("admin-sign-out").click();

            assertThat(out.getUrl().getPath()).isEqualTo("/admin/login");
            assertThat(out.getUrl().getQuery()).isEqualTo("loggedOut");
            HtmlPage again = (HtmlPage) browser.open(ISSUER + "/admin");
            assertThat(again.getUrl().getPath()).isEqualTo("/admin/login");
        }
    }

    private String newAdministrator() {
        String name = "adm-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        this.administrators.insert(new Administrator(
                name,
                "测试管理员",
                AdminRole.SYSTEM,
                this.passwords.encode(TestAdministrators.PASSWORD),
                null,
                false,
                0,
                0,
                null,
                true,
                1,
                now,
                "test",
                now));
        return name;
    }

    private void endSessionsOf(String username) {
        this.redis.delete(this.redis.keys(AdminSessionStore.SESSION_PREFIX + "*").stream()
                .filter((key) -> username.equals(sessionUser(key)))
                .toList());
    }

    private String sessionUser(String key) {
        String value = this.redis.opsForValue().get(key);
        return (value == null) ? null : value.substring(0, value.lastIndexOf('|'));
    }

    private String lastEvent(String type, String username) {
        return this.jdbc
                .sql("select outcome from audit_event where event_type = ? and actor = ? order by id desc limit 1")
                .params(type, "admin:" + username)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    // a code of none of the steps the server accepts now
    private static String wrongCode() {
        byte[] secret = Base32.decode(TestAdministrators.TOTP_SECRET);
        long now = Totp.step(Instant.now());
        for (int candidate = 0; ; candidate++) {
            String code = String.format("%06d", candidate);
            if (!code.equals(Totp.code(secret, now - 1))
                    && !code.equals(Totp.code(secret, now))
                    && !code.equals(Totp.code(secret, now + 1))
                    && !code.equals(Totp.code(secret, now + 2))) {
                return code;
            }
        }
    }
}
