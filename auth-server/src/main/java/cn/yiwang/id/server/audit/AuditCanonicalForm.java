package cn.yiwang.id.server.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The bytes a chained audit row's hash is computed over, version {@code v1}. The form is, in UTF-8, one line per
 * item, each ended by {@code \n}:
 *
 * <pre>
 * yiwang-audit-v1
 * &lt;seq in decimal&gt;
 * &lt;occurred_at as uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z' (UTC, microseconds)&gt;
 * then for each of event_type, actor, account_id, client_id, session_id, outcome, detail:
 *   "-" when null, else "&lt;length of the value in UTF-8 bytes&gt;:&lt;value&gt;"
 * &lt;prev_hash, 64 lower-case hex digits&gt;
 * </pre>
 *
 * The length prefix keeps the form unambiguous whatever a value contains (new lines included). The row's
 * {@code hash} is the lower-case hex SHA-256 of these bytes; the first row's {@code prev_hash} is 64 zeros. A later
 * form gets a new version line, so rows of both versions verify side by side.
 */
public final class AuditCanonicalForm {

    /** The previous hash of the very first row. */
    public static final String GENESIS = "0".repeat(64);

    /** The version line of this form. */
    public static final String VERSION = "yiwang-audit-v1";

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private AuditCanonicalForm() {}

    /**
     * The instant as stored: PostgreSQL keeps microseconds, so the hash is computed over what a reader gets back.
     * @param instant an event's instant
     * @return it truncated to microseconds
     */
    public static Instant stored(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * The canonical bytes of a row.
     * @param seq its place in the chain
     * @param event its content
     * @param prevHash the previous row's hash
     * @return the bytes to hash
     */
    public static byte[] bytes(long seq, AuditEvent event, String prevHash) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        line(out, VERSION);
        line(out, Long.toString(seq));
        line(out, TIME.format(stored(event.occurredAt())));
        for (String value : new String[] {
            event.type(),
            event.actor(),
            event.accountId(),
            event.clientId(),
            event.sessionId(),
            event.outcome(),
            event.detail()
        }) {
            if (value == null) {
                line(out, "-");
            } else {
                byte[] raw = value.getBytes(StandardCharsets.UTF_8);
                out.writeBytes((raw.length + ":").getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(raw);
                out.write('\n');
            }
        }
        line(out, prevHash);
        return out.toByteArray();
    }

    /**
     * The hash of a row.
     * @param seq its place in the chain
     * @param event its content
     * @param prevHash the previous row's hash
     * @return lower-case hex SHA-256 of its canonical bytes
     */
    public static String hash(long seq, AuditEvent event, String prevHash) {
        return sha256(bytes(seq, event, prevHash));
    }

    /**
     * SHA-256 in lower-case hex.
     * @param bytes what to hash
     * @return its digest
     */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void line(ByteArrayOutputStream out, String value) {
        out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
    }
}
