package cn.yiwang.id.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.RawHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The admin and account APIs read JSON strictly: a value of the wrong JSON type is never coerced into the field
 * ({@code "alias": true} was stored as {@code "true"}), and text with a control character is refused; either way a
 * 400 problem (RFC 9457) names the field in {@code errors}.
 */
class ApiJsonStrictnessIntegrationTests extends IntegrationTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private String adminToken;

    @BeforeEach
    void adminToken() throws Exception {
        this.adminToken = RawHttp.json(RawHttp.postForm(
                        ISSUER + "/oauth2/token",
                        RawHttp.basic("test-admin", "demo-secret"),
                        "grant_type",
                        "client_credentials",
                        "scope",
                        "yiwang.admin"))
                .get("access_token")
                .toString();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "POST|/admin/api/identity-providers|{\"alias\": true, \"protocol\": \"oidc\"}|alias",
                "POST|/admin/api/identity-providers|{\"alias\": \"gansu\", \"trustLevel\": \"2\"}|trustLevel",
                "POST|/admin/api/identity-providers|{\"alias\": \"gansu\", \"enabled\": 1}|enabled",
                "POST|/admin/api/identity-providers|{\"alias\": \"gansu\", \"displayNameZh\": \"甘\\u0000肃\"}"
                        + "|displayNameZh",
                "POST|/admin/api/identity-providers|{\"alias\": \"gansu\", \"scopes\": [\"openid\", 7]}|scopes[1]",
                "PUT|/admin/api/saml/service-providers/jiaoyu|{\"entityId\": \"https://sp.example\", "
                        + "\"enabled\": \"true\"}|enabled",
                "PUT|/admin/api/saml/service-providers/jiaoyu|{\"entityId\": \"https://sp\\u001b.example\"}|entityId",
                "POST|/admin/api/accounts/{account}/in-person-verifications|{\"realName\": 5, \"documentType\": "
                        + "\"resident-id-card\", \"documentNumber\": \"11010519491231002X\", \"office\": \"x\"}|realName",
                "POST|/admin/api/accounts/{account}/in-person-verifications|{\"realName\": \"张三\", \"documentType\": "
                        + "\"resident-id-card\", \"documentNumber\": \"11010519491231002X\", \"office\": \"窗口\\u0007\"}"
                        + "|office"
            })
    void apiWhenJsonTypeWrongOrTextHasControlCharacterThen400NamingTheField(
            String method, String path, String body, String field) throws Exception {
        HttpResponse<String> response =
                send(method, path.replace("{account}", UUID.randomUUID().toString()), body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        Map<String, Object> problem = RawHttp.json(response);
        assertThat(problem).containsEntry("status", 400L);
        assertThat((List<?>) problem.get("errors"))
                .singleElement()
                .satisfies(
                        (error) -> assertThat(((Map<?, ?>) error).get("field")).isEqualTo(field));
        assertThat(response.body()).doesNotContain("\\u0000").doesNotContain("甘");
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(ISSUER + path))
                        .header("Authorization", "Bearer " + this.adminToken)
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
