package cn.yiwang.id.federation.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.federation.IdentityProvider.ClientAuthentication;
import cn.yiwang.id.federation.registry.TestIdentityProviders.Builder;
import cn.yiwang.id.kit.registry.Violation;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link IdentityProviderValidator}: one case per rule and way of breaking it. */
class IdentityProviderValidatorTests {

    private static final String ALIAS = "must be 2 to 32 characters: lower-case letters a-z, digits and '-' "
            + "(it appears in URLs and in idp_hint)";

    private static final String DISPLAY_NAME =
            "must be 1 to 64 characters and not blank (it is shown on the login page)";

    private static final String ISSUER_HTTPS =
            "must use https (http is allowed for loopback addresses only, for tests)";

    @Test
    void validateWhenValidThenNoViolations() {
        assertThat(IdentityProviderValidator.validate(TestIdentityProviders.identityProvider()))
                .isEmpty();
        assertThat(IdentityProviderValidator.validate(
                        TestIdentityProviders.builder().privateKeyJwt().build()))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"zj", "zhejiang", "shanghai-2", "a-b-c-1234567890-1234567890-1234"})
    void validateWhenAliasAcceptableThenNoViolations(String alias) {
        assertThat(IdentityProviderValidator.validate(
                        TestIdentityProviders.builder().alias(alias).build()))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://idp.example.gov.cn",
                "https://idp.example.gov.cn/realms/zj",
                "http://127.0.0.1:8089",
                "http://localhost:8089/issuer",
                "http://[::1]:8089"
            })
    void validateWhenIssuerAcceptableThenNoViolations(String issuer) {
        assertThat(IdentityProviderValidator.validate(
                        TestIdentityProviders.builder().issuer(issuer).build()))
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void validateWhenRuleBrokenThenExactViolation(
            String broken, UnaryOperator<Builder> change, String field, String message) {
        assertThat(IdentityProviderValidator.validate(
                        change.apply(TestIdentityProviders.builder()).build()))
                .containsExactly(new Violation(field, message));
    }

    static Stream<Arguments> violations() {
        return Stream.of(
                arguments("alias missing", op((b) -> b.alias(null)), "alias", ALIAS),
                arguments("alias too short", op((b) -> b.alias("z")), "alias", ALIAS),
                arguments("alias too long", op((b) -> b.alias("a".repeat(33))), "alias", ALIAS),
                arguments("alias upper case", op((b) -> b.alias("Zhejiang")), "alias", ALIAS),
                arguments("alias underscore", op((b) -> b.alias("zhe_jiang")), "alias", ALIAS),
                arguments("alias with space", op((b) -> b.alias("zhe jiang")), "alias", ALIAS),
                arguments("display name zh blank", op((b) -> b.displayNameZh("  ")), "displayNameZh", DISPLAY_NAME),
                arguments("display name zh missing", op((b) -> b.displayNameZh(null)), "displayNameZh", DISPLAY_NAME),
                arguments(
                        "display name en too long",
                        op((b) -> b.displayNameEn("x".repeat(65))),
                        "displayNameEn",
                        DISPLAY_NAME),
                arguments("display name en empty", op((b) -> b.displayNameEn("")), "displayNameEn", DISPLAY_NAME),
                arguments(
                        "region code 5 digits",
                        op((b) -> b.regionCode("33000")),
                        "regionCode",
                        "must be the 6-digit administrative division code of the province (GB/T 2260), e.g. 330000"),
                arguments(
                        "region code letters",
                        op((b) -> b.regionCode("ZJ0000")),
                        "regionCode",
                        "must be the 6-digit administrative division code of the province (GB/T 2260), e.g. 330000"),
                arguments("protocol missing", op((b) -> b.protocol(null)), "protocol", "must be oidc or saml"),
                arguments(
                        "issuer missing",
                        op((b) -> b.issuer(null)),
                        "issuer",
                        "must be the upstream's issuer URL, e.g. https://idp.example.gov.cn"),
                arguments(
                        "issuer relative",
                        op((b) -> b.issuer("/realms/zj")),
                        "issuer",
                        "must be an absolute URL with a host, e.g. https://idp.example.gov.cn"),
                arguments(
                        "issuer not a URL",
                        op((b) -> b.issuer("https://idp example")),
                        "issuer",
                        "'https://idp example' is not a valid URL"),
                arguments(
                        "issuer plain http", op((b) -> b.issuer("http://idp.example.gov.cn")), "issuer", ISSUER_HTTPS),
                arguments(
                        "issuer other scheme", op((b) -> b.issuer("ftp://idp.example.gov.cn")), "issuer", ISSUER_HTTPS),
                arguments(
                        "issuer with query",
                        op((b) -> b.issuer("https://idp.example.gov.cn?realm=zj")),
                        "issuer",
                        "must have no query and no fragment (OpenID Connect Discovery 1.0 §3)"),
                arguments(
                        "issuer with fragment",
                        op((b) -> b.issuer("https://idp.example.gov.cn#top")),
                        "issuer",
                        "must have no query and no fragment (OpenID Connect Discovery 1.0 §3)"),
                arguments(
                        "issuer too long",
                        op((b) -> b.issuer("https://idp.example.gov.cn/" + "a".repeat(490))),
                        "issuer",
                        "must be at most 512 characters"),
                arguments(
                        "client id blank",
                        op((b) -> b.clientId(" ")),
                        "clientId",
                        "must be our client id at the upstream: not blank, at most 255 characters"),
                arguments(
                        "client authentication missing",
                        op((b) -> b.clientAuthentication(null)),
                        "clientAuthentication",
                        "must be one of client_secret_basic, client_secret_post, private_key_jwt"),
                arguments(
                        "secret missing with client_secret_basic",
                        op((b) -> b.clientSecret(null)),
                        "clientSecret",
                        "is required with client_secret_basic and client_secret_post"),
                arguments(
                        "secret blank with client_secret_post",
                        op((b) -> b.clientAuthentication(ClientAuthentication.CLIENT_SECRET_POST)
                                .clientSecret(" ")),
                        "clientSecret",
                        "is required with client_secret_basic and client_secret_post"),
                arguments(
                        "secret with private_key_jwt",
                        op((b) -> b.privateKeyJwt().clientSecret("s3cret")),
                        "clientSecret",
                        "must not be set with private_key_jwt, which authenticates with a signed JWT "
                                + "instead of a secret"),
                arguments(
                        "secret too long",
                        op((b) -> b.clientSecret("s".repeat(513))),
                        "clientSecret",
                        "must be at most 512 characters"),
                arguments(
                        "scopes without openid",
                        op((b) -> b.scopes("profile")),
                        "scopes",
                        "must include openid, so the upstream returns an ID token"),
                arguments(
                        "scope with a quote",
                        op((b) -> b.scopes("openid", "a\"b")),
                        "scopes",
                        "'a\"b' is not a scope: 1 to 64 printable ASCII characters without spaces, '\"' or '\\' "
                                + "(RFC 6749 §3.3)"),
                arguments(
                        "scope with a space",
                        op((b) -> b.scopes("openid", "a b")),
                        "scopes",
                        "'a b' is not a scope: 1 to 64 printable ASCII characters without spaces, '\"' or '\\' "
                                + "(RFC 6749 §3.3)"),
                arguments(
                        "scope listed twice",
                        op((b) -> b.scopes("openid", "profile", "openid")),
                        "scopes",
                        "'openid' is listed twice"),
                arguments(
                        "unknown mapped attribute",
                        op((b) -> b.claimMapping("email", "email")),
                        "claimMappings.email",
                        "'email' is not an account attribute; map only name, id_number, id_document_type, phone, level"),
                arguments(
                        "blank claim name",
                        op((b) -> b.claimMapping("phone", " ")),
                        "claimMappings.phone",
                        "must name the upstream claim that holds it, e.g. phone: not blank, at most 128 characters"),
                arguments(
                        "trust level missing",
                        op((b) -> b.trustLevel(null)),
                        "trustLevel",
                        "must be 1, 2, 3 or 4: the highest level of assurance (L1 to L4) this identity provider may "
                                + "assert"));
    }

    @Test
    void validateWhenManyRulesBrokenThenEveryViolationInRuleOrder() {
        assertThat(IdentityProviderValidator.validate(TestIdentityProviders.builder()
                        .alias("X")
                        .issuer("http://idp.example.gov.cn")
                        .scopes("profile")
                        .trustLevel(null)
                        .build()))
                .extracting(Violation::field)
                .containsExactly("alias", "issuer", "scopes", "trustLevel");
    }

    @Test
    void requireValidWhenInvalidThenExceptionCarriesViolations() {
        assertThatExceptionOfType(InvalidIdentityProviderException.class)
                .isThrownBy(() -> IdentityProviderValidator.requireValid(TestIdentityProviders.builder()
                        .regionCode("1")
                        .trustLevel(AssuranceLevel.L4)
                        .build()))
                .satisfies((ex) ->
                        assertThat(ex.violations()).extracting(Violation::field).containsExactly("regionCode"));
    }

    private static UnaryOperator<Builder> op(UnaryOperator<Builder> change) {
        return change;
    }
}
