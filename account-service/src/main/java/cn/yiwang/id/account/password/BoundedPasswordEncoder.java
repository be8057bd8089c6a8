package cn.yiwang.id.account.password;

import java.util.concurrent.Semaphore;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * A memory-hard password encoder run by at most a fixed number of threads at once.
 *
 * <p>Each Argon2id hash holds its whole memory (7 MiB: native with libargon2, Java heap with BouncyCastle) until
 * it is done, and the hashing is CPU-bound: hashes beyond the number of cores finish no sooner, they only hold
 * more memory. Unbounded, a burst of sign-ins on Tomcat's 200 request threads would want 1.4 GiB. Waiting
 * callers hold no hashing memory, so the memory needed for hashing is {@code permits × m} whatever the number of
 * concurrent sign-ins.
 */
final class BoundedPasswordEncoder implements PasswordEncoder {

    private final PasswordEncoder delegate;

    private final Semaphore permits;

    BoundedPasswordEncoder(PasswordEncoder delegate, int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1: " + permits);
        }
        this.delegate = delegate;
        // fair: under a burst, sign-ins are served in arrival order and none waits for ever
        this.permits = new Semaphore(permits, true);
    }

    @Override
    public String encode(CharSequence rawPassword) {
        acquire();
        try {
            return this.delegate.encode(rawPassword);
        } finally {
            this.permits.release();
        }
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        acquire();
        try {
            return this.delegate.matches(rawPassword, encodedPassword);
        } finally {
            this.permits.release();
        }
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return this.delegate.upgradeEncoding(encodedPassword);
    }

    private void acquire() {
        try {
            this.permits.acquire();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to hash a password", ex);
        }
    }
}
