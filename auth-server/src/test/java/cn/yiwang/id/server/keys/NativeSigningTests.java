package cn.yiwang.id.server.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.security.Security;
import org.junit.jupiter.api.Test;

class NativeSigningTests {

    @Test
    void turnedOffLeavesKeysAsTheyAre() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        assertThat(NativeSigning.install(false).adopt(key)).isSameAs(key);
        assertThat(NativeSigning.none().providerName()).isEmpty();
    }

    @Test
    void whereTheLibraryLoadsItSignsFirstWithAdoptedKeysTheJdkVerifies() throws Exception {
        assumeThat(AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError())
                .as("the native library loads on Linux x86-64 only")
                .isNull();
        NativeSigning signing = NativeSigning.install(true);
        assertThat(signing.providerName()).contains(AmazonCorrettoCryptoProvider.PROVIDER_NAME);
        assertThat(Security.getProviders()[0].getName()).isEqualTo(AmazonCorrettoCryptoProvider.PROVIDER_NAME);

        RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        JWK adoptedRsa = signing.adopt(rsa);
        assertThat(adoptedRsa.getKeyID()).isEqualTo("rsa-1");
        assertThat(adoptedRsa.toPublicJWK()).isEqualTo(rsa.toPublicJWK());
        assertThat(adoptedRsa.toRSAKey().toPrivateKey().getClass().getName()).startsWith("com.amazon.corretto");
        JWSObject token = new JWSObject(new JWSHeader(JWSAlgorithm.RS256), new Payload("{\"sub\":\"a\"}"));
        token.sign(new RSASSASigner(adoptedRsa.toRSAKey()));
        assertThat(JWSObject.parse(token.serialize()).verify(new RSASSAVerifier(rsa.toPublicJWK())))
                .isTrue();

        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        JWK adoptedEc = signing.adopt(ec);
        assertThat(adoptedEc.toECKey().toPrivateKey().getClass().getName()).startsWith("com.amazon.corretto");
        JWSObject checkpoint = new JWSObject(new JWSHeader(JWSAlgorithm.ES256), new Payload("{\"n\":1}"));
        checkpoint.sign(new ECDSASigner(adoptedEc.toECKey()));
        assertThat(checkpoint.verify(new ECDSAVerifier(ec.toPublicJWK()))).isTrue();

        // public keys need no adoption
        assertThat(signing.adopt(rsa.toPublicJWK())).isEqualTo(rsa.toPublicJWK());
    }
}
