package cn.yiwang.id.server.saml;

import cn.yiwang.id.saml.Certificates;
import cn.yiwang.id.server.keys.SigningKeyStore;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64;
import java.security.KeyPair;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Our SAML key pair and its certificate, kept by the {@link SigningKeyStore} beside the OIDC signing
 * keys (under the name {@code SAML-RS256}, the certificate in the JWK's {@code x5c}), so every node
 * signs with the same key and publishes the same certificate. Created on first use.
 */
public final class SamlKeyStore {

    static final String ALGORITHM = "SAML-RS256";

    private static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(3650);

    private final SigningKeyStore keys;
    private final Clock clock;
    private volatile SamlCredential cached;

    public SamlKeyStore(SigningKeyStore keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    public SamlCredential credential() {
        SamlCredential credential = this.cached;
        if (credential == null) {
            credential = load();
            this.cached = credential;
        }
        return credential;
    }

    private SamlCredential load() {
        try {
            RSAKey key = this.keys.activeKey(ALGORITHM, this::generate).toRSAKey();
            X509Certificate certificate =
                    Certificates.parse(key.getX509CertChain().get(0).toString());
            return new SamlCredential(key.toPrivateKey(), certificate);
        } catch (JOSEException | RuntimeException ex) {
            throw new IllegalStateException("The stored SAML key is not valid", ex);
        }
    }

    private RSAKey generate() {
        try {
            String kid = "saml-" + this.clock.instant().getEpochSecond() + "-"
                    + UUID.randomUUID().toString().substring(0, 8);
            RSAKey key = new RSAKeyGenerator(2048)
                    .keyID(kid)
                    .keyUse(KeyUse.SIGNATURE)
                    .generate();
            X509Certificate certificate = Certificates.selfSigned(
                    new KeyPair(key.toPublicKey(), key.toPrivateKey()),
                    "Yiwang ID SAML",
                    this.clock.instant().minus(Duration.ofDays(1)),
                    CERTIFICATE_VALIDITY);
            return new RSAKey.Builder(key)
                    .x509CertChain(List.of(Base64.encode(certificate.getEncoded())))
                    .build();
        } catch (JOSEException | CertificateEncodingException ex) {
            throw new IllegalStateException("Cannot generate the SAML key", ex);
        }
    }
}
