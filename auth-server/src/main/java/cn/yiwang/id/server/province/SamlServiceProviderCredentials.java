package cn.yiwang.id.server.province;

import cn.yiwang.id.federation.saml.ServiceProviderCredentials;
import cn.yiwang.id.server.keys.KeyRole;
import cn.yiwang.id.server.saml.SamlCredential;
import cn.yiwang.id.server.saml.SamlKeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The keys the federation's service provider uses towards SAML provinces, each of its own role and none shared with
 * our SAML IdP ({@link SamlKeyStore}; in PostgreSQL for every node): {@link KeyRole#SAML_SP_SIGNING} signs our
 * requests and metadata, {@link KeyRole#SAML_SP_DECRYPTION} decrypts what provinces encrypt to us. Read on use, so
 * rotations apply without a restart.
 */
@Component
public final class SamlServiceProviderCredentials implements ServiceProviderCredentials {

    private final SamlKeyStore keys;

    public SamlServiceProviderCredentials(SamlKeyStore keys) {
        this.keys = keys;
    }

    @Override
    public PrivateKey signingKey() {
        return this.keys.credential(KeyRole.SAML_SP_SIGNING).privateKey();
    }

    @Override
    public X509Certificate certificate() {
        return this.keys.credential(KeyRole.SAML_SP_SIGNING).certificate();
    }

    @Override
    public PrivateKey decryptionKey() {
        return this.keys.credential(KeyRole.SAML_SP_DECRYPTION).privateKey();
    }

    @Override
    public X509Certificate encryptionCertificate() {
        return this.keys.credential(KeyRole.SAML_SP_DECRYPTION).certificate();
    }

    @Override
    public List<X509Certificate> signingCertificates() {
        return this.keys.publishedCertificates(KeyRole.SAML_SP_SIGNING);
    }

    @Override
    public List<X509Certificate> encryptionCertificates() {
        return this.keys.publishedCertificates(KeyRole.SAML_SP_DECRYPTION);
    }

    @Override
    public List<PrivateKey> decryptionKeys() {
        return this.keys.publishedCredentials(KeyRole.SAML_SP_DECRYPTION).stream()
                .map(SamlCredential::privateKey)
                .toList();
    }
}
