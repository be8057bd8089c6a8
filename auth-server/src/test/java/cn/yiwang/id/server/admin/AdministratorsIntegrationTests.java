package cn.yiwang.id.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.server.test.Browser;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.RawHttp;
import cn.yiwang.id.server.test.TestAdministrators;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlSelect;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Administrators managed through the API ({@code /admin/api/administrators}) and the console pages: fields named
 * in problems, {@code If-Match} required and checked, no one changing their own role, confirmation with the diff,
 * the 412 page of a second save, and the audit trail naming who did it.
 */
class AdministratorsIntegrationTests extends IntegrationTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    JdbcClient jdbc;

    @Test
    void apiWhenCreatedThenChangedWithIfMatchThenEachStepAnsweredAndAudited() throws Exception {
        String token = token("test-admin-admins", "yiwang.admin.admins");
        String name = "api-" + UUID.randomUUID().toString().substring(0, 8);

        HttpResponse<String> created = send(
                "POST",
                "/admin/api/administrators",
                token,
                null,
                "{\"username\":\"" + name
                        + "\",\"displayName\":\"李四\",\"role\":\"SYSTEM\",\"password\":\"Admin@2026!xyz\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(created.body()).contains("\"totpEnrolled\":false").doesNotContain("password");

        HttpResponse<String> noIfMatch = send(
                "PUT",
                "/admin/api/administrators/" + name,
                token,
                null,
                "{\"displayName\":\"李四\",\"role\":\"AUDIT\",\"enabled\":true}");
        assertThat(noIfMatch.statusCode()).isEqualTo(428);

        HttpResponse<String> changed = send(
                "PUT",
                "/admin/api/administrators/" + name,
                token,
                "\"1\"",
                "{\"displayName\":\"李四\",\"role\":\"AUDIT\",\"enabled\":true}");
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).contains("\"role\":\"AUDIT\"");

        HttpResponse<String> stale = send(
                "PUT",
                "/admin/api/administrators/" + name,
                token,
                "\"1\"",
                "{\"displayName\":\"李四\",\"role\":\"SYSTEM\",\"enabled\":true}");
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(stale.headers().firstValue("ETag")).hasValue("\"2\"");

        assertThat(this.jdbc
                        .sql("select detail from audit_event where event_type = 'admin.updated' "
                                + "and actor = 'admin:test-admin-admins' order by id desc limit 1")
                        .query(String.class)
                        .single())
                .isEqualTo(name + ": role SYSTEM -> AUDIT");
    }

    @Test
    void apiWhenAuditScopeTriesAChangeThen403AndDeniedEvent() throws Exception {
        String token = token("test-admin-audit", "yiwang.admin.audit");

        HttpResponse<String> list = send("GET", "/admin/api/administrators", token, null, "");
        HttpResponse<String> denied = send("POST", "/admin/api/administrators", token, null, "{}");

        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(this.jdbc
                        .sql("select detail from audit_event where event_type = 'admin.denied' "
                                + "and actor = 'test-admin-audit' order by id desc limit 1")
                        .query(String.class)
                        .single())
                .isEqualTo("POST /admin/api/administrators");
    }

    @Test
    void apiWhenInvalidThenProblemNamesEachField() throws Exception {
        String token = token("test-admin-admins", "yiwang.admin.admins");

        HttpResponse<String> invalid = send(
                "POST",
                "/admin/api/administrators",
                token,
                null,
                "{\"username\":\"X\",\"displayName\":\"\",\"role\":\"ROOT\",\"password\":\"short\"}");

        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        @SuppressWarnings("unchecked")
        List<Map<String, String>> errors =
                (List<Map<String, String>>) RawHttp.json(invalid).get("errors");
        assertThat(errors)
                .extracting((error) -> error.get("field"))
                .containsExactly("username", "displayName", "role", "password");
    }

    @Test
    void consoleWhenOwnRoleChangedOrSavedSecondThenRefusedBesideTheFieldOr412() throws Exception {
        String token = token("test-admin-admins", "yiwang.admin.admins");
        String name = "page-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(send(
                                "POST",
                                "/admin/api/administrators",
                                token,
                                null,
                                "{\"username\":\"" + name + "\",\"displayName\":\"王五\",\"role\":\"SYSTEM\","
                                        + "\"password\":\"Admin@2026!xyz\"}")
                        .statusCode())
                .isEqualTo(201);
        try (Browser browser = new Browser()) {
            TestAdministrators.signIn(browser, ISSUER, this.jdbc, TestAdministrators.SECURITY);

            HtmlPage own = (HtmlPage) browser.open(ISSUER + "/admin/administrators/" + TestAdministrators.SECURITY);
            HtmlForm form = (HtmlForm) own.getElementById("edit-administrator");
            ((HtmlSelect) form.getSelectByName("role")).setSelectedAttribute("AUDIT", true);
            HtmlPage refused = form.getOneHtmlElementByAttribute("button", "type", "submit")
                    .click();
            assertThat(refused.getElementById("role-error").getTextContent()).isEqualTo("您不能修改自己的角色。");

            HtmlPage other = (HtmlPage) browser.open(ISSUER + "/admin/administrators/" + name);
            HtmlForm stale = (HtmlForm) other.getElementById("edit-administrator");
            // meanwhile another administrator changes it
            assertThat(send(
                                    "PUT",
                                    "/admin/api/administrators/" + name,
                                    token,
                                    "\"1\"",
                                    "{\"displayName\":\"王五\",\"role\":\"AUDIT\",\"enabled\":true}")
                            .statusCode())
                    .isEqualTo(200);
            stale.getInputByName("displayName").setValue("王五五");
            HtmlPage conflict = stale.getOneHtmlElementByAttribute("button", "type", "submit")
                    .click();
            assertThat(conflict.getWebResponse().getStatusCode()).isEqualTo(412);
            assertThat(conflict.getElementById("stale-diff").asNormalizedText()).contains("审计管理员", "王五五");

            HtmlPage reloaded = conflict.getHtmlElementById("stale-reload").click();
            HtmlForm fresh = (HtmlForm) reloaded.getElementById("edit-administrator");
            fresh.getInputByName("displayName").setValue("王五五");
            HtmlPage confirm = fresh.getOneHtmlElementByAttribute("button", "type", "submit")
                    .click();
            assertThat(confirm.getElementById("diff-displayName").asNormalizedText())
                    .contains("王五", "王五五");
            HtmlPage saved = confirm.getHtmlElementById("confirm-submit").click();

            assertThat(saved.getElementById("status")).isNotNull();
            assertThat(saved.getElementById("subject-name").getTextContent()).startsWith("王五五");
            assertThat(this.jdbc
                            .sql("select detail from audit_event where event_type = 'admin.updated' "
                                    + "and actor = 'admin:secadmin' order by id desc limit 1")
                            .query(String.class)
                            .single())
                    .isEqualTo(name + ": displayName \"王五\" -> \"王五五\"");
        }
    }

    private static HttpResponse<String> send(String method, String path, String token, String ifMatch, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ISSUER + path))
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String token(String client, String scope) throws Exception {
        return RawHttp.json(RawHttp.postForm(
                        ISSUER + "/oauth2/token",
                        RawHttp.basic(client, "demo-secret"),
                        "grant_type",
                        "client_credentials",
                        "scope",
                        scope))
                .get("access_token")
                .toString();
    }
}
