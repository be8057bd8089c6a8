package cn.yiwang.id.server.saml.registry;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.saml.Certificates;
import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.RawHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin API at {@code /admin/api/saml/service-providers} end to end on the shared server: real
 * bearer tokens, PostgreSQL behind the repository, the registry the SSO endpoints read, the audit trail.
 */
class ServiceProviderAdminIntegrationTests extends IntegrationTestSupport {

    private static final String PATH = ISSUER + "/admin/api/saml/service-providers";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @Autowired
    ServiceProviders serviceProviders;

    @Autowired
    ServiceProviderAdministration administration;

    @Autowired
    JdbcClient jdbc;

    private final MetadataServer metadataServer = new MetadataServer();

    @Autowired
    ServiceProviderMetadataRefresh metadataRefresh;

    private String admin;

    @BeforeEach
    void token() throws Exception {
        this.admin = accessToken("test-admin", "yiwang.admin");
        forgetFixture();
    }

    @AfterEach
    void cleanUp() {
        this.metadataServer.close();
        forgetFixture();
    }

    @Test
    void putGetListReplaceDeleteWhenAdministratorThenStoredServedAndAudited() throws Exception {
        String alias = TestServiceProviders.alias();
        String entityId = "https://" + alias + ".example.gov.cn/saml";
        String signing = Certificates.base64(TestServiceProviders.signingCertificate());
        String body = """
                {"entityId": "%s", "displayNameZh": "测试门户", "displayNameEn": "Test portal",
                 "assertionConsumerServices": [{"binding": "HTTP-POST", "location": "https://%s.example.gov.cn/acs"},
                     {"binding": "HTTP-POST", "location": "http://127.0.0.1:8090/acs", "index": 7, "isDefault": true}],
                 "singleLogoutServices": [{"binding": "HTTP-Redirect", "location": "https://%s.example.gov.cn/slo"}],
                 "signingCertificates": ["%s"], "requireSignedAuthnRequests": true,
                 "releasedAttributes": ["name", "loa"]}
                """.formatted(entityId, alias, alias, signing);

        HttpResponse<String> created = send("PUT", PATH + "/" + alias, "application/json", body, this.admin, null);

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).contains(PATH + "/" + alias);
        assertThat(created.headers().firstValue("ETag")).contains("\"1\"");
        JsonNode json = JSON.readTree(created.body());
        assertThat(json.get("alias").asString()).isEqualTo(alias);
        assertThat(json.get("assertionConsumerServices").get(0).get("binding").asString())
                .isEqualTo(SamlNames.BINDING_POST);
        assertThat(json.get("assertionConsumerServices").get(0).get("index").asInt())
                .isZero();
        assertThat(json.get("assertionConsumerServices").get(1).get("isDefault").asBoolean())
                .isTrue();
        assertThat(json.get("singleLogoutServices").get(0).has("index"))
                .as("SLO endpoints have none")
                .isFalse();
        assertThat(json.get("signingCertificates").get(0).asString()).isEqualTo(signing);
        assertThat(json.get("signResponse").asBoolean()).isTrue();
        assertThat(json.get("signAssertion").asBoolean()).isTrue();
        assertThat(json.get("encryptAssertion").asBoolean()).isFalse();
        assertThat(json.get("nameIdFormat").asString()).isEqualTo(SamlNames.NAMEID_PERSISTENT);
        assertThat(json.get("enabled").asBoolean()).isTrue();
        assertThat(json.get("version").asInt()).isEqualTo(1);

        // what the SSO endpoints read, at once on this node
        ServiceProvider served =
                this.serviceProviders.findEnabledByEntityId(entityId).orElseThrow();
        assertThat(served.assertionConsumerService(null, null).orElseThrow().location())
                .isEqualTo("http://127.0.0.1:8090/acs");
        assertThat(served.signingCertificates()).containsExactly(TestServiceProviders.signingCertificate());
        assertThat(this.serviceProviders.findByAlias(alias)).contains(served);
        assertThat(this.serviceProviders.all()).contains(served);

        HttpResponse<String> read = send("GET", PATH + "/" + alias, null, null, this.admin, null);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("ETag")).contains("\"1\"");
        assertThat(JSON.readTree(send("GET", PATH, null, null, this.admin, null).body())
                        .valueStream()
                        .map((sp) -> sp.get("alias").asString()))
                .contains(alias);

        HttpResponse<String> same = send("PUT", PATH + "/" + alias, "application/json", body, this.admin, null);
        assertThat(same.statusCode()).as("nothing changed").isEqualTo(200);
        assertThat(same.headers().firstValue("ETag")).contains("\"1\"");

        String disabled = body.replace(
                "\"requireSignedAuthnRequests\": true",
                "\"requireSignedAuthnRequests\": true, " + "\"enabled\": false");
        HttpResponse<String> replaced =
                send("PUT", PATH + "/" + alias, "application/json", disabled, this.admin, "\"1\"");
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        assertThat(replaced.headers().firstValue("ETag")).contains("\"2\"");
        assertThat(this.serviceProviders.findEnabledByEntityId(entityId))
                .as("disabled")
                .isEmpty();
        assertThat(this.serviceProviders.findByAlias(alias).orElseThrow().enabled())
                .isFalse();

        HttpResponse<String> stale = send("PUT", PATH + "/" + alias, "application/json", body, this.admin, "\"1\"");
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(stale.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(stale.headers().firstValue("ETag")).contains("\"2\"");

        assertThat(send("DELETE", PATH + "/" + alias, null, null, this.admin, "\"1\"")
                        .statusCode())
                .isEqualTo(412);
        assertThat(send("DELETE", PATH + "/" + alias, null, null, this.admin, "\"2\"")
                        .statusCode())
                .isEqualTo(204);
        assertThat(this.serviceProviders.findByAlias(alias)).isEmpty();
        HttpResponse<String> gone = send("GET", PATH + "/" + alias, null, null, this.admin, null);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(JSON.readTree(gone.body()).get("title").asString()).isEqualTo("Service provider not found");
        assertThat(send("DELETE", PATH + "/" + alias, null, null, this.admin, null)
                        .statusCode())
                .isEqualTo(404);

        assertThat(this.jdbc
                        .sql("SELECT event_type, actor, detail FROM audit_event WHERE client_id = ? ORDER BY id")
                        .param(alias)
                        .query((row, i) -> row.getString("event_type") + " " + row.getString("actor") + " "
                                + row.getString("detail"))
                        .list())
                .containsExactly(
                        "saml.sp.created admin:test-admin entityId=" + entityId,
                        "saml.sp.updated admin:test-admin entityId=" + entityId + "; changed: enabled",
                        "saml.sp.deleted admin:test-admin entityId=" + entityId);
    }

    @Test
    void putWhenInvalidThen400ProblemListingEveryViolation() throws Exception {
        ServiceProvider other =
                this.administration.save(TestServiceProviders.serviceProvider()).provider();
        String alias = TestServiceProviders.alias();
        String body = """
                {"alias": "another", "entityId": "%s", "displayNameZh": "门户", "displayNameEn": "Portal",
                 "assertionConsumerServices": [
                     {"binding": "HTTP-POST", "location": "http://portal.example.gov.cn/acs"}],
                 "encryptAssertion": true, "nameIdFormat": "email", "releasedAttributes": ["name", "password"],
                 "encryptionCertificates": ["bm90IGEgY2VydGlmaWNhdGU="]}
                """.formatted(other.entityId());

        HttpResponse<String> response = send("PUT", PATH + "/" + alias, "application/json", body, this.admin, null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("title").asString()).isEqualTo("Invalid service provider");
        assertThat(problem.get("errors").valueStream().map((e) -> e.get("field").asString()))
                .containsExactly(
                        "alias",
                        "encryptionCertificates[0]",
                        "assertionConsumerServices[0].location",
                        "encryptionCertificates",
                        "nameIdFormat",
                        "releasedAttributes",
                        "entityId");
        assertThat(problem.get("errors").get(6).get("message").asString())
                .isEqualTo("is already registered as the service provider '" + other.alias()
                        + "'; an entity ID names one provider only");
        assertThat(this.administration.find(alias)).isEmpty();

        HttpResponse<String> unreadable = send(
                "PUT",
                PATH + "/" + alias,
                "application/json",
                "{\"assertionConsumerServices\": [{\"index\": \"first\"}]}",
                this.admin,
                null);
        assertThat(unreadable.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unreadable.body()).get("detail").asString())
                .endsWith("the value of 'assertionConsumerServices[0].index' has the wrong type or syntax");

        HttpResponse<String> text = send("PUT", PATH + "/" + alias, "text/plain", "alias=x", this.admin, null);
        assertThat(text.statusCode()).isEqualTo(415);
        assertThat(text.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        this.administration.delete(other.alias(), null, "test");
    }

    @Test
    void importMetadataWhenDocumentThenUrlThenFilledFromMetadataAndPolicyKept() throws Exception {
        String alias = TestServiceProviders.alias();

        HttpResponse<String> imported = send(
                "POST",
                PATH + "/" + alias + "/metadata",
                "application/samlmetadata+xml",
                new String(TestServiceProviders.metadataXml(), StandardCharsets.UTF_8),
                this.admin,
                null);

        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
        JsonNode json = JSON.readTree(imported.body());
        assertThat(json.get("entityId").asString()).isEqualTo(TestServiceProviders.METADATA_ENTITY_ID);
        assertThat(json.get("displayNameZh").asString()).isEqualTo(alias);
        assertThat(json.get("assertionConsumerServices")).hasSize(2);
        assertThat(json.get("singleLogoutServices"))
                .as("Redirect, POST and SOAP")
                .hasSize(3);
        assertThat(json.get("requireSignedAuthnRequests").asBoolean()).isTrue();
        assertThat(json.get("encryptionCertificates")).hasSize(1);
        assertThat(json.get("metadataUrl").isNull()).isTrue();

        // the administrators' policy ...
        ServiceProvider stored = this.administration.find(alias).orElseThrow().provider();
        ServiceProvider policy = new ServiceProvider(
                alias,
                stored.entityId(),
                "公安部政务服务平台",
                "MPS portal",
                stored.assertionConsumerServices(),
                stored.singleLogoutServices(),
                stored.signingCertificates(),
                stored.encryptionCertificates(),
                true,
                false,
                true,
                true,
                SamlNames.NAMEID_TRANSIENT,
                Set.of("name", "id_number_masked"),
                false,
                null,
                true,
                null);
        this.administration.save(policy, null, "test");

        // ... survives an import from the SP's URL
        HttpResponse<String> refreshed = send(
                "POST",
                PATH + "/" + alias + "/metadata",
                "application/json",
                "{\"metadataUrl\": \"" + this.metadataServer.url("/metadata") + "\"}",
                this.admin,
                null);
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        ServiceProvider after = this.serviceProviders.findByAlias(alias).orElseThrow();
        assertThat(after.metadataUrl()).isEqualTo(this.metadataServer.url("/metadata"));
        assertThat(after.displayNameZh()).isEqualTo("公安部政务服务平台");
        assertThat(after.encryptAssertion()).isTrue();
        assertThat(after.signResponse()).isFalse();
        assertThat(after.nameIdFormat()).isEqualTo(SamlNames.NAMEID_TRANSIENT);
        assertThat(after.releasedAttributes()).containsExactlyInAnyOrder("name", "id_number_masked");

        HttpResponse<String> unavailable = send(
                "POST",
                PATH + "/" + alias + "/metadata",
                "application/json",
                "{\"metadataUrl\": \"" + this.metadataServer.url("/missing") + "\"}",
                this.admin,
                null);
        assertThat(unavailable.statusCode()).isEqualTo(502);
        assertThat(JSON.readTree(unavailable.body()).get("detail").asString()).contains("answered HTTP 404");

        HttpResponse<String> http = send(
                "POST",
                PATH + "/" + alias + "/metadata",
                "application/json",
                "{\"metadataUrl\": \"http://portal.example.gov.cn/metadata\"}",
                this.admin,
                null);
        assertThat(http.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(http.body()).get("errors").get(0).get("field").asString())
                .isEqualTo("metadataUrl");

        HttpResponse<String> doctype = send(
                "POST",
                PATH + "/" + alias + "/metadata",
                "application/xml",
                "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>",
                this.admin,
                null);
        assertThat(doctype.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(doctype.body())
                        .get("errors")
                        .get(0)
                        .get("field")
                        .asString())
                .isEqualTo("metadata");
        assertThat(this.administration.find(alias).orElseThrow().provider().metadataUrl())
                .as("failed imports change nothing")
                .isEqualTo(this.metadataServer.url("/metadata"));

        this.administration.delete(alias, null, "test");
    }

    @Test
    void metadataRefreshWhenTheSpsUrlServesNewerMetadataThenEndpointsFollowAndPolicyStays() throws Exception {
        String alias = TestServiceProviders.alias();
        HttpResponse<String> imported = send(
                "POST",
                PATH + "/" + alias + "/metadata",
                "application/json",
                "{\"metadataUrl\": \"" + this.metadataServer.url("/metadata") + "\"}",
                this.admin,
                null);
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
        // as stored from an older document: one logout endpoint, and a policy of the administrators
        ServiceProvider stored = this.administration.find(alias).orElseThrow().provider();
        this.administration.save(
                new ServiceProvider(
                        alias,
                        stored.entityId(),
                        "旧名称",
                        "Old name",
                        stored.assertionConsumerServices(),
                        stored.singleLogoutServices().subList(0, 1),
                        stored.signingCertificates(),
                        stored.encryptionCertificates(),
                        true,
                        true,
                        true,
                        false,
                        SamlNames.NAMEID_TRANSIENT,
                        Set.of("loa"),
                        false,
                        stored.metadataUrl(),
                        true,
                        null),
                null,
                "test");

        assertThat(this.metadataRefresh.refreshAll()).isGreaterThanOrEqualTo(1);

        ServiceProvider after = this.serviceProviders.findByAlias(alias).orElseThrow();
        assertThat(after.singleLogoutServices()).hasSize(3);
        assertThat(after.displayNameZh()).isEqualTo("旧名称");
        assertThat(after.nameIdFormat()).isEqualTo(SamlNames.NAMEID_TRANSIENT);
        assertThat(after.releasedAttributes()).containsExactly("loa");
        assertThat(this.metadataRefresh.refreshAll())
                .as("nothing changed since")
                .isZero();
        this.administration.delete(alias, null, "test");
    }

    @Test
    void requestWhenNoTokenOrWrongScopeThenRefused() throws Exception {
        assertThat(send("GET", PATH, null, null, null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> wrongScope = send("GET", PATH, null, null, accessToken("demo-service", "api.read"), null);
        assertThat(wrongScope.statusCode()).isEqualTo(403);
        assertThat(wrongScope.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("insufficient_scope");
    }

    // the fixture's entity ID is fixed: a run that failed half-way must not block the next
    private void forgetFixture() {
        this.administration.findAll().stream()
                .filter((sp) -> sp.provider().entityId().equals(TestServiceProviders.METADATA_ENTITY_ID))
                .forEach((sp) -> this.administration.delete(sp.alias(), null, "test"));
    }

    private static String accessToken(String clientId, String scope) throws Exception {
        HttpResponse<String> response = RawHttp.postForm(
                ISSUER + "/oauth2/token",
                RawHttp.basic(clientId, "demo-secret"),
                "grant_type",
                "client_credentials",
                "scope",
                scope);
        return JSON.readTree(response.body()).get("access_token").asString();
    }

    private static HttpResponse<String> send(
            String method, String url, String contentType, String body, String token, String ifMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(20))
                .header("Accept", "application/json")
                .method(
                        method,
                        (body != null)
                                ? HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)
                                : HttpRequest.BodyPublishers.noBody());
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
