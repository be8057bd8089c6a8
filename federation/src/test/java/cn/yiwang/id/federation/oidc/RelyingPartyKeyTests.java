package cn.yiwang.id.federation.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Our private_key_jwt key: what is accepted, what is published, and the assertions it signs. */
class RelyingPartyKeyTests {

    private final TestClock clock = new TestClock();

    @Test
    void publicJwkSetWhenRsaKeyConfiguredThenOnlyThePublicHalfWithKidUseAndAlg() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("yiwang-rp-2026").generate();
        RelyingPartyKey key = key(rsa.toJSONString());

        JWK published = key.publicJwkSet().getKeyByKeyId("yiwang-rp-2026");

        assertThat(key.isConfigured()).isTrue();
        assertThat(published.isPrivate()).isFalse();
        assertThat(published.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
        assertThat(published.getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(key.toString())
                .contains("yiwang-rp-2026")
                .doesNotContain(rsa.getPrivateExponent().toString());
    }

    @Test
    void assertionWhenSignedThenClientIsIssuerAndSubjectWithAudienceAndShortLife() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("yiwang-rp-2026").generate();

        SignedJWT assertion = SignedJWT.parse(
                key(rsa.toJSONString()).assertion("yiwang-national", "https://tongban.zjzwfw.gov.cn/token"));

        assertThat(assertion.verify(new RSASSAVerifier(rsa.toPublicJWK()))).isTrue();
        assertThat(assertion.getHeader().getKeyID()).isEqualTo("yiwang-rp-2026");
        assertThat(assertion.getJWTClaimsSet().getIssuer()).isEqualTo("yiwang-national");
        assertThat(assertion.getJWTClaimsSet().getSubject()).isEqualTo("yiwang-national");
        assertThat(assertion.getJWTClaimsSet().getAudience()).containsExactly("https://tongban.zjzwfw.gov.cn/token");
        assertThat(assertion.getJWTClaimsSet().getJWTID()).isNotBlank();
        assertThat(Duration.between(
                        assertion.getJWTClaimsSet().getIssueTime().toInstant(),
                        assertion.getJWTClaimsSet().getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void constructorWhenNoKeyThenNotConfiguredAndNothingPublished() {
        RelyingPartyKey key = key(null);

        assertThat(key.isConfigured()).isFalse();
        assertThat(key.publicJwkSet().getKeys()).isEmpty();
    }

    @Test
    void constructorWhenPublicKeyOnlyThenRefused() throws Exception {
        String publicOnly =
                new RSAKeyGenerator(2048).keyID("k").generate().toPublicJWK().toJSONString();

        assertThatIllegalArgumentException()
                .isThrownBy(() -> key(publicOnly))
                .withMessageContaining("yiwang.federation.oidc.private-key-jwt.jwk");
    }

    @Test
    void constructorWhenSymmetricKeyThenRefusedWithoutQuotingIt() throws Exception {
        String secret = new OctetSequenceKeyGenerator(256).keyID("k").generate().toJSONString();

        assertThatIllegalArgumentException()
                .isThrownBy(() -> key(secret))
                .withMessageContaining("yiwang.federation.oidc.private-key-jwt.jwk")
                .satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("\"k\":"));
    }

    @Test
    void constructorWhenKeyWithoutKidThenRefused() throws Exception {
        String noKid = new RSAKeyGenerator(2048).generate().toJSONString();

        assertThatIllegalArgumentException().isThrownBy(() -> key(noKid)).withMessageContaining("kid");
    }

    @Test
    void constructorWhenNotJsonThenRefusedNamingTheProperty() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> key("-----BEGIN PRIVATE KEY-----"))
                .withMessage("yiwang.federation.oidc.private-key-jwt.jwk is not a JSON Web Key");
    }

    private RelyingPartyKey key(String jwk) {
        return new RelyingPartyKey(
                new FederationOidcProperties.PrivateKeyJwt(
                        jwk, FederationOidcProperties.PrivateKeyJwt.Audience.TOKEN_ENDPOINT, Duration.ofSeconds(60)),
                this.clock);
    }
}
