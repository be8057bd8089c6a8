package cn.yiwang.id.server.qr;

import java.time.Instant;
import java.util.List;

/**
 * One QR sign-in as stored in Redis: who asks (the browser, for which relying party, from where), and
 * once scanned, who answers (the account and its app) with the level the sign-in would get.
 *
 * @param id the request id, carried in the QR code
 * @param state where it stands
 * @param clientId the relying party the browser is signing in to, or empty for a direct sign-in
 * @param requiredLevel the lowest level (1 to 4) that relying party accepts
 * @param origin where the browser will land: the relying party's redirect URI origin, or our issuer
 * @param clientIp the browser's address, masked
 * @param location where that address is, as far as we know
 * @param browser the browser and system, from its user agent
 * @param createdAt when the QR code was made
 * @param number the two-digit number shown in the browser once scanned, to pick on the phone
 * @param accountId the account of the app that scanned it, or null
 * @param appClientId the app that scanned it, or null
 * @param level the level (1 to 4) the sign-in gets, once scanned
 * @param amr the authentication methods of the sign-in, once scanned ({@code qr} and the app session's)
 * @param reason why it was refused, or null
 */
public record QrLoginRequest(
        String id,
        QrLoginState state,
        String clientId,
        int requiredLevel,
        String origin,
        String clientIp,
        String location,
        String browser,
        Instant createdAt,
        int number,
        String accountId,
        String appClientId,
        int level,
        List<String> amr,
        String reason) {

    public QrLoginRequest {
        amr = (amr != null) ? List.copyOf(amr) : List.of();
    }
}
