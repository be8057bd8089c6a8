package cn.yiwang.id.federation.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * Our signing key towards the upstream identity providers, for {@code private_key_jwt} client authentication
 * (OIDC Core §9, RFC 7523 §2.2), configured as {@code yiwang.federation.oidc.private-key-jwt.jwk}.
 *
 * <p>Its public half, {@link #publicJwkSet()}, is what each province registers for our client (or fetches, when
 * the auth-server publishes it). Without a configured key, providers set to {@code private_key_jwt} cannot be used.
 */
public final class RelyingPartyKey {

    private static final String PROPERTY = "yiwang.federation.oidc.private-key-jwt.jwk";

    private static final int MIN_RSA_BITS = 2048;

    private final JWK key;

    private final JWSAlgorithm algorithm;

    private final JWSSigner signer;

    private final FederationOidcProperties.PrivateKeyJwt settings;

    private final Clock clock;

    RelyingPartyKey(FederationOidcProperties.PrivateKeyJwt settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        if (settings.jwk() == null || settings.jwk().isBlank()) {
            this.key = null;
            this.algorithm = null;
            this.signer = null;
            return;
        }
        JWK parsed;
        try {
            parsed = JWK.parse(settings.jwk());
        } catch (ParseException ex) {
            // the message of the parser could quote the key: name the property only
            throw new IllegalArgumentException(PROPERTY + " is not a JSON Web Key");
        }
        if (!parsed.isPrivate()
                || parsed.getKeyID() == null
                || parsed.getKeyID().isBlank()) {
            throw new IllegalArgumentException(PROPERTY + " must be a private key with a kid");
        }
        try {
            if (parsed instanceof RSAKey rsa && rsa.size() >= MIN_RSA_BITS) {
                this.algorithm = JWSAlgorithm.RS256;
                this.signer = new RSASSASigner(rsa);
            } else if (parsed instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
                this.algorithm = JWSAlgorithm.ES256;
                this.signer = new ECDSASigner(ec);
            } else {
                throw new IllegalArgumentException(
                        PROPERTY + " must be an RSA key of at least " + MIN_RSA_BITS + " bits or an EC P-256 key");
            }
        } catch (JOSEException ex) {
            throw new IllegalArgumentException(
                    PROPERTY + " cannot sign: " + ex.getClass().getSimpleName());
        }
        if (parsed.getAlgorithm() != null && !parsed.getAlgorithm().equals(this.algorithm)) {
            throw new IllegalArgumentException(
                    PROPERTY + " has alg " + parsed.getAlgorithm() + "; expected " + this.algorithm);
        }
        if (parsed.getKeyUse() != null && !KeyUse.SIGNATURE.equals(parsed.getKeyUse())) {
            throw new IllegalArgumentException(PROPERTY + " must be a signing key (use=sig)");
        }
        this.key = parsed;
    }

    /**
     * Whether a key is configured.
     * @return {@code true} when {@code private_key_jwt} can be used
     */
    public boolean isConfigured() {
        return this.key != null;
    }

    /**
     * The public half, to register at the upstreams or publish.
     * @return a set of the one public key (with {@code kid}, {@code use=sig} and {@code alg}); empty when none is
     * configured
     */
    public JWKSet publicJwkSet() {
        if (this.key == null) {
            return new JWKSet();
        }
        JWK publicKey = this.key.toPublicJWK();
        JWK described = (publicKey instanceof RSAKey rsa)
                ? new RSAKey.Builder(rsa)
                        .keyUse(KeyUse.SIGNATURE)
                        .algorithm(this.algorithm)
                        .build()
                : new ECKey.Builder((ECKey) publicKey)
                        .keyUse(KeyUse.SIGNATURE)
                        .algorithm(this.algorithm)
                        .build();
        return new JWKSet(described);
    }

    FederationOidcProperties.PrivateKeyJwt.Audience audience() {
        return this.settings.audience();
    }

    /**
     * Signs a client assertion (RFC 7523 §3): {@code iss} and {@code sub} our client id, {@code aud} the provider,
     * a fresh {@code jti}, and a short life.
     * @param clientId our client id at the provider
     * @param audience the provider's token endpoint or issuer
     * @return the compact JWT
     */
    String assertion(String clientId, String audience) {
        if (this.key == null) {
            throw new IllegalStateException(PROPERTY + " is not set");
        }
        Instant now = this.clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(clientId)
                .subject(clientId)
                .audience(audience)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(this.settings.lifetime())))
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(this.algorithm).keyID(this.key.getKeyID()).build(), claims);
        try {
            jwt.sign(this.signer);
        } catch (JOSEException ex) {
            throw new IllegalStateException("Cannot sign a client assertion with " + PROPERTY, ex);
        }
        return jwt.serialize();
    }

    /** Keeps the key out of logs. */
    @Override
    public String toString() {
        return "RelyingPartyKey[" + ((this.key != null) ? this.key.getKeyID() + ", " + this.algorithm : "none") + "]";
    }
}
