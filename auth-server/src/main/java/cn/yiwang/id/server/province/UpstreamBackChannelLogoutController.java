package cn.yiwang.id.server.province;

import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.oidc.UpstreamLogout;
import cn.yiwang.id.federation.oidc.UpstreamLogoutTokenException;
import cn.yiwang.id.federation.oidc.UpstreamLogoutTokenValidator;
import cn.yiwang.id.federation.registry.IdentityProviderRegistry;
import cn.yiwang.id.federation.signin.UpstreamLogouts;
import cn.yiwang.id.server.logout.SsoSessionTerminator;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Our back-channel logout endpoint towards each provincial IdP (OIDC Back-Channel Logout 1.0 §2.5):
 * a valid logout token ends the national sessions that came from that upstream session (by
 * {@code sid}, else by {@code sub}), with the usual fan-out to our own relying parties.
 */
@RestController
public final class UpstreamBackChannelLogoutController {

    private final IdentityProviderRegistry registry;
    private final UpstreamLogoutTokenValidator validator;
    private final UpstreamLogouts upstreamLogouts;
    private final SsoSessionTerminator terminator;

    public UpstreamBackChannelLogoutController(
            IdentityProviderRegistry registry,
            UpstreamLogoutTokenValidator validator,
            UpstreamLogouts upstreamLogouts,
            SsoSessionTerminator terminator) {
        this.registry = registry;
        this.validator = validator;
        this.upstreamLogouts = upstreamLogouts;
        this.terminator = terminator;
    }

    @PostMapping(
            path = "/federation/{alias}/backchannel-logout",
            consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    public ResponseEntity<String> logout(
            @PathVariable String alias, @RequestParam(name = "logout_token", required = false) String logoutToken) {
        Optional<IdentityProvider> idp = this.registry.findEnabled(alias);
        if (idp.isEmpty() || logoutToken == null || logoutToken.isBlank()) {
            return error(HttpStatus.BAD_REQUEST, "invalid_request");
        }
        UpstreamLogout logout;
        try {
            logout = this.validator.validate(idp.get(), logoutToken);
        } catch (UpstreamLogoutTokenException ex) {
            return ex.upstreamUnavailable()
                    ? error(HttpStatus.SERVICE_UNAVAILABLE, "temporarily_unavailable")
                    : error(HttpStatus.BAD_REQUEST, "invalid_request");
        }
        Set<String> sessions = this.upstreamLogouts.nationalSessions(alias, logout.sub(), logout.sid());
        sessions.forEach((sid) -> {
            this.terminator.end(sid, "idp:" + alias, "upstream-logout");
            this.upstreamLogouts.forget(sid);
        });
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).build();
    }

    private static ResponseEntity<String> error(HttpStatus status, String code) {
        return ResponseEntity.status(status)
                .cacheControl(CacheControl.noStore())
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"error\":\"" + code + "\"}");
    }
}
