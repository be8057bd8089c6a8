package cn.yiwang.id.federation.oidc;

import java.util.Map;
import java.util.Optional;

/**
 * {@code events} MUST be a JSON object with the member {@code http://schemas.openid.net/event/backchannel-logout},
 * whose value is a JSON object (Back-Channel Logout §2.6 step 5): what makes the JWT a logout token and not an ID
 * token or any other token signed with the same keys.
 */
final class LogoutEventRule implements JwtRule {

    static final String BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

    @Override
    public Optional<String> check(JwtClaimsCheck token) {
        Object events = token.claims().getClaim("events");
        if (events instanceof Map<?, ?> map && map.get(BACKCHANNEL_LOGOUT_EVENT) instanceof Map) {
            return Optional.empty();
        }
        return Optional.of("missing-logout-event");
    }
}
