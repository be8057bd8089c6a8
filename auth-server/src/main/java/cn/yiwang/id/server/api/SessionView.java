package cn.yiwang.id.server.api;

import cn.yiwang.id.server.session.SsoSessionRecord;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * An SSO session as the session APIs show it.
 *
 * @param sid the session id (the {@code sid} claim relying parties saw)
 * @param accountId the account
 * @param authTime when the user signed in
 * @param expiresAt the absolute end of the session
 * @param amr how the user signed in (RFC 8176 values)
 * @param acr the level of assurance reached
 * @param clientIp the client address, masked
 * @param userAgent the browser, shortened
 * @param clients the relying parties that received tokens in the session, and the SAML service providers
 *     that received assertions ({@code saml:<alias>})
 * @param current whether the calling token was issued in this session
 * @param device the client id of the device (a kiosk, RFC 8628) the session was opened for, or null for a
 *     browser's session
 */
public record SessionView(
        String sid,
        String accountId,
        Instant authTime,
        Instant expiresAt,
        List<String> amr,
        String acr,
        String clientIp,
        String userAgent,
        Set<String> clients,
        boolean current,
        String device) {

    static SessionView of(SsoSessionRecord record, Set<String> clients, String currentSid) {
        return new SessionView(
                record.session().sid(),
                record.session().accountId(),
                record.session().authTime(),
                record.session().expiresAt(),
                record.session().amr(),
                record.session().acr(),
                record.clientIp(),
                record.userAgent(),
                shown(clients),
                record.session().sid().equals(currentSid),
                record.device());
    }

    // a SAML participant is recorded with the NameID format it got (saml:<alias>:<p|t|u>); show the SP
    private static Set<String> shown(Set<String> clients) {
        return clients.stream()
                .map((id) ->
                        (id.startsWith("saml:") && id.lastIndexOf(':') > 4) ? id.substring(0, id.lastIndexOf(':')) : id)
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }
}
