package cn.yiwang.id.saml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CertificatesTests {

    @Test
    void parseWhenBase64OrPemThenSameCertificate() {
        String base64 = Certificates.base64(TestKeys.CERT);
        String pem = "-----BEGIN CERTIFICATE-----\n" + base64.replaceAll("(.{64})", "$1\n")
                + "\n-----END CERTIFICATE-----\n";
        assertThat(Certificates.parse(base64)).isEqualTo(TestKeys.CERT);
        assertThat(Certificates.parse(pem)).isEqualTo(TestKeys.CERT);
    }

    @Test
    void parseWhenNotACertificateThenInvalidCertificate() {
        assertThatThrownBy(() -> Certificates.parse("bm90IGEgY2VydA=="))
                .extracting((e) -> ((SamlException) e).reason())
                .isEqualTo("invalid_certificate");
    }

    @Test
    void selfSignedWhenIssuedThenNamedAndValidForItsLife() throws Exception {
        Instant notBefore = Instant.parse("2026-01-01T00:00:00Z");
        var certificate = Certificates.selfSigned(TestKeys.KEYS, "yiwang, test", notBefore, Duration.ofDays(30));
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=yiwang\\, test");
        assertThat(certificate.getNotAfter().toInstant()).isEqualTo(notBefore.plus(Duration.ofDays(30)));
        certificate.verify(TestKeys.KEYS.getPublic());
    }
}
