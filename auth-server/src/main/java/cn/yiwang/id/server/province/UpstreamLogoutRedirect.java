package cn.yiwang.id.server.province;

import cn.yiwang.id.federation.saml.SamlInboundMessage;
import cn.yiwang.id.federation.signin.UpstreamLogouts;
import cn.yiwang.id.server.YiwangServerProperties;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.logout.UpstreamLogoutLeg;
import java.time.Clock;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Logging out nationally also ends the upstream session where the provincial IdP supports it: the
 * federation's {@link UpstreamLogouts} prepares the upstream leg (RP-Initiated Logout for an OIDC
 * province, our signed LogoutRequest for a SAML one) and, once the province answered, says where the
 * browser goes on; this side audits the SAML answer ({@link SamlSingleLogoutController} receives it).
 */
@Component
public final class UpstreamLogoutRedirect implements UpstreamLogoutLeg {

    private final UpstreamLogouts upstreamLogouts;
    private final AuditLog audit;
    private final YiwangServerProperties server;
    private final Clock clock;

    public UpstreamLogoutRedirect(
            UpstreamLogouts upstreamLogouts, AuditLog audit, YiwangServerProperties server, Clock clock) {
        this.upstreamLogouts = upstreamLogouts;
        this.audit = audit;
        this.server = server;
        this.clock = clock;
    }

    /**
     * Prepares the upstream leg of a logout of session {@code sid}, before the session is ended.
     * @return the upstream logout URL to send the browser to, when the session came from an IdP that has one
     */
    @Override
    public Optional<String> prepare(String sid, String finalTarget) {
        return this.upstreamLogouts.begin(sid, finalTarget, this.server.issuerString());
    }

    /** Where the logout was meant to end, once the upstream sends the browser back. */
    public String finalTarget(String stateKey) {
        return this.upstreamLogouts.finalTarget(stateKey);
    }

    /**
     * Where the logout was meant to end, once a SAML province answered our LogoutRequest; the answer
     * is audited, and the citizen is signed out here either way, so the browser goes on.
     * @param message the LogoutResponse as it arrived
     * @return the final target, or {@code /logged-out} when the relay state names no logout of ours
     */
    public String finalTarget(SamlInboundMessage message) {
        UpstreamLogouts.SamlLogoutEnd end = this.upstreamLogouts.finishSaml(message, this.server.issuerString());
        this.audit.record(new AuditEvent(
                this.clock.instant(),
                end.succeeded() ? "federation.slo" : "federation.slo.failed",
                "idp:" + end.idpAlias(),
                null,
                null,
                null,
                end.succeeded() ? "success" : "failure",
                end.detail()));
        return end.target();
    }
}
