import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Produces the real secrets the seeding copies onto every row, exactly as the server writes them:
 * <ul>
 * <li>HASH: {@code {argon2}} + Argon2id with the server's parameters (salt 16, hash 32, p 1, m 7168 KiB, t 5),
 * so benchmark logins verify a real hash;</li>
 * <li>CIPHERTEXT: {@code <keyId>:<base64url(iv | ciphertext | tag)>} of a phone number under the data key,
 * AES-256-GCM with the key id as associated data (SensitiveDataProtector), so the login's decrypt succeeds;</li>
 * <li>HMAC: the blind index of one phone number (base64url HMAC-SHA-256), to check the SQL seeding computes
 * the same value;</li>
 * <li>ARGON2_MS: the wall time of one Argon2id verification on one thread (median of 15).</li>
 * </ul>
 * Run: {@code java -cp spring-security-crypto.jar:bcprov.jar:commons-logging.jar SeedSecrets.java
 * <password> <keyId> <dataKeyB64> <blindIndexKeyB64> <phone>}
 */
public final class SeedSecrets {

    public static void main(String[] args) throws Exception {
        String password = args[0];
        String keyId = args[1];
        byte[] dataKey = Base64.getDecoder().decode(args[2]);
        byte[] indexKey = Base64.getDecoder().decode(args[3]);
        String phone = args[4];
        Base64.Encoder b64url = Base64.getUrlEncoder().withoutPadding();

        Argon2PasswordEncoder argon2 = new Argon2PasswordEncoder(16, 32, 1, 7168, 5);
        String hash = argon2.encode(password);
        if (!argon2.matches(password, hash)) {
            throw new IllegalStateException("hash does not verify");
        }
        long[] times = new long[15];
        for (int i = 0; i < times.length; i++) {
            long t0 = System.nanoTime();
            argon2.matches(password, hash);
            times[i] = System.nanoTime() - t0;
        }
        java.util.Arrays.sort(times);

        byte[] iv = new byte[12];
        new SecureRandom().nextBytes(iv);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(dataKey, "AES"), new GCMParameterSpec(128, iv));
        cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
        byte[] sealed = cipher.doFinal(phone.getBytes(StandardCharsets.UTF_8));
        String ciphertext = keyId + ":"
                + b64url.encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());

        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(indexKey, "HmacSHA256"));
        String index = b64url.encodeToString(mac.doFinal(phone.getBytes(StandardCharsets.UTF_8)));

        System.out.println("HASH='{argon2}" + hash + "'");
        System.out.println("CIPHERTEXT='" + ciphertext + "'");
        System.out.println("HMAC_SAMPLE_PHONE=" + phone);
        System.out.println("HMAC_SAMPLE=" + index);
        System.out.printf("ARGON2_MS=%.1f%n", times[times.length / 2] / 1e6);
    }

}
