package cn.yiwang.id.server.province;

import cn.yiwang.id.federation.saml.ServiceProviderCredentials;
import cn.yiwang.id.server.saml.SamlKeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import org.springframework.stereotype.Component;

/**
 * Our SAML key as the federation's service provider uses it towards SAML provinces: the same key
 * and certificate as our SAML IdP ({@link SamlKeyStore}, one key in PostgreSQL for every node), so
 * we publish one SAML certificate. Read on first use, not at start-up.
 */
@Component
public final class SamlServiceProviderCredentials implements ServiceProviderCredentials {

    private final SamlKeyStore keys;

    public SamlServiceProviderCredentials(SamlKeyStore keys) {
        this.keys = keys;
    }

    @Override
    public PrivateKey signingKey() {
        return this.keys.credential().privateKey();
    }

    @Override
    public X509Certificate certificate() {
        return this.keys.credential().certificate();
    }
}
