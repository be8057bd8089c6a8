package cn.yiwang.id.account.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Encrypts citizen data at rest (AES-256-GCM, rotating keys) and computes keyed blind indexes
 * (HMAC-SHA-256) to find it without decrypting.
 *
 * <p>Ciphertexts look like {@code <keyId>:<base64url(iv | ciphertext | tag)>}; the key id is
 * bound as associated data, so a ciphertext cannot be relabelled to another key.
 */
@Component
public final class SensitiveDataProtector {

    private static final String PROPERTY_PREFIX = "yiwang.crypto.";

    private static final int DATA_KEY_BYTES = 32;

    private static final int MIN_BLIND_INDEX_KEY_BYTES = 32;

    private static final int IV_BYTES = 12;

    private static final int TAG_BITS = 128;

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final String activeKeyId;

    private final Map<String, SecretKey> dataKeys;

    private final SecretKey blindIndexKey;

    private final SecureRandom random = new SecureRandom();

    public SensitiveDataProtector(CryptoProperties properties) {
        this.activeKeyId = require(properties.activeKeyId(), "active-key-id");
        if (properties.dataKeys() == null || properties.dataKeys().isEmpty()) {
            throw new IllegalStateException(PROPERTY_PREFIX + "data-keys must list at least one key");
        }
        Map<String, SecretKey> keys = new HashMap<>();
        properties.dataKeys().forEach((id, encoded) -> {
            String property = "data-keys[" + id + "]";
            if (id.isBlank() || id.indexOf(':') >= 0) {
                throw new IllegalStateException(PROPERTY_PREFIX + property
                        + ": a key id must be non-blank and must not contain ':' (it prefixes ciphertexts)");
            }
            byte[] key = decodeKey(encoded, property);
            if (key.length != DATA_KEY_BYTES) {
                throw new IllegalStateException(PROPERTY_PREFIX + property + " must be a base64-encoded "
                        + DATA_KEY_BYTES + "-byte AES-256 key, but it has " + key.length + " bytes");
            }
            keys.put(id, new SecretKeySpec(key, "AES"));
        });
        if (!keys.containsKey(this.activeKeyId)) {
            throw new IllegalStateException(PROPERTY_PREFIX + "active-key-id '" + this.activeKeyId + "' is not one of "
                    + PROPERTY_PREFIX + "data-keys " + keys.keySet());
        }
        this.dataKeys = Map.copyOf(keys);
        byte[] indexKey = decodeKey(require(properties.blindIndexKey(), "blind-index-key"), "blind-index-key");
        if (indexKey.length < MIN_BLIND_INDEX_KEY_BYTES) {
            throw new IllegalStateException(
                    PROPERTY_PREFIX + "blind-index-key must be a base64-encoded key of at least "
                            + MIN_BLIND_INDEX_KEY_BYTES + " bytes, but it has " + indexKey.length + " bytes");
        }
        this.blindIndexKey = new SecretKeySpec(indexKey, "HmacSHA256");
    }

    /**
     * Encrypts a value with the active key.
     * @param plaintext the value to protect
     * @return {@code <keyId>:<base64url(iv | ciphertext | tag)>}
     */
    public String encrypt(String plaintext) {
        byte[] iv = new byte[IV_BYTES];
        this.random.nextBytes(iv);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, this.activeKeyId, iv);
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(iv.length + sealed.length)
                    .put(iv)
                    .put(sealed)
                    .array();
            return this.activeKeyId + ":" + BASE64URL.encodeToString(out);
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("AES-GCM encryption failed", ex);
        }
    }

    /**
     * Decrypts a value produced by {@link #encrypt(String)} with any configured key.
     * @param ciphertext the protected value
     * @return the plaintext
     * @throws IllegalArgumentException when the value is malformed, names an unknown key, or
     * fails authentication (was altered)
     */
    public String decrypt(String ciphertext) {
        int colon = ciphertext.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("Not a protected value: missing key id");
        }
        String keyId = ciphertext.substring(0, colon);
        if (!this.dataKeys.containsKey(keyId)) {
            throw new IllegalArgumentException("Protected value uses unknown key id '" + keyId + "'");
        }
        byte[] in;
        try {
            in = Base64.getUrlDecoder().decode(ciphertext.substring(colon + 1));
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("Protected value is not base64url", ex);
        }
        if (in.length < IV_BYTES + TAG_BITS / 8) {
            throw new IllegalArgumentException("Protected value is too short");
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, keyId, Arrays.copyOf(in, IV_BYTES));
            byte[] plain = cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException ex) {
            // AEADBadTagException: the ciphertext, tag or key id was altered
            throw new IllegalArgumentException("Protected value failed authentication", ex);
        }
    }

    /**
     * Computes the keyed blind index of a normalised value, for equality look-ups.
     * @param normalisedValue the value in its canonical form (for example the 11 phone digits)
     * @return base64url(HMAC-SHA-256(blindIndexKey, value)), 43 characters
     */
    public String blindIndex(String normalisedValue) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(this.blindIndexKey);
            return BASE64URL.encodeToString(mac.doFinal(normalisedValue.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", ex);
        }
    }

    private Cipher cipher(int mode, String keyId, byte[] iv) throws GeneralSecurityException {
        // Cipher instances are not thread-safe, and GCM forbids reusing one with the same IV: one per call
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, this.dataKeys.get(keyId), new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private static String require(String value, String property) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(PROPERTY_PREFIX + property + " must be set");
        }
        return value;
    }

    private static byte[] decodeKey(String encoded, String property) {
        try {
            // accept both alphabets: keys come from secret stores that differ in which one they emit
            String trimmed = encoded.strip();
            return (trimmed.indexOf('-') >= 0 || trimmed.indexOf('_') >= 0)
                    ? Base64.getUrlDecoder().decode(trimmed)
                    : Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException | NullPointerException ex) {
            throw new IllegalStateException(PROPERTY_PREFIX + property + " is not valid base64", ex);
        }
    }
}
