package cn.yiwang.id.federation.saml;

import cn.yiwang.id.saml.Certificates;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/** Our SP in tests: a key pair made once per test run and its self-signed certificate. */
public final class TestServiceProvider implements ServiceProviderCredentials {

    /** Our SP, named from the test issuer. */
    public static final SamlServiceProvider SP = SamlServiceProvider.forIssuer("https://id.yiwang.example.gov.cn");

    private static final KeyPair KEY = rsa();

    private static final X509Certificate CERTIFICATE = Certificates.selfSigned(
            KEY, "id.yiwang.example.gov.cn", Instant.now().minus(Duration.ofDays(1)), Duration.ofDays(365));

    @Override
    public PrivateKey signingKey() {
        return KEY.getPrivate();
    }

    @Override
    public X509Certificate certificate() {
        return CERTIFICATE;
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
