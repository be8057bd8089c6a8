package cn.yiwang.id.account.verification;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs requests to a real-name service with HMAC-SHA256, as {@code docs/realname-verifier-contract.md}
 * specifies.
 *
 * <p>The canonical string is five lines joined by {@code \n}, with no trailing newline:
 * the upper-case method, the request path, the timestamp (epoch seconds), the nonce, and the
 * lower-case hex SHA-256 of the exact body bytes. The signature is the standard base64 (with
 * padding) of HMAC-SHA256 over the UTF-8 canonical string, keyed with the UTF-8 bytes of the
 * shared secret.
 */
public final class RequestSigner {

    /** Names the shared secret, so the service knows which one to check with. */
    public static final String KEY_ID_HEADER = "X-Yiwang-Key-Id";

    /** Epoch seconds when the request was signed. */
    public static final String TIMESTAMP_HEADER = "X-Yiwang-Timestamp";

    /** A value used once, so the service can refuse a replayed request. */
    public static final String NONCE_HEADER = "X-Yiwang-Nonce";

    /** The base64 HMAC-SHA256 of the canonical string. */
    public static final String SIGNATURE_HEADER = "X-Yiwang-Signature";

    private static final String ALGORITHM = "HmacSHA256";

    private final String keyId;

    private final SecretKeySpec key;

    /**
     * Creates a signer.
     * @param keyId the key id sent in {@value #KEY_ID_HEADER}
     * @param secret the shared secret
     */
    public RequestSigner(String keyId, String secret) {
        this.keyId = Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(secret, "secret");
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /**
     * The four signing headers for one request.
     * @param method the HTTP method
     * @param path the request path as sent, without the query
     * @param timestamp epoch seconds
     * @param nonce a fresh nonce
     * @param body the exact body bytes
     * @return header name to value, in the order the contract lists them
     */
    public Map<String, String> headers(String method, String path, long timestamp, String nonce, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(KEY_ID_HEADER, this.keyId);
        headers.put(TIMESTAMP_HEADER, Long.toString(timestamp));
        headers.put(NONCE_HEADER, nonce);
        headers.put(SIGNATURE_HEADER, signature(method, path, timestamp, nonce, body));
        return headers;
    }

    /**
     * Signs one request.
     * @param method the HTTP method
     * @param path the request path as sent, without the query
     * @param timestamp epoch seconds
     * @param nonce the nonce
     * @param body the exact body bytes
     * @return the base64 signature
     */
    public String signature(String method, String path, long timestamp, String nonce, byte[] body) {
        String canonical = canonicalString(method, path, timestamp, nonce, body);
        try {
            // a Mac is not thread-safe and cheap to make; a new one per request avoids sharing
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(this.key);
            return Base64.getEncoder().encodeToString(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("HMAC-SHA256 is not available", ex);
        }
    }

    /**
     * The string that is signed.
     * @param method the HTTP method
     * @param path the request path as sent, without the query
     * @param timestamp epoch seconds
     * @param nonce the nonce
     * @param body the exact body bytes
     * @return the five lines joined by {@code \n}
     */
    public static String canonicalString(String method, String path, long timestamp, String nonce, byte[] body) {
        return String.join(
                "\n", method.toUpperCase(Locale.ROOT), path, Long.toString(timestamp), nonce, sha256Hex(body));
    }

    /**
     * The lower-case hex SHA-256 of some bytes.
     * @param bytes the bytes
     * @return 64 hex characters
     */
    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is not available", ex);
        }
    }

    /** Names the key id only: the secret never appears in logs. */
    @Override
    public String toString() {
        return "RequestSigner[keyId=" + this.keyId + "]";
    }
}
