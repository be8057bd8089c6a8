package cn.yiwang.id.server.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules of {@link ClientDefinitionRules}: redirect URI safety, public clients, hashed secrets, code TTL. */
class ClientDefinitionRulesTests {

    private static final String HASHED =
            "{sha256}5f1c2a9e0b7d4e63$" + "90f2854b12abf10cf4c6a3b7b88afe73310e59fea03329dca5258a30d139be58";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://rp.example.cn/callback",
                "http://127.0.0.1:8081/callback",
                "http://localhost/callback",
                "http://[::1]:8080/cb",
                "cn.example.app:/oauth2redirect",
                "com.example.app://callback"
            })
    void violationsWhenRedirectUriSafeThenNone(String redirectUri) {
        assertThat(ClientDefinitionRules.violations(webClient(HASHED, redirectUri)))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"http://rp.example.cn/callback", "http://10.0.0.1/callback", "http://127.0.0.1.evil.example/cb"})
    void violationsWhenPlainHttpToNonLoopbackThenHttpsRequired(String redirectUri) {
        assertThat(ClientDefinitionRules.violations(webClient(HASHED, redirectUri)))
                .singleElement(STRING)
                .contains("redirect-uris", redirectUri, "must use https");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://rp.example.cn/callback#top", "https://rp.example.cn/callback#", "/callback"})
    void violationsWhenFragmentOrRelativeThenRefused(String redirectUri) {
        assertThat(ClientDefinitionRules.violations(webClient(HASHED, redirectUri)))
                .singleElement(STRING)
                .contains("redirect-uris", "must be absolute and have no fragment");
    }

    @ParameterizedTest
    @ValueSource(strings = {"myapp://callback", "myapp:/callback"})
    void violationsWhenCustomSchemeNotReverseDnsThenRefused(String redirectUri) {
        assertThat(ClientDefinitionRules.violations(webClient("none", redirectUri)))
                .singleElement(STRING)
                .contains("redirect-uris", "reverse-DNS");
    }

    @Test
    void violationsWhenPostLogoutRedirectUriUnsafeThenNamed() {
        ClientDefinition client = new ClientDefinition(
                "rp",
                null,
                HASHED,
                List.of("https://rp.example.cn/cb"),
                List.of("http://rp.example.cn/"),
                List.of("authorization_code"),
                List.of("openid"),
                false,
                false,
                Duration.ofMinutes(10),
                Duration.ofHours(8),
                Duration.ofMinutes(2),
                "RS256",
                null,
                false,
                null,
                false,
                null,
                false,
                List.of(),
                null,
                null,
                null,
                null,
                "public",
                null,
                Duration.ofMinutes(10),
                false,
                null,
                true);

        assertThat(ClientDefinitionRules.violations(client))
                .singleElement(STRING)
                .startsWith("post-logout-redirect-uris");
    }

    @Test
    void violationsWhenAuthorizationCodeWithoutRedirectUriThenRefused() {
        ClientDefinition client = new ClientDefinition(
                "rp",
                null,
                HASHED,
                List.of(),
                List.of(),
                List.of("authorization_code"),
                List.of("openid"),
                false,
                false,
                Duration.ofMinutes(10),
                Duration.ofHours(8),
                Duration.ofMinutes(2),
                "RS256",
                null,
                false,
                null,
                false,
                null,
                false,
                List.of(),
                null,
                null,
                null,
                null,
                "public",
                null,
                Duration.ofMinutes(10),
                false,
                null,
                true);

        assertThat(ClientDefinitionRules.violations(client))
                .singleElement(STRING)
                .contains("at least one redirect URI");
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", ""})
    void violationsWhenPublicClientUsesClientCredentialsThenRefused(String secret) {
        assertThat(ClientDefinitionRules.violations(serviceClient(secret)))
                .singleElement(STRING)
                .contains("public client", "client_credentials");
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo-secret", "sha256:abcdef", "{noop}demo-secret", "{SHA256}abc$def"})
    void violationsWhenSecretNotHashedThenRefused(String secret) {
        assertThat(ClientDefinitionRules.violations(serviceClient(secret)))
                .singleElement(STRING)
                .contains("client-secret", "hashed");
    }

    @ParameterizedTest
    @ValueSource(strings = {HASHED, "{bcrypt}$2a$10$dXJ3SW6G7P50lGmMkkmwe.20cQQubK3.HZWzG3YB1tlRy.fqvM/BG"})
    void violationsWhenSecretHashedThenNone(String secret) {
        assertThat(ClientDefinitionRules.violations(serviceClient(secret))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT10M1S", "PT11M", "PT1H"})
    void violationsWhenCodeTtlAboveTenMinutesThenRefused(Duration codeTtl) {
        assertThat(ClientDefinitionRules.violations(webClient(HASHED, "https://rp.example.cn/cb", codeTtl)))
                .singleElement(STRING)
                .contains("authorization-code-ttl");
    }

    @Test
    void violationsWhenCodeTtlExactlyTenMinutesThenNone() {
        assertThat(ClientDefinitionRules.violations(
                        webClient(HASHED, "https://rp.example.cn/cb", Duration.ofMinutes(10))))
                .isEmpty();
    }

    @Test
    void violationsWhenLogoutUrisUnsafeThenRefused() {
        ClientDefinition client = new ClientDefinition(
                "rp",
                null,
                HASHED,
                List.of("https://rp.example.cn/cb"),
                List.of(),
                List.of("authorization_code"),
                List.of("openid"),
                false,
                false,
                Duration.ofMinutes(10),
                Duration.ofHours(8),
                Duration.ofMinutes(2),
                "RS256",
                "http://rp.example.cn/bcl",
                false,
                "https://rp.example.cn/fcl#frag",
                true,
                null,
                false,
                List.of(),
                null,
                null,
                null,
                null,
                "public",
                null,
                Duration.ofMinutes(10),
                false,
                null,
                true);

        assertThat(ClientDefinitionRules.violations(client))
                .containsExactlyInAnyOrder(
                        "backchannel-logout-uri: 'http://rp.example.cn/bcl' must use https (plain http is allowed for "
                                + "loopback only)",
                        "frontchannel-logout-uri: 'https://rp.example.cn/fcl#frag' must be absolute and have no fragment");
    }

    @ParameterizedTest
    @ValueSource(strings = {"device_code", "urn:ietf:params:oauth:grant-type:device_code"})
    void violationsWhenPublicDeviceClientWithoutRedirectUriThenNoneAndGrantTypeNormalised(String grantType) {
        ClientDefinition kiosk = deviceClient(grantType, Duration.ofMinutes(10), false, null);

        assertThat(ClientDefinitionRules.violations(kiosk)).isEmpty();
        assertThat(kiosk.grantTypes()).containsExactly("urn:ietf:params:oauth:grant-type:device_code");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT0S", "PT-1S", "PT30M1S"})
    void violationsWhenDeviceCodeTtlNotPositiveOrAboveThirtyMinutesThenRefused(Duration ttl) {
        assertThat(ClientDefinitionRules.violations(deviceClient("device_code", ttl, false, null)))
                .singleElement(STRING)
                .startsWith("device-code-ttl");
    }

    @Test
    void violationsWhenQrLoginAppWithoutAuthorizationCodeOrProvinceWithoutQrLoginAppThenRefused() {
        assertThat(ClientDefinitionRules.violations(deviceClient("device_code", Duration.ofMinutes(10), true, null)))
                .singleElement(STRING)
                .startsWith("qr-login-app");
        assertThat(ClientDefinitionRules.violations(
                        deviceClient("device_code", Duration.ofMinutes(10), false, "zhejiang")))
                .singleElement(STRING)
                .startsWith("province");
    }

    private static ClientDefinition deviceClient(
            String grantType, Duration deviceCodeTtl, boolean qrLoginApp, String province) {
        return new ClientDefinition(
                "kiosk",
                null,
                "none",
                List.of(),
                List.of(),
                List.of(grantType),
                List.of("openid", "profile"),
                false,
                false,
                Duration.ofMinutes(10),
                Duration.ofHours(8),
                Duration.ofMinutes(2),
                "RS256",
                null,
                false,
                null,
                false,
                null,
                false,
                List.of(),
                null,
                null,
                null,
                null,
                "public",
                null,
                deviceCodeTtl,
                qrLoginApp,
                province,
                true);
    }

    private static ClientDefinition webClient(String secret, String redirectUri) {
        return webClient(secret, redirectUri, Duration.ofMinutes(2));
    }

    private static ClientDefinition webClient(String secret, String redirectUri, Duration codeTtl) {
        return new ClientDefinition(
                "rp",
                null,
                secret,
                List.of(redirectUri),
                List.of(),
                List.of("authorization_code", "refresh_token"),
                List.of("openid"),
                false,
                false,
                Duration.ofMinutes(10),
                Duration.ofHours(8),
                codeTtl,
                "RS256",
                null,
                false,
                null,
                false,
                null,
                false,
                List.of(),
                null,
                null,
                null,
                null,
                "public",
                null,
                Duration.ofMinutes(10),
                false,
                null,
                true);
    }

    private static ClientDefinition serviceClient(String secret) {
        return new ClientDefinition(
                "svc",
                null,
                secret,
                List.of(),
                List.of(),
                List.of("client_credentials"),
                List.of("api.read"),
                false,
                false,
                Duration.ofMinutes(10),
                Duration.ofHours(8),
                Duration.ofMinutes(2),
                "RS256",
                null,
                false,
                null,
                false,
                null,
                false,
                List.of(),
                null,
                null,
                null,
                null,
                "public",
                null,
                Duration.ofMinutes(10),
                false,
                null,
                true);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{'tokenEndpointAuthMethod':'private_key_jwt'} | jwks: private_key_jwt needs the client's public keys",
                "{'tokenEndpointAuthMethod':'private_key_jwt','jwks':'{}'} | jwks: not a JWK Set",
                "{'tokenEndpointAuthMethod':'private_key_jwt','jwksUri':'http://rp.example.cn/jwks'} | jwks-uri:",
                "{'tokenEndpointAuthMethod':'private_key_jwt','jwksUri':'https://rp.example.cn/jwks',"
                        + "'clientSecret':'" + HASHED_JSON + "'} | client-secret: must be absent",
                "{'jwksUri':'https://rp.example.cn/jwks','clientSecret':'" + HASHED_JSON + "'} | jwks: keys",
                "{'tokenEndpointAuthMethod':'client_secret_post'} | client-secret: client_secret_post needs",
                "{'webOrigins':['https://app.example.cn/path']} | web-origins: 'https://app.example.cn/path' must be",
                "{'webOrigins':['http://app.example.cn']} | web-origins: 'http://app.example.cn' must use https",
                "{'subjectType':'pairwise','redirectUris':['https://a.example.cn/cb','https://b.example.cn/cb']}"
                        + " | sector-identifier-uri: required",
                "{'subjectType':'pairwise','scopes':['openid','yiwang.account']} | subject-type: a pairwise client",
                "{'sectorIdentifierUri':'https://rp.example.cn/sector.json'} | sector-identifier-uri: only for",
                "{'scopes':['yiwang.admin.audit','yiwang.admin.idps']} | scopes: yiwang.admin.audit cannot",
                "{'scopes':['yiwang.admin','yiwang.admin.audit']} | scopes: yiwang.admin.audit cannot"
            })
    void violationsWhenNewFieldsMisusedThenNamed(String fields, String expected) {
        assertThat(ClientDefinitionRules.violations(definition(fields)))
                .anySatisfy((problem) -> assertThat(problem).startsWith(expected));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{'webOrigins':['+','https://app.example.cn','http://127.0.0.1:8082']}",
                "{'subjectType':'pairwise'}",
                "{'scopes':['yiwang.admin.audit']}",
                "{'scopes':['yiwang.admin.clients','yiwang.admin.idps','yiwang.admin.saml']}",
                "{'subjectType':'pairwise','redirectUris':['https://a.example.cn/cb','https://b.example.cn/cb'],"
                        + "'sectorIdentifierUri':'https://a.example.cn/sector.json'}"
            })
    void violationsWhenNewFieldsUsedRightThenNone(String fields) {
        assertThat(ClientDefinitionRules.violations(definition(fields))).isEmpty();
    }

    @Test
    void webOriginsWhenPlusThenOriginsOfRedirectUris() {
        ClientDefinition client = definition(
                "{'webOrigins':['+','https://Other.example.cn:443'],'redirectUris':['https://rp.example.cn:8443/cb',"
                        + "'http://127.0.0.1:8082/callback','cn.example.app:/cb']}");

        assertThat(ClientDefinitions.webOrigins(client))
                .containsExactly("https://rp.example.cn:8443", "http://127.0.0.1:8082", "https://other.example.cn");
    }

    /** A valid confidential web client, changed by the given JSON fields (single quotes for double). */
    private static ClientDefinition definition(String fields) {
        String json =
                "{'clientId':'rp','clientSecret':'" + HASHED_JSON + "','redirectUris':['https://rp.example.cn/cb'],"
                        + "'grantTypes':['authorization_code'],'scopes':['openid']}";
        tools.jackson.databind.json.JsonMapper mapper =
                tools.jackson.databind.json.JsonMapper.builder().build();
        tools.jackson.databind.node.ObjectNode node =
                (tools.jackson.databind.node.ObjectNode) mapper.readTree(json.replace('\'', '"'));
        tools.jackson.databind.JsonNode changes = mapper.readTree(fields.replace('\'', '"'));
        changes.properties().forEach((e) -> node.set(e.getKey(), e.getValue()));
        if (changes.has("tokenEndpointAuthMethod") && !changes.has("clientSecret")) {
            node.remove("clientSecret");
        }
        java.util.List<cn.yiwang.id.kit.registry.Violation> unreadable = new java.util.ArrayList<>();
        ClientDefinition definition = ClientJson.read(node, unreadable);
        assertThat(unreadable).isEmpty();
        return definition;
    }

    private static final String HASHED_JSON = HASHED;
}
