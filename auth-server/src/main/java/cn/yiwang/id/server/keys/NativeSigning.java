package cn.yiwang.id.server.keys;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The native signing provider (Amazon Corretto Crypto Provider, on AWS-LC) when it is in use, and the adoption of
 * private keys into its key objects. A JDK key handed to it would be converted on every signature, which costs as much
 * as the JDK signing itself; an adopted key is converted once, when the keys are read.
 */
public final class NativeSigning {

    private static final Logger log = LoggerFactory.getLogger(NativeSigning.class);

    private final Provider provider;

    private NativeSigning(Provider provider) {
        this.provider = provider;
    }

    /** @return the JDK's providers only: keys are left as they are */
    public static NativeSigning none() {
        return new NativeSigning(null);
    }

    /**
     * Puts the native provider first among the JVM's providers when it is wanted and its library loads and passes its
     * self-tests; otherwise leaves the providers alone.
     * @param wanted {@code yiwang.crypto.native-provider}
     * @return what signs from now on
     */
    public static NativeSigning install(boolean wanted) {
        if (!wanted) {
            log.info("Native crypto provider turned off (yiwang.crypto.native-provider=false): the JDK signs");
            return none();
        }
        AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
        Throwable loading = accp.getLoadingError();
        if (loading != null) {
            log.info(
                    "Native crypto provider not available on {} {} ({}): the JDK signs",
                    System.getProperty("os.name"),
                    System.getProperty("os.arch"),
                    loading.getClass().getSimpleName());
            return none();
        }
        try {
            accp.assertHealthy();
        } catch (RuntimeException ex) {
            log.warn("Native crypto provider failed its self-tests ({}): the JDK signs", ex.getMessage());
            return none();
        }
        Provider first = Security.getProviders()[0];
        if (!first.getName().equals(accp.getName())) {
            // already present further down (another component added it): move it to the front
            Security.removeProvider(accp.getName());
            AmazonCorrettoCryptoProvider.install();
        }
        log.info("Native crypto provider {} {} signs", accp.getName(), accp.getVersionStr());
        return new NativeSigning(accp);
    }

    /** @return the native provider's name while it is in use */
    public Optional<String> providerName() {
        return Optional.ofNullable(this.provider).map(Provider::getName);
    }

    /**
     * The same key with its private part as a key object of the native provider (public parts, id, certificate
     * chain and use unchanged); public keys and keys of other types as they are.
     * @param jwk a key read from the store
     * @return the key to sign with
     */
    public JWK adopt(JWK jwk) {
        if (this.provider == null || !jwk.isPrivate()) {
            return jwk;
        }
        try {
            if (jwk instanceof RSAKey rsa) {
                return new RSAKey.Builder(rsa.toPublicJWK())
                        .privateKey(translate("RSA", rsa.toPrivateKey()))
                        .build();
            }
            if (jwk instanceof ECKey ec) {
                return new ECKey.Builder(ec.toPublicJWK())
                        .privateKey(translate("EC", ec.toPrivateKey()))
                        .build();
            }
        } catch (JOSEException | GeneralSecurityException ex) {
            log.warn(
                    "Key {} stays with the JDK provider: {} {}",
                    jwk.getKeyID(),
                    ex.getClass().getSimpleName(),
                    ex.getMessage());
        }
        return jwk;
    }

    private PrivateKey translate(String algorithm, PrivateKey key) throws GeneralSecurityException {
        return (PrivateKey) KeyFactory.getInstance(algorithm, this.provider).translateKey(key);
    }
}
