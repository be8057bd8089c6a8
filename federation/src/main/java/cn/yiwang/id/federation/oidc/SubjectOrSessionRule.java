package cn.yiwang.id.federation.oidc;

import java.util.Optional;

/** A logout token MUST contain {@code sub}, {@code sid} or both (Back-Channel Logout §2.6 step 4). */
final class SubjectOrSessionRule implements JwtRule {

    @Override
    public Optional<String> check(JwtClaimsCheck token) {
        return (token.string("sub") != null || token.string("sid") != null)
                ? Optional.empty()
                : Optional.of("missing-sub-and-sid");
    }
}
