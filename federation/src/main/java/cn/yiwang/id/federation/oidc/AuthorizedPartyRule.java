package cn.yiwang.id.federation.oidc;

import java.util.Optional;

/**
 * {@code azp}, when present, MUST be our client id; with several audiences it MUST be present, so that a token
 * issued to another party that merely lists us does not sign us in (OIDC Core §3.1.3.7 steps 4 and 5, taken as
 * MUSTs: the SHOULDs there protect exactly this case).
 */
final class AuthorizedPartyRule implements JwtRule {

    @Override
    public Optional<String> check(JwtClaimsCheck token) {
        Object azp = token.claims().getClaim("azp");
        if (azp != null) {
            return token.clientId().equals(azp) ? Optional.empty() : Optional.of("azp-mismatch");
        }
        return (token.claims().getAudience().size() > 1) ? Optional.of("azp-missing") : Optional.empty();
    }
}
