package cn.yiwang.id.federation.oidc;

import java.util.Optional;

/**
 * {@code sub} is REQUIRED, at most 255 ASCII characters (OIDC Core §2): it is the key of the link to the national
 * account.
 */
final class SubjectRule implements JwtRule {

    private static final int MAX_LENGTH = 255;

    @Override
    public Optional<String> check(JwtClaimsCheck token) {
        String sub = token.string("sub");
        if (sub == null) {
            return Optional.of("missing-sub");
        }
        boolean ascii = sub.chars().allMatch((c) -> c >= 0x20 && c < 0x7F);
        return (ascii && sub.length() <= MAX_LENGTH) ? Optional.empty() : Optional.of("invalid-sub");
    }
}
