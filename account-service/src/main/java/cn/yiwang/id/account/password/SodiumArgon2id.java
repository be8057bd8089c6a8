package cn.yiwang.id.account.password;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Argon2id through libsodium's {@code crypto_pwhash}, which picks an SSE/AVX2/AVX-512 implementation at run time
 * (the libargon2 builds at hand are the portable reference code: the same hash took 10–11 ms here against 17–18).
 * Same function, same output: the PHC strings it writes and reads are those of libargon2 and Spring Security.
 * libsodium fixes p = 1 and a 16-byte salt; strings with other parameters are for the caller's other
 * implementations ({@link #parse} gives null for them).
 */
final class SodiumArgon2id {

    /** libsodium's {@code crypto_pwhash_ALG_ARGON2ID13}. */
    private static final int ALG_ARGON2ID13 = 2;

    private static final int SALT_BYTES = 16;

    private static final int VERSION = 0x13;

    /** A stored string asking for more is refused rather than tried (1 GiB, 1,000 passes). */
    private static final int MAX_MEMORY_KIB = 1 << 20;

    private static final int MAX_ITERATIONS = 1000;

    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=(\\d+)\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");

    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

    /** The few libsodium functions used. */
    interface Sodium extends Library {
        int sodium_init();

        int crypto_pwhash(
                byte[] out,
                long outlen,
                byte[] passwd,
                long passwdlen,
                byte[] salt,
                long opslimit,
                long memlimit,
                int alg);
    }

    private final Sodium sodium;

    private final SecureRandom random = new SecureRandom();

    private SodiumArgon2id(Sodium sodium) {
        this.sodium = sodium;
    }

    /** @return libsodium where the system has it (Debian: {@code libsodium23}), else empty */
    static Optional<SodiumArgon2id> load() {
        try {
            Sodium sodium = Native.load("sodium", Sodium.class);
            // 0: initialised now, 1: already; -1: failed
            if (sodium.sodium_init() < 0) {
                return Optional.empty();
            }
            return Optional.of(new SodiumArgon2id(sodium));
        } catch (LinkageError | RuntimeException ex) {
            return Optional.empty();
        }
    }

    /** @return whether new hashes with these parameters can be made here */
    static boolean supports(int saltLength, int parallelism) {
        return saltLength == SALT_BYTES && parallelism == 1;
    }

    /** A new PHC string: random salt, the given parameters (p = 1). */
    String hash(byte[] password, int hashLength, int memoryKib, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        this.random.nextBytes(salt);
        byte[] hash = raw(password, salt, hashLength, memoryKib, iterations);
        return "$argon2id$v=" + VERSION + "$m=" + memoryKib + ",t=" + iterations + ",p=1$" + B64.encodeToString(salt)
                + "$" + B64.encodeToString(hash);
    }

    /** @return whether the password gives the stored hash, read by {@link #parse} */
    boolean verify(byte[] password, Stored stored) {
        try {
            byte[] actual = raw(password, stored.salt(), stored.hash().length, stored.memoryKib(), stored.iterations());
            return MessageDigest.isEqual(actual, stored.hash());
        } catch (IllegalStateException ex) {
            // the memory a stored string asks for could not be had: no match, as the other implementations answer
            return false;
        }
    }

    private byte[] raw(byte[] password, byte[] salt, int hashLength, int memoryKib, int iterations) {
        byte[] out = new byte[hashLength];
        int status = this.sodium.crypto_pwhash(
                out, out.length, password, password.length, salt, iterations, (long) memoryKib * 1024, ALG_ARGON2ID13);
        if (status != 0) {
            // libsodium refuses only limits out of its range or a failed allocation
            throw new IllegalStateException("crypto_pwhash failed");
        }
        return out;
    }

    /** @return the parts of a stored string this implementation can verify (Argon2id v19, p = 1, 16-byte salt), else null */
    static Stored parse(String encoded) {
        Matcher m = (encoded != null) ? PHC.matcher(encoded) : null;
        if (m == null || !m.matches()) {
            return null;
        }
        try {
            int version = Integer.parseInt(m.group(1));
            int memoryKib = Integer.parseInt(m.group(2));
            int iterations = Integer.parseInt(m.group(3));
            int parallelism = Integer.parseInt(m.group(4));
            byte[] salt = B64_DECODER.decode(m.group(5));
            byte[] hash = B64_DECODER.decode(m.group(6));
            // libsodium's own bounds: t >= 1, m >= 8 KiB, hash >= 16 bytes
            if (version != VERSION
                    || parallelism != 1
                    || salt.length != SALT_BYTES
                    || iterations < 1
                    || memoryKib < 8
                    || memoryKib > MAX_MEMORY_KIB
                    || iterations > MAX_ITERATIONS
                    || hash.length < 16
                    || hash.length > 1024) {
                return null;
            }
            return new Stored(memoryKib, iterations, salt, hash);
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }

    /** The parts of a stored PHC string that the hash needs. */
    record Stored(int memoryKib, int iterations, byte[] salt, byte[] hash) {}
}
