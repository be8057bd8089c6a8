package cn.yiwang.id.account.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.PasswordEncoder;

class BoundedPasswordEncoderTests {

    @Test
    void matchesWhenManyCallersThenAtMostPermitsHashAtOnce() throws Exception {
        CountingEncoder counting = new CountingEncoder();
        PasswordEncoder bounded = new BoundedPasswordEncoder(counting, 2);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(callers.submit(() -> bounded.matches("secret", "secret")));
            }
            // two callers are inside; the other six wait for a permit
            assertThat(counting.twoInside.await(10, TimeUnit.SECONDS)).isTrue();
            counting.release.countDown();
            for (Future<Boolean> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(counting.maxInside.get()).isEqualTo(2);
        assertThat(counting.calls.get()).isEqualTo(8);
    }

    @Test
    void encodeWhenDelegateThrowsThenPermitIsGivenBack() {
        PasswordEncoder failing = new PasswordEncoder() {
            @Override
            public String encode(CharSequence rawPassword) {
                throw new IllegalStateException("boom");
            }

            @Override
            public boolean matches(CharSequence rawPassword, String encodedPassword) {
                return true;
            }
        };
        PasswordEncoder bounded = new BoundedPasswordEncoder(failing, 1);
        for (int i = 0; i < 3; i++) {
            try {
                bounded.encode("secret");
            } catch (IllegalStateException expected) {
                // the next call must still get the only permit
            }
        }
        assertThat(bounded.matches("secret", "x")).isTrue();
    }

    @Test
    void constructorWhenNoPermitsThenRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> new BoundedPasswordEncoder(new CountingEncoder(), 0));
    }

    /** Counts the callers inside at once; the first two wait for {@code release}, so the bound is visible. */
    private static final class CountingEncoder implements PasswordEncoder {

        final AtomicInteger inside = new AtomicInteger();

        final AtomicInteger maxInside = new AtomicInteger();

        final AtomicInteger calls = new AtomicInteger();

        final CountDownLatch twoInside = new CountDownLatch(2);

        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String encode(CharSequence rawPassword) {
            return rawPassword.toString();
        }

        @Override
        public boolean matches(CharSequence rawPassword, String encodedPassword) {
            int now = this.inside.incrementAndGet();
            this.maxInside.accumulateAndGet(now, Math::max);
            this.calls.incrementAndGet();
            this.twoInside.countDown();
            try {
                // holds the permit until the test has seen two callers inside at once
                this.release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            } finally {
                this.inside.decrementAndGet();
            }
            return rawPassword.toString().equals(encodedPassword);
        }
    }
}
