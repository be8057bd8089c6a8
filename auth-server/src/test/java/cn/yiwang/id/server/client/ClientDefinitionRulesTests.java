package cn.yiwang.id.server.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
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
                true);

        assertThat(ClientDefinitionRules.violations(client))
                .containsExactlyInAnyOrder(
                        "backchannel-logout-uri: 'http://rp.example.cn/bcl' must use https (plain http is allowed for "
                                + "loopback only)",
                        "frontchannel-logout-uri: 'https://rp.example.cn/fcl#frag' must be absolute and have no fragment");
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
                true);
    }
}
