package cn.yiwang.id.server.saml;

import java.security.KeyPair;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.yiwang.id.saml.Certificates;
import cn.yiwang.id.server.keys.MasterKeyCipher;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Our SAML key pair and its certificate, kept beside the OIDC signing keys (private part encrypted
 * under the master key) so every node signs with the same key and publishes the same certificate.
 * Created on first use; when two nodes race, both settle on the oldest row.
 */
public final class SamlKeyStore {

    private static final Logger log = LoggerFactory.getLogger(SamlKeyStore.class);

    static final String ALGORITHM = "SAML-RS256";

    private static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(3650);

    private final JdbcClient jdbc;
    private final MasterKeyCipher cipher;
    private final Clock clock;
    private volatile SamlCredential cached;

    public SamlKeyStore(JdbcClient jdbc, MasterKeyCipher cipher, Clock clock) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.clock = clock;
    }

    public SamlCredential credential() {
        SamlCredential credential = this.cached;
        if (credential == null) {
            credential = loadOrCreate();
            this.cached = credential;
        }
        return credential;
    }

    private SamlCredential loadOrCreate() {
        SamlCredential loaded = load();
        if (loaded != null) {
            return loaded;
        }
        insert(generate());
        return load();
    }

    private SamlCredential load() {
        List<String> rows = this.jdbc
            .sql("SELECT private_key_encrypted FROM signing_key WHERE algorithm = ? AND status = 'ACTIVE' "
                    + "ORDER BY created_at, kid")
            .param(ALGORITHM)
            .query(String.class)
            .list();
        if (rows.isEmpty()) {
            return null;
        }
        try {
            RSAKey key = RSAKey.parse(this.cipher.decrypt(rows.get(0)));
            X509Certificate certificate = Certificates.parse(key.getX509CertChain().get(0).toString());
            return new SamlCredential(key.toPrivateKey(), certificate);
        }
        catch (ParseException | JOSEException ex) {
            throw new IllegalStateException("The stored SAML key is not valid", ex);
        }
    }

    private void insert(RSAKey key) {
        this.jdbc
            .sql("INSERT INTO signing_key (kid, algorithm, public_jwk, private_key_encrypted, status, created_at) "
                    + "VALUES (?, ?, ?, ?, 'ACTIVE', ?)")
            .params(key.getKeyID(), ALGORITHM, key.toPublicJWK().toJSONString(),
                    this.cipher.encrypt(key.toJSONString()), Timestamp.from(this.clock.instant()))
            .update();
        log.info("Generated the SAML signing key {}", key.getKeyID());
    }

    private RSAKey generate() {
        try {
            String kid = "saml-" + this.clock.instant().getEpochSecond() + "-"
                    + UUID.randomUUID().toString().substring(0, 8);
            RSAKey key = new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
            X509Certificate certificate = Certificates.selfSigned(new KeyPair(key.toPublicKey(), key.toPrivateKey()),
                    "Yiwang ID SAML", this.clock.instant().minus(Duration.ofDays(1)), CERTIFICATE_VALIDITY);
            return new RSAKey.Builder(key).x509CertChain(List.of(Base64.encode(certificate.getEncoded()))).build();
        }
        catch (JOSEException | CertificateEncodingException ex) {
            throw new IllegalStateException("Cannot generate the SAML key", ex);
        }
    }
}
