package cn.yiwang.id.server.client;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.RawHttp;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Dynamic Client Registration (RFC 7591) gated by an administrator's initial access token (counted, expiring,
 * limited to scopes), and the management protocol (RFC 7592) with the registration access token.
 */
class DynamicClientRegistrationIntegrationTests extends IntegrationTestSupport {

    private static final String REGISTER = ISSUER + "/connect/register";

    @Test
    void registerWhenInitialAccessTokenThenClientServedManagedAndTokenSpent() throws Exception {
        String initial = initialAccessToken("{\"scopes\": [\"api.read\", \"openid\"], \"uses\": 1}");
        assertThat(RawHttp.json(RawHttp.get(ISSUER + "/.well-known/openid-configuration", "application/json")))
                .containsEntry("registration_endpoint", REGISTER);

        HttpResponse<String> registered = ClientAdminIntegrationTests.send("POST", REGISTER, initial, null, """
                {"client_name": "省级应用", "grant_types": ["client_credentials"], "scope": "api.read",
                 "token_endpoint_auth_method": "client_secret_post"}""");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        Map<String, Object> client = RawHttp.json(registered);
        String clientId = (String) client.get("client_id");
        String secret = (String) client.get("client_secret");
        assertThat(client)
                .containsEntry("token_endpoint_auth_method", "client_secret_post")
                .containsEntry("client_secret_expires_at", 0L)
                .containsKeys("client_id_issued_at", "registration_access_token", "registration_client_uri");
        HttpResponse<String> token = RawHttp.postForm(
                ISSUER + "/oauth2/token",
                null,
                "grant_type",
                "client_credentials",
                "client_id",
                clientId,
                "client_secret",
                secret);
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);

        HttpResponse<String> again = ClientAdminIntegrationTests.send(
                "POST", REGISTER, initial, null, "{\"grant_types\": [\"client_credentials\"]}");
        assertThat(again.statusCode()).as("the token had one use").isEqualTo(401);
        assertThat(again.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying((challenge) -> assertThat(challenge).contains("invalid_token"));

        String uri = (String) client.get("registration_client_uri");
        String management = (String) client.get("registration_access_token");
        assertThat(ClientAdminIntegrationTests.send("GET", uri, management, null, null)
                        .statusCode())
                .isEqualTo(200);
        assertThat(ClientAdminIntegrationTests.send("GET", uri, initial, null, null)
                        .statusCode())
                .isEqualTo(401);
        HttpResponse<String> updated =
                ClientAdminIntegrationTests.send("PUT", uri, management, null, """
                {"client_id": "%s", "client_name": "省级应用 2", "grant_types": ["client_credentials"],
                 "scope": "api.read", "token_endpoint_auth_method": "client_secret_post"}""".formatted(clientId));
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(RawHttp.json(updated)).containsEntry("client_name", "省级应用 2");
        assertThat(ClientAdminIntegrationTests.send("DELETE", uri, management, null, null)
                        .statusCode())
                .isEqualTo(204);
        assertThat(RawHttp.postForm(
                                ISSUER + "/oauth2/token",
                                null,
                                "grant_type",
                                "client_credentials",
                                "client_id",
                                clientId,
                                "client_secret",
                                secret)
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void registerWhenMetadataBreaksARuleThenTheRfcErrorCode() throws Exception {
        String initial = initialAccessToken("{\"scopes\": [\"openid\"], \"uses\": 3, \"expiresIn\": \"10m\"}");

        HttpResponse<String> redirect = ClientAdminIntegrationTests.send(
                "POST", REGISTER, initial, null, "{\"redirect_uris\": [\"http://rp.example.cn/cb\"]}");
        HttpResponse<String> scope = ClientAdminIntegrationTests.send("POST", REGISTER, initial, null, """
                {"redirect_uris": ["https://rp.example.cn/cb"], "scope": "openid yiwang.admin"}""");
        HttpResponse<String> responseType = ClientAdminIntegrationTests.send("POST", REGISTER, initial, null, """
                {"redirect_uris": ["https://rp.example.cn/cb"], "response_types": ["token"]}""");

        assertThat(redirect.statusCode()).isEqualTo(400);
        assertThat(RawHttp.json(redirect)).containsEntry("error", "invalid_redirect_uri");
        assertThat(RawHttp.json(scope)).containsEntry("error", "invalid_client_metadata");
        assertThat((String) RawHttp.json(scope).get("error_description")).startsWith("scope:");
        assertThat(RawHttp.json(responseType)).containsEntry("error", "invalid_client_metadata");
        assertThat(ClientAdminIntegrationTests.send("POST", REGISTER, null, null, "{}")
                        .statusCode())
                .isEqualTo(401);
    }

    private static String initialAccessToken(String request) throws Exception {
        HttpResponse<String> issued = ClientAdminIntegrationTests.send(
                "POST",
                ISSUER + "/admin/api/clients/registration-tokens",
                ClientAdminIntegrationTests.token("test-clients-admin", "yiwang.admin.clients"),
                null,
                request);
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        return (String) RawHttp.json(issued).get("token");
    }
}
