package cn.yiwang.id.server.federation;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import cn.yiwang.id.federation.saml.ServiceProviderCredentials;
import cn.yiwang.id.server.keys.SigningKeyStore;

import org.springframework.stereotype.Component;

/**
 * Our SAML SP keys towards the provincial IdPs, for now the active RS256 key of the
 * {@link SigningKeyStore} (so every node has the same one, from PostgreSQL), with a self-signed
 * certificate made deterministically from it: serial and validity derive from the key, and RSA
 * PKCS#1 signatures are deterministic, so every node publishes byte-identical metadata.
 * Temporary: to be reconciled with the SAML IdP side's credential, which should give the SP its
 * own key rather than share the token signing key.
 */
@Component
public final class TemporaryServiceProviderCredentials implements ServiceProviderCredentials {

    // fixed, so that the certificate does not change from one start to the next
    private static final Instant NOT_BEFORE = Instant.parse("2025-01-01T00:00:00Z");

    private static final Instant NOT_AFTER = NOT_BEFORE.atOffset(ZoneOffset.UTC).plusYears(20).toInstant();

    private final PrivateKey key;

    private final X509Certificate certificate;

    public TemporaryServiceProviderCredentials(SigningKeyStore keys) {
        RSAKey rsa = keys.activeKeys().stream()
            .filter((jwk) -> JWSAlgorithm.RS256.equals(jwk.getAlgorithm()))
            .map(JWK::toRSAKey)
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("No active RS256 key for the SAML service provider"));
        try {
            this.key = rsa.toRSAPrivateKey();
            this.certificate = selfSigned(rsa);
        }
        catch (JOSEException ex) {
            throw new IllegalStateException("The RS256 key cannot serve the SAML service provider", ex);
        }
    }

    @Override
    public PrivateKey signingKey() {
        return this.key;
    }

    @Override
    public X509Certificate certificate() {
        return this.certificate;
    }

    private static X509Certificate selfSigned(RSAKey rsa) throws JOSEException {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(rsa.toRSAPublicKey().getEncoded());
            BigInteger serial = new BigInteger(1, Arrays.copyOf(digest, 12));
            X500Name name = new X500Name("CN=Yiwang ID federation SP " + rsa.getKeyID());
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial, Date.from(NOT_BEFORE),
                    Date.from(NOT_AFTER), name, rsa.toRSAPublicKey());
            return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(rsa.toPrivateKey())));
        }
        catch (NoSuchAlgorithmException | OperatorCreationException | CertificateException ex) {
            throw new IllegalStateException("Cannot make the SAML service provider's certificate", ex);
        }
    }
}
