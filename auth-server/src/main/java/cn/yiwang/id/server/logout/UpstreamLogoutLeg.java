package cn.yiwang.id.server.logout;

import java.util.Optional;

/**
 * The upstream leg of a browser logout: where the session came from a provincial IdP, the browser goes there
 * first. Implemented on the province side ({@code server.province}), so logout does not depend on it.
 */
@FunctionalInterface
public interface UpstreamLogoutLeg {

    /**
     * Prepares the upstream leg of a logout of session {@code sid}, before the session is ended.
     * @param finalTarget where the logout is meant to end
     * @return the upstream logout URL to send the browser to, or empty when there is none
     */
    Optional<String> prepare(String sid, String finalTarget);
}
