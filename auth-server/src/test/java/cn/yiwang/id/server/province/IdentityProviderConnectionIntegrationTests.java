package cn.yiwang.id.server.province;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.SamlSettings;
import cn.yiwang.id.federation.registry.IdentityProviderAdministration;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.RawHttp;
import cn.yiwang.id.server.test.TestProvincialIdp;
import cn.yiwang.id.server.test.TestSamlProvincialIdp;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * "Test connection" of provincial identity providers through the admin API: the test provinces (OIDC and SAML)
 * pass, a provider whose URL leads nowhere or whose issuer is wrong gets findings that say so in plain words.
 */
class IdentityProviderConnectionIntegrationTests extends IntegrationTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static TestProvincialIdp zhejiang;

    private static TestSamlProvincialIdp jiangsu;

    @Autowired
    IdentityProviderAdministration administration;

    private final List<String> aliases = new ArrayList<>();

    @BeforeAll
    static void startProvinces() throws Exception {
        zhejiang = new TestProvincialIdp();
        jiangsu = new TestSamlProvincialIdp();
    }

    @AfterAll
    static void stopProvinces() {
        zhejiang.close();
        jiangsu.close();
    }

    @AfterEach
    void removeProviders() {
        this.aliases.forEach((alias) -> this.administration.delete(alias, null, "test"));
    }

    @Test
    void testConnectionWhenOidcProvinceAnswersThenOkWithDiscoveryAndKeys() throws Exception {
        String alias = oidc(zhejiang.issuer());

        JsonNode report = testConnection(alias, 200);

        assertThat(report.get("ok").asBoolean()).as("%s", report).isTrue();
        assertThat(codes(report)).contains("discovery-fetched", "jwks-fetched");
        assertThat(report.get("protocol").asString()).isEqualTo("OIDC");
    }

    @Test
    void testConnectionWhenNothingListensThenErrorSaysNoConnection() throws Exception {
        String alias = oidc("http://127.0.0.1:" + freePort() + "/nowhere");

        JsonNode report = testConnection(alias, 200);

        assertThat(report.get("ok").asBoolean()).isFalse();
        JsonNode finding = report.get("findings").get(0);
        assertThat(finding.get("severity").asString()).isEqualTo("ERROR");
        assertThat(finding.get("code").asString()).isEqualTo("discovery-unreachable");
        assertThat(finding.get("message").asString()).contains("no connection");
    }

    @Test
    void testConnectionWhenIssuerRegisteredWithAnotherSpellingThenMismatchNamed() throws Exception {
        String alias = oidc(zhejiang.issuer() + "/");

        JsonNode report = testConnection(alias, 200);

        assertThat(report.get("ok").asBoolean()).isFalse();
        assertThat(codes(report)).contains("discovery-issuer-mismatch");
    }

    @Test
    void testConnectionWhenSamlProvinceMetadataInlineThenAcceptedAndWhenMetadataUrlDeadThenSaid() throws Exception {
        String good = saml(jiangsu.entityId(), new SamlSettings(null, jiangsu.metadataXml(), Map.of()));
        JsonNode report = testConnection(good, 200);
        assertThat(report.get("ok").asBoolean()).as("%s", report).isTrue();
        assertThat(codes(report)).contains("saml-metadata-accepted");

        String dead = saml(
                jiangsu.entityId(), new SamlSettings("http://127.0.0.1:" + freePort() + "/metadata", null, Map.of()));
        JsonNode broken = testConnection(dead, 200);
        assertThat(broken.get("ok").asBoolean()).isFalse();
        assertThat(codes(broken)).containsExactly("saml-metadata-unreachable");
        assertThat(broken.get("findings").get(0).get("message").asString()).contains("no connection");
    }

    @Test
    void testConnectionWhenAliasUnknownThen404Problem() throws Exception {
        HttpResponse<String> response = RawHttp.withBearer(
                "POST", ISSUER + "/admin/api/identity-providers/no-such-idp/test-connection", admin());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
    }

    private JsonNode testConnection(String alias, int status) throws Exception {
        HttpResponse<String> response = RawHttp.withBearer(
                "POST", ISSUER + "/admin/api/identity-providers/" + alias + "/test-connection", admin());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    private static List<String> codes(JsonNode report) {
        List<String> codes = new ArrayList<>();
        report.get("findings").forEach((f) -> codes.add(f.get("code").asString()));
        return codes;
    }

    private String oidc(String issuer) {
        String alias = "ct-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        this.administration.create(
                new IdentityProvider(
                        alias,
                        "测试" + alias,
                        "Test " + alias,
                        "330000",
                        IdentityProvider.Protocol.OIDC,
                        issuer,
                        TestProvincialIdp.CLIENT_ID,
                        TestProvincialIdp.CLIENT_SECRET,
                        IdentityProvider.ClientAuthentication.CLIENT_SECRET_BASIC,
                        List.of("openid", "profile"),
                        Map.of("name", "name"),
                        AssuranceLevel.L2,
                        true,
                        true,
                        100,
                        Instant.now()),
                "test");
        this.aliases.add(alias);
        return alias;
    }

    private String saml(String entityId, SamlSettings settings) {
        String alias = "cts-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        this.administration.create(
                new IdentityProvider(
                        alias,
                        "测试" + alias,
                        "Test " + alias,
                        "320000",
                        IdentityProvider.Protocol.SAML,
                        entityId,
                        null,
                        null,
                        null,
                        List.of(),
                        Map.of("name", "cn"),
                        AssuranceLevel.L2,
                        true,
                        true,
                        100,
                        null,
                        settings),
                "test");
        this.aliases.add(alias);
        return alias;
    }

    private static String admin() throws Exception {
        HttpResponse<String> response = RawHttp.postForm(
                ISSUER + "/oauth2/token",
                RawHttp.basic("test-admin", "demo-secret"),
                "grant_type",
                "client_credentials",
                "scope",
                "yiwang.admin");
        return JSON.readTree(response.body()).get("access_token").asString();
    }
}
