package cn.yiwang.id.account.password;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import de.mkammerer.argon2.Argon2Factory.Argon2Types;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Argon2id in native code: libsodium where the system has it ({@link SodiumArgon2id}, SIMD), else the reference C
 * library (libargon2, loaded with JNA: the system's where installed, else the copy bundled for the platform), with
 * exactly the parameters and the PHC string format of Spring Security's
 * {@link Argon2PasswordEncoder}: each verifies the other's hashes. Native code needs no 7 MiB of Java objects per
 * hash, which the garbage collector would otherwise copy while sign-ins overlap. Where the library does not load,
 * Spring Security's Java implementation (BouncyCastle) hashes instead, with the same parameters.
 */
public final class NativeArgon2PasswordEncoder implements PasswordEncoder {

    private static final Logger log = LoggerFactory.getLogger(NativeArgon2PasswordEncoder.class);

    private static final String ARGON2ID_PREFIX = "$argon2id$";

    private final int iterations;
    private final int memoryKib;
    private final int parallelism;
    private final int hashLength;
    private final Argon2PasswordEncoder java;
    private final Argon2 nativeArgon2;
    private final SodiumArgon2id sodium;

    /**
     * @param saltLength salt bytes
     * @param hashLength hash bytes
     * @param parallelism lanes (p)
     * @param memoryKib memory in KiB (m)
     * @param iterations passes (t)
     */
    public NativeArgon2PasswordEncoder(int saltLength, int hashLength, int parallelism, int memoryKib, int iterations) {
        this(saltLength, hashLength, parallelism, memoryKib, iterations, true);
    }

    /** @param withSodium false keeps libsodium out, so that tests reach libargon2 where both are installed */
    NativeArgon2PasswordEncoder(
            int saltLength, int hashLength, int parallelism, int memoryKib, int iterations, boolean withSodium) {
        this.iterations = iterations;
        this.memoryKib = memoryKib;
        this.parallelism = parallelism;
        this.hashLength = hashLength;
        this.java = new Argon2PasswordEncoder(saltLength, hashLength, parallelism, memoryKib, iterations);
        this.sodium = (withSodium && SodiumArgon2id.supports(saltLength, parallelism))
                ? SodiumArgon2id.load().orElse(null)
                : null;
        this.nativeArgon2 = loadNative(saltLength, hashLength, this.sodium != null);
    }

    /** @return whether libsodium hashes (new hashes, and stored ones with p = 1 and a 16-byte salt) */
    boolean isSodium() {
        return this.sodium != null;
    }

    /** @return whether the native library hashes (else BouncyCastle's Java implementation) */
    public boolean isNative() {
        return this.nativeArgon2 != null;
    }

    @Override
    public String encode(CharSequence rawPassword) {
        if (this.sodium != null) {
            return withUtf8(
                    rawPassword, (bytes) -> this.sodium.hash(bytes, this.hashLength, this.memoryKib, this.iterations));
        }
        if (this.nativeArgon2 == null) {
            return this.java.encode(rawPassword);
        }
        return withChars(
                rawPassword,
                (chars) -> this.nativeArgon2.hash(
                        this.iterations, this.memoryKib, this.parallelism, chars, StandardCharsets.UTF_8));
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        if (rawPassword == null || encodedPassword == null) {
            return false;
        }
        SodiumArgon2id.Stored stored = (this.sodium != null) ? SodiumArgon2id.parse(encodedPassword) : null;
        if (stored != null) {
            return withUtf8(rawPassword, (bytes) -> this.sodium.verify(bytes, stored));
        }
        // argon2i / argon2d hashes (imported) and anything malformed: the Java encoder decides
        if (this.nativeArgon2 == null || !encodedPassword.startsWith(ARGON2ID_PREFIX)) {
            return this.java.matches(rawPassword, encodedPassword);
        }
        return withChars(rawPassword, (chars) -> {
            try {
                return this.nativeArgon2.verify(encodedPassword, chars, StandardCharsets.UTF_8);
            } catch (IllegalStateException ex) {
                // libargon2 could not decode the stored string: not a match, as the Java encoder would answer
                return false;
            }
        });
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return this.java.upgradeEncoding(encodedPassword);
    }

    /** Runs the hash on a copy of the password's characters, wiped afterwards. */
    private static <T> T withChars(CharSequence rawPassword, Function<char[], T> hash) {
        char[] chars = new char[rawPassword.length()];
        CharBuffer.wrap(rawPassword).get(chars);
        try {
            return hash.apply(chars);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /** Runs the hash on the password's UTF-8 bytes and wipes every copy of the password it made. */
    private static <T> T withUtf8(CharSequence rawPassword, Function<byte[], T> hash) {
        return withChars(rawPassword, (chars) -> {
            byte[] bytes = utf8(chars);
            try {
                return hash.apply(bytes);
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        });
    }

    /** The password's UTF-8 bytes; the encoder's buffer is wiped (the caller wipes the returned copy). */
    private static byte[] utf8(char[] chars) {
        ByteBuffer buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        if (buffer.hasArray()) {
            Arrays.fill(buffer.array(), (byte) 0);
        }
        return bytes;
    }

    private static Argon2 loadNative(int saltLength, int hashLength, boolean sodium) {
        try {
            Argon2 argon2 = Argon2Factory.create(Argon2Types.ARGON2id, saltLength, hashLength);
            // a first call loads the library now, not during somebody's sign-in
            argon2.hash(1, 8, 1, new char[0], StandardCharsets.UTF_8);
            logImplementations(sodium, "the native library (libargon2)");
            return argon2;
        } catch (LinkageError | RuntimeException ex) {
            logImplementations(
                    sodium,
                    "Java (BouncyCastle): the native library did not load ("
                            + ex.getClass().getSimpleName() + ")");
            return null;
        }
    }

    private static void logImplementations(boolean sodium, String other) {
        if (sodium) {
            log.info(
                    "Argon2id passwords hashed by libsodium (its SIMD code; the same hashes), stored strings with "
                            + "other parameters verified by {}",
                    other);
        } else {
            log.info("Argon2id passwords hashed by {}", other);
        }
    }
}
