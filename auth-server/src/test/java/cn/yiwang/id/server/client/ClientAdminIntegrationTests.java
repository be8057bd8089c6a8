package cn.yiwang.id.server.client;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.RawHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Onboarding relying parties at runtime through {@code /admin/api/clients}: create (a generated secret shown
 * once), read with an ETag, replace with If-Match, disable and enable, rotate the secret, delete; RFC 9457
 * errors naming each field; every change audited and effective at once.
 */
class ClientAdminIntegrationTests extends IntegrationTestSupport {

    private static final String API = ISSUER + "/admin/api/clients";

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Autowired
    JdbcClient jdbc;

    @Test
    void clientWhenCreatedChangedDisabledRotatedAndDeletedThenEachStepTakesEffectAndIsAudited() throws Exception {
        String admin = token("test-clients-admin", "yiwang.admin.clients");
        String clientId = "rt-" + UUID.randomUUID().toString().substring(0, 8);

        HttpResponse<String> created = send("POST", API, admin, null, """
                {"clientId": "%s", "clientName": "运行时接入", "grantTypes": ["client_credentials"],
                 "scopes": ["api.read"], "accessTokenTtl": "5m"}""".formatted(clientId));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("ETag")).contains("\"1\"");
        assertThat(created.headers().firstValue("Location")).contains(API + "/" + clientId);
        String secret = (String) RawHttp.json(created).get("clientSecret");
        assertThat(secret).as("a generated secret, shown once").hasSizeGreaterThan(30);
        assertThat(clientCredentials(clientId, secret)).as("usable at once").isEqualTo(200);

        HttpResponse<String> read = send("GET", API + "/" + clientId, admin, null, null);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(RawHttp.json(read))
                .doesNotContainKey("clientSecret")
                .containsEntry("managedBy", "admin")
                .containsEntry("accessTokenTtl", "5m");

        String change = read.body().replace("\"api.read\"", "\"api.read\",\"api.write\"");
        assertThat(send("PUT", API + "/" + clientId, admin, "\"7\"", change).statusCode())
                .as("stale If-Match")
                .isEqualTo(412);
        HttpResponse<String> replaced = send("PUT", API + "/" + clientId, admin, "\"1\"", change);
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        assertThat(replaced.headers().firstValue("ETag")).contains("\"2\"");
        assertThat(clientCredentials(clientId, secret)).as("the secret is kept").isEqualTo(200);

        assertThat(send("POST", API + "/" + clientId + "/disable", admin, null, null)
                        .statusCode())
                .isEqualTo(200);
        assertThat(clientCredentials(clientId, secret)).as("disabled").isEqualTo(401);
        assertThat(send("POST", API + "/" + clientId + "/enable", admin, null, null)
                        .statusCode())
                .isEqualTo(200);
        assertThat(clientCredentials(clientId, secret)).isEqualTo(200);

        HttpResponse<String> rotated = send("POST", API + "/" + clientId + "/secret", admin, null, null);
        assertThat(rotated.statusCode()).isEqualTo(200);
        String newSecret = (String) RawHttp.json(rotated).get("clientSecret");
        assertThat(clientCredentials(clientId, newSecret)).isEqualTo(200);
        assertThat(clientCredentials(clientId, secret))
                .as("the old secret stops")
                .isEqualTo(401);

        assertThat(send("DELETE", API + "/" + clientId, admin, null, null).statusCode())
                .isEqualTo(204);
        assertThat(send("GET", API + "/" + clientId, admin, null, null).statusCode())
                .isEqualTo(404);
        assertThat(clientCredentials(clientId, newSecret)).isEqualTo(401);

        List<String> audited = this.jdbc
                .sql("select event_type from audit_event where client_id = ? order by occurred_at, id")
                .param(clientId)
                .query(String.class)
                .list();
        assertThat(audited)
                .containsExactly(
                        "client.created",
                        "client.updated",
                        "client.updated",
                        "client.updated",
                        "client.secret-rotated",
                        "client.deleted");
    }

    @Test
    void createWhenInvalidThenProblemNamingEachField() throws Exception {
        String admin = token("test-admin", "yiwang.admin");

        HttpResponse<String> response = send("POST", API, admin, null, """
                {"clientId": "bad client", "grantTypes": ["authorization_code"], "redirectUris":
                 ["http://rp.example.cn/cb"], "webOrigins": ["https://x.example.cn/path"], "colour": "red",
                 "requireConsent": "yes"}""");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> errors =
                (List<Map<String, Object>>) RawHttp.json(response).get("errors");
        assertThat(errors).extracting((e) -> e.get("field")).contains("colour", "requireConsent");

        HttpResponse<String> rules = send("POST", API, admin, null, """
                {"clientId": "bad client", "grantTypes": ["authorization_code"], "redirectUris":
                 ["http://rp.example.cn/cb"], "webOrigins": ["https://x.example.cn/path"]}""");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> ruleErrors =
                (List<Map<String, Object>>) RawHttp.json(rules).get("errors");
        assertThat(ruleErrors).extracting((e) -> e.get("field")).contains("clientId", "redirectUris", "webOrigins");
    }

    @Test
    void apiWhenTokenLacksAnAdminScopeThenForbidden() throws Exception {
        String service = token("demo-service", "api.read");

        assertThat(send("GET", API, service, null, null).statusCode()).isEqualTo(403);
        assertThat(send("GET", API, null, null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", API, token("test-clients-admin", "yiwang.admin.clients"), null, null)
                        .statusCode())
                .isEqualTo(200);
        assertThat(send(
                                "GET",
                                ISSUER + "/admin/api/saml/service-providers",
                                token("test-clients-admin", "yiwang.admin.clients"),
                                null,
                                null)
                        .statusCode())
                .as("the clients scope opens the clients registry only")
                .isEqualTo(403);
    }

    static String token(String clientId, String scope) throws Exception {
        HttpResponse<String> response = RawHttp.postForm(
                ISSUER + "/oauth2/token",
                RawHttp.basic(clientId, "demo-secret"),
                "grant_type",
                "client_credentials",
                "scope",
                scope);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return (String) RawHttp.json(response).get("access_token");
    }

    static int clientCredentials(String clientId, String secret) throws Exception {
        return clientCredentials(ISSUER, clientId, secret);
    }

    static int clientCredentials(String issuer, String clientId, String secret) throws Exception {
        return RawHttp.postForm(
                        issuer + "/oauth2/token", RawHttp.basic(clientId, secret), "grant_type", "client_credentials")
                .statusCode();
    }

    static HttpResponse<String> send(String method, String url, String token, String ifMatch, String json)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(20))
                .header("Accept", "application/json")
                .method(
                        method,
                        (json != null)
                                ? HttpRequest.BodyPublishers.ofString(json)
                                : HttpRequest.BodyPublishers.noBody());
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
