package cn.yiwang.id.saml;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** X.509 certificates as SAML metadata carries them (base64 DER), and self-signed ones for our own keys. */
public final class Certificates {

    private Certificates() {}

    /** Parses base64 DER or PEM (whitespace and PEM armour ignored). */
    public static X509Certificate parse(String base64OrPem) {
        String body = base64OrPem
                .replace("-----BEGIN CERTIFICATE-----", "")
                .replace("-----END CERTIFICATE-----", "")
                .replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(body);
            return (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (IllegalArgumentException | CertificateException ex) {
            throw new SamlException("invalid_certificate", "Not an X.509 certificate");
        }
    }

    public static String base64(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (CertificateEncodingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * A self-signed certificate for a key pair of ours: SAML peers only pin the key in it (metadata
     * trust), so no CA is involved; the validity covers the key's planned life.
     */
    public static X509Certificate selfSigned(KeyPair keyPair, String commonName, Instant notBefore, Duration validity) {
        try {
            X500Name name = new X500Name("CN=" + commonName.replace(",", "\\,"));
            BigInteger serial = new BigInteger(96, new SecureRandom());
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    name, serial, Date.from(notBefore), Date.from(notBefore.plus(validity)), name, keyPair.getPublic());
            String algorithm = "EC".equals(keyPair.getPrivate().getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(keyPair.getPrivate())));
        } catch (OperatorCreationException | CertificateException ex) {
            throw new IllegalStateException("Cannot create a self-signed certificate", ex);
        }
    }
}
