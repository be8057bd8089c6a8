package cn.yiwang.id.federation.oidc;

import cn.yiwang.id.federation.IdentityProvider;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Verifies the signature of a JWT from an upstream identity provider against its published keys, before any
 * claim is looked at.
 *
 * <p>Only asymmetric signatures are accepted: RS256, PS256 and ES256. {@code alg=none} would let anyone forge a
 * token, and HMAC would make the client secret (which the provider and we share) a signing key: both are refused
 * whatever the keys published.
 */
final class UpstreamJwtVerifier {

    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.ES256);

    private final UpstreamJwks jwks;

    UpstreamJwtVerifier(UpstreamJwks jwks) {
        this.jwks = jwks;
    }

    /**
     * Parses and verifies a JWT.
     * @param idp the identity provider that issued it
     * @param metadata the provider's metadata
     * @param token the compact serialisation
     * @param kind names the token in failure reasons ({@code id-token}, {@code logout-token})
     * @param types the {@code typ} header values accepted, lower case without {@code application/}; an absent
     * {@code typ} is always accepted
     * @return the verified token
     * @throws UpstreamFailure {@code <kind>-malformed}, {@code -alg-none}, {@code -encrypted},
     * {@code -alg-not-allowed}, {@code -wrong-type}, {@code -unknown-kid}, {@code -bad-signature}, or a failure to
     * fetch the keys
     */
    Verified verify(
            IdentityProvider idp, UpstreamProviderMetadata metadata, String token, String kind, Set<String> types)
            throws UpstreamFailure {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException ex) {
            throw UpstreamFailure.invalid(kind + "-malformed");
        }
        if (jwt instanceof PlainJWT) {
            throw UpstreamFailure.invalid(kind + "-alg-none");
        }
        if (jwt instanceof EncryptedJWT || !(jwt instanceof SignedJWT signed)) {
            // no decryption key is registered with any province; an encrypted token cannot be ours to read
            throw UpstreamFailure.invalid(kind + "-encrypted");
        }
        JWSHeader header = signed.getHeader();
        if (!ALGORITHMS.contains(header.getAlgorithm())) {
            throw UpstreamFailure.invalid(kind + "-alg-not-allowed");
        }
        if (!typeAccepted(header.getType(), types)) {
            throw UpstreamFailure.invalid(kind + "-wrong-type");
        }
        List<JWK> keys = this.jwks.keys(idp, metadata, header);
        if (keys.isEmpty()) {
            throw UpstreamFailure.invalid(kind + "-unknown-kid");
        }
        for (JWK key : keys) {
            if (verifies(signed, key)) {
                try {
                    return new Verified(header.getAlgorithm(), signed.getJWTClaimsSet());
                } catch (ParseException ex) {
                    throw UpstreamFailure.invalid(kind + "-malformed");
                }
            }
        }
        throw UpstreamFailure.invalid(kind + "-bad-signature");
    }

    private static boolean verifies(SignedJWT signed, JWK key) {
        try {
            JWSVerifier verifier =
                    (key instanceof RSAKey rsa) ? new RSASSAVerifier(rsa) : new ECDSAVerifier((ECKey) key);
            return signed.verify(verifier);
        } catch (JOSEException ex) {
            // a key that cannot verify this signature (wrong size, unsupported parameter) is just not the key
            return false;
        }
    }

    private static boolean typeAccepted(JOSEObjectType type, Set<String> types) {
        if (type == null) {
            return true;
        }
        String value = type.getType().toLowerCase(Locale.ROOT);
        if (value.startsWith("application/")) {
            value = value.substring("application/".length());
        }
        return types.contains(value);
    }

    /**
     * A JWT whose signature holds.
     * @param algorithm the algorithm it was signed with
     * @param claims its claims, not yet checked
     */
    record Verified(JWSAlgorithm algorithm, JWTClaimsSet claims) {}
}
