package cn.yiwang.id.server.logout;

import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.session.SessionParticipants;
import cn.yiwang.id.server.session.SsoSessionEnder;
import cn.yiwang.id.server.session.SsoSessionStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Ends an SSO session, whoever asks (the user, a relying party, an administrator, the timeout):
 * deletes it, removes every authorization issued in it (so its refresh tokens stop working), sends
 * logout tokens to the relying parties that registered a back-channel logout URI, and returns the
 * front-channel logout pages the browser should load. Runs once per session across all nodes.
 */
public final class SsoSessionTerminator implements SsoSessionEnder {

    private static final Logger log = LoggerFactory.getLogger(SsoSessionTerminator.class);

    private final SsoSessionStore sessions;
    private final OAuth2AuthorizationService authorizations;
    private final RegisteredClientRepository clients;
    private final LogoutTokenFactory logoutTokens;
    private final BackChannelLogoutSender sender;
    private final AuditLog audit;
    private final MeterRegistry meters;
    private final String issuer;
    private final Clock clock;
    private final List<ParticipantLogout> otherParticipants;

    public SsoSessionTerminator(
            SsoSessionStore sessions,
            OAuth2AuthorizationService authorizations,
            RegisteredClientRepository clients,
            LogoutTokenFactory logoutTokens,
            BackChannelLogoutSender sender,
            AuditLog audit,
            MeterRegistry meters,
            String issuer,
            Clock clock) {
        this(sessions, authorizations, clients, logoutTokens, sender, audit, meters, issuer, clock, List.of());
    }

    public SsoSessionTerminator(
            SsoSessionStore sessions,
            OAuth2AuthorizationService authorizations,
            RegisteredClientRepository clients,
            LogoutTokenFactory logoutTokens,
            BackChannelLogoutSender sender,
            AuditLog audit,
            MeterRegistry meters,
            String issuer,
            Clock clock,
            List<ParticipantLogout> otherParticipants) {
        this.otherParticipants = List.copyOf(otherParticipants);
        this.sessions = sessions;
        this.authorizations = authorizations;
        this.clients = clients;
        this.logoutTokens = logoutTokens;
        this.sender = sender;
        this.audit = audit;
        this.meters = meters;
        this.issuer = issuer;
        this.clock = clock;
    }

    /**
     * Ends the session.
     * @param sid the session id
     * @param actor who ends it: {@code user}, {@code admin:<name>}, {@code system}, or a client id
     * @param reason why: logout, rp-logout, admin, timeout, session-cap
     * @return the front-channel logout pages to show in the ending browser (empty when none, or when
     *     another node already ended the session)
     */
    public List<FrontChannelLogout> endAndCollectFrontChannel(String sid, String actor, String reason) {
        if (sid == null || !this.sessions.claimEnd(sid)) {
            return List.of();
        }
        SessionParticipants participants = this.sessions.remove(sid);
        this.meters.counter("yiwang.session.ended", "reason", reason).increment();
        if (participants == null) {
            return List.of();
        }
        for (String authorizationId : participants.authorizationIds()) {
            OAuth2Authorization authorization = this.authorizations.findById(authorizationId);
            if (authorization != null) {
                this.authorizations.remove(authorization);
            }
        }
        List<FrontChannelLogout> frontChannel = new ArrayList<>();
        for (String clientId : participants.clientIds()) {
            ParticipantLogout other = this.otherParticipants.stream()
                    .filter((p) -> p.handles(clientId))
                    .findFirst()
                    .orElse(null);
            if (other != null) {
                other.logout(clientId, participants.accountId(), sid).ifPresent(frontChannel::add);
                continue;
            }
            RegisteredClient client = this.clients.findByClientId(clientId);
            if (client == null) {
                continue;
            }
            ClientLogoutSettings logout = ClientLogoutSettings.of(client);
            if (logout.backChannelUri() != null) {
                sendLogoutToken(client, logout, participants.accountId(), sid);
            }
            if (logout.frontChannelUri() != null) {
                frontChannel.add(new FrontChannelLogout(client.getClientName(), frontChannelUri(logout, sid)));
            }
        }
        this.audit.record(new AuditEvent(
                this.clock.instant(),
                "session.ended",
                actor,
                participants.accountId(),
                null,
                sid,
                "success",
                reason + "; clients " + participants.clientIds().size()));
        return frontChannel;
    }

    @Override
    public void end(String sid, String actor, String reason) {
        endAndCollectFrontChannel(sid, actor, reason);
    }

    private void sendLogoutToken(RegisteredClient client, ClientLogoutSettings logout, String accountId, String sid) {
        try {
            String token = this.logoutTokens.create(client, accountId, sid);
            this.sender.send(new BackChannelLogoutSender.Delivery(
                    client.getClientId(), URI.create(logout.backChannelUri()), token, accountId, sid));
        } catch (RuntimeException ex) {
            log.error(
                    "Could not prepare the back-channel logout of client {}: {}",
                    client.getClientId(),
                    ex.getMessage());
        }
    }

    private String frontChannelUri(ClientLogoutSettings logout, String sid) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(logout.frontChannelUri());
        if (logout.frontChannelSessionRequired()) {
            uri.queryParam("iss", this.issuer).queryParam("sid", sid);
        }
        return uri.encode().build().toUriString();
    }
}
