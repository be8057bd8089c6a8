package cn.yiwang.id.federation.oidc;

import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;

/**
 * {@code at_hash}, when present, MUST be the left half of the SHA-256 hash of the access token issued with it
 * (OIDC Core §3.1.3.8 and §3.2.2.9; optional in the code flow, but a value that is there and wrong means the two
 * tokens do not belong together). Every accepted algorithm is a 256-bit one, so the hash is always SHA-256.
 */
final class AccessTokenHashRule implements JwtRule {

    @Override
    public Optional<String> check(JwtClaimsCheck token) {
        Object atHash = token.claims().getClaim("at_hash");
        if (atHash == null) {
            return Optional.empty();
        }
        if (token.accessToken() == null || !(atHash instanceof String value)) {
            return Optional.of("at-hash-mismatch");
        }
        return ConstantTime.equal(hash(token.accessToken()), value)
                ? Optional.empty()
                : Optional.of("at-hash-mismatch");
    }

    static String hash(String accessToken) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII));
            return Base64URL.encode(Arrays.copyOf(digest, digest.length / 2)).toString();
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", ex);
        }
    }
}
