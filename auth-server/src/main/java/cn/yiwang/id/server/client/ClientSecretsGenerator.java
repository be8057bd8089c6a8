package cn.yiwang.id.server.client;

import java.security.SecureRandom;
import java.util.Base64;

/** New client secrets: 32 random bytes, base64url; stored only as their salted SHA-256 ({@code {sha256}...}). */
public final class ClientSecretsGenerator {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final Sha256SecretEncoder ENCODER = new Sha256SecretEncoder();

    private ClientSecretsGenerator() {}

    /** A new random secret, to show once. */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The stored form of a secret. */
    public static String hash(String secret) {
        return "{sha256}" + ENCODER.encode(secret);
    }
}
