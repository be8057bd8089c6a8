package cn.yiwang.id.server.client;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The public keys a {@code private_key_jwt} client registers (RFC 7523 §3, OIDC Core §9): a JWK Set of
 * RSA keys of at least 2048 bits (RS256, PS256) or P-256 EC keys (ES256), public parts only.
 */
public final class ClientKeys {

    /** The algorithms a client assertion may be signed with. */
    public static final Set<JWSAlgorithm> ALGORITHMS =
            Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.ES256);

    private ClientKeys() {}

    /**
     * @param jwks the JWK Set as JSON
     * @param algorithm the one algorithm registered, or null for any of {@link #ALGORITHMS}
     * @return what is wrong with the keys, empty when they can verify assertions
     */
    public static List<String> violations(String jwks, String algorithm) {
        List<String> problems = new ArrayList<>();
        JWKSet set;
        try {
            set = JWKSet.parse(jwks);
        } catch (ParseException ex) {
            problems.add("not a JWK Set (RFC 7517 §5): " + ex.getMessage());
            return problems;
        }
        if (set.getKeys().isEmpty()) {
            problems.add("holds no key");
        }
        boolean usable = false;
        for (JWK key : set.getKeys()) {
            String name = (key.getKeyID() != null) ? "key '" + key.getKeyID() + "'" : "a key without kid";
            if (key.isPrivate()) {
                problems.add(name + " has private parts; register the public key only");
                continue;
            }
            if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
                continue;
            }
            if (key instanceof RSAKey rsa) {
                if (rsa.size() < 2048) {
                    problems.add(name + " is an RSA key of " + rsa.size() + " bits; at least 2048 are needed");
                } else {
                    usable |= algorithm == null || "RS256".equals(algorithm) || "PS256".equals(algorithm);
                }
            } else if (key instanceof ECKey ec) {
                if (!Curve.P_256.equals(ec.getCurve())) {
                    problems.add(name + " is on curve " + ec.getCurve() + "; ES256 needs P-256");
                } else {
                    usable |= algorithm == null || "ES256".equals(algorithm);
                }
            } else {
                problems.add(name + " is of type " + key.getKeyType() + "; RSA or EC keys are needed");
            }
        }
        if (problems.isEmpty() && !usable) {
            problems.add("no signing key fits " + ((algorithm != null) ? algorithm : "RS256, PS256 or ES256"));
        }
        return problems;
    }
}
