package cn.yiwang.id.server.qr;

/**
 * The states of a QR sign-in: waiting → scanned → confirmed (then the browser signs in, and the request is
 * gone) or cancelled; refused when a rule stops it (scanned twice, level too low, wrong number). A request
 * that is gone has expired.
 */
public enum QrLoginState {
    WAITING,
    SCANNED,
    CONFIRMED,
    CANCELLED,
    REFUSED,
    EXPIRED;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static QrLoginState of(String code) {
        return valueOf(code.toUpperCase(java.util.Locale.ROOT));
    }
}
