package cn.yiwang.id.account.password;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.account.AccountStatus;
import cn.yiwang.id.account.AccountTestApplication;
import cn.yiwang.id.account.LoginNames;
import cn.yiwang.id.account.NewAccount;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;

/** {@link PasswordAuthenticator} and {@link LoginThrottle} on real PostgreSQL and Redis. */
@SpringBootTest(classes = AccountTestApplication.class)
class PasswordAuthenticatorIntegrationTests {

    private static final String PASSWORD = "correct horse battery staple";

    @Autowired
    private PasswordAuthenticator authenticator;

    @Autowired
    private AccountRepository accounts;

    @Autowired
    private LoginThrottle throttle;

    @Autowired
    private StringRedisTemplate redis;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private MeterRegistry meters;

    private final List<UUID> createdAccounts = new ArrayList<>();

    private final List<String> usedNames = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        this.createdAccounts.forEach((id) ->
                this.jdbc.sql("delete from account where id = ?").param(id).update());
        this.usedNames.forEach((name) -> this.redis.delete(this.throttle.keys(LoginNames.normalise(name))));
    }

    @Test
    void authenticateWhenCorrectPasswordThenSucceeded() {
        Account account = createAccount(username(), null);
        double before = count("success");
        LoginOutcome outcome =
                this.authenticator.authenticate(account.username().toUpperCase(), PASSWORD);
        assertThat(outcome)
                .isInstanceOfSatisfying(
                        LoginOutcome.Succeeded.class,
                        (succeeded) -> assertThat(succeeded.account().id()).isEqualTo(account.id()));
        assertThat(count("success")).isEqualTo(before + 1);
    }

    @Test
    void authenticateWhenPhoneWithPrefixThenSucceeded() {
        String phone = "139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        Account account = createAccount(null, phone);
        this.usedNames.add(phone);
        LoginOutcome outcome = this.authenticator.authenticate("+86 " + phone, PASSWORD);
        assertThat(outcome)
                .isInstanceOfSatisfying(
                        LoginOutcome.Succeeded.class,
                        (succeeded) -> assertThat(succeeded.account().id()).isEqualTo(account.id()));
    }

    @Test
    void authenticateWhenWrongPasswordThenRejected() {
        Account account = createAccount(username(), null);
        double before = count("rejected");
        assertThat(this.authenticator.authenticate(account.username(), "wrong")).isEqualTo(new LoginOutcome.Rejected());
        assertThat(count("rejected")).isEqualTo(before + 1);
    }

    @Test
    void authenticateWhenUnknownNameThenSameRejectedAndCounted() {
        String unknown = username();
        assertThat(this.authenticator.authenticate(unknown, PASSWORD)).isEqualTo(new LoginOutcome.Rejected());
        assertThat(this.redis.opsForValue().get(failKey(unknown))).isEqualTo("1");
        assertThat(this.redis.getExpire(failKey(unknown))).isPositive();
    }

    @Test
    void authenticateWhenFiveFailuresThenThrottledEvenWithCorrectPassword() {
        Account account = createAccount(username(), null);
        for (int i = 0; i < 5; i++) {
            assertThat(this.authenticator.authenticate(account.username(), "wrong"))
                    .isEqualTo(new LoginOutcome.Rejected());
        }
        double before = count("throttled");
        LoginOutcome outcome = this.authenticator.authenticate(account.username(), PASSWORD);
        assertThat(outcome)
                .isInstanceOfSatisfying(
                        LoginOutcome.Throttled.class,
                        (throttled) -> assertThat(throttled.retryAfter())
                                .isPositive()
                                .isLessThanOrEqualTo(Duration.ofSeconds(30)));
        assertThat(count("throttled")).isEqualTo(before + 1);
        assertThat(this.redis.getExpire(this.throttle.keys(account.username()).get(1)))
                .isPositive();
    }

    @Test
    void authenticateWhenUnknownNameFailsFiveTimesThenThrottled() {
        String unknown = username();
        for (int i = 0; i < 5; i++) {
            this.authenticator.authenticate(unknown, "wrong");
        }
        assertThat(this.authenticator.authenticate(unknown, "wrong")).isInstanceOf(LoginOutcome.Throttled.class);
    }

    @Test
    void recordFailureWhenBeyondThresholdThenLockDoubles() {
        String name = username();
        for (int i = 0; i < 4; i++) {
            assertThat(this.throttle.recordFailure(name)).isEmpty();
        }
        assertThat(this.throttle.recordFailure(name)).contains(Duration.ofSeconds(30));
        assertThat(this.throttle.recordFailure(name)).contains(Duration.ofSeconds(60));
        assertThat(this.throttle.lockRemaining(name))
                .get()
                .satisfies((remaining) -> assertThat(remaining).isGreaterThan(Duration.ofSeconds(30)));
        // the counter outlives the lock, so the next failure keeps doubling instead of starting over
        assertThat(this.redis.getExpire(failKey(name)))
                .isGreaterThan(Duration.ofMinutes(15).toSeconds());
    }

    @Test
    void authenticateWhenSuccessAfterFailuresThenCounterCleared() {
        Account account = createAccount(username(), null);
        for (int i = 0; i < 3; i++) {
            this.authenticator.authenticate(account.username(), "wrong");
        }
        assertThat(this.redis.opsForValue().get(failKey(account.username()))).isEqualTo("3");
        assertThat(this.authenticator.authenticate(account.username(), PASSWORD))
                .isInstanceOf(LoginOutcome.Succeeded.class);
        assertThat(this.redis.hasKey(failKey(account.username()))).isFalse();
        // a fresh count: four more failures do not lock
        for (int i = 0; i < 4; i++) {
            this.authenticator.authenticate(account.username(), "wrong");
        }
        assertThat(this.authenticator.authenticate(account.username(), PASSWORD))
                .isInstanceOf(LoginOutcome.Succeeded.class);
    }

    @Test
    void authenticateWhenAccountLockedAndPasswordCorrectThenUnavailable() {
        Account account = createAccount(username(), null);
        this.accounts.updateStatus(account.id(), AccountStatus.LOCKED);
        assertThat(this.authenticator.authenticate(account.username(), PASSWORD))
                .isEqualTo(new LoginOutcome.Unavailable(AccountStatus.LOCKED));
        assertThat(this.authenticator.authenticate(account.username(), "wrong")).isEqualTo(new LoginOutcome.Rejected());
    }

    @Test
    void authenticateWhenLegacyPbkdf2HashThenUpgradedToArgon2() {
        Account account = createAccount(username(), null);
        String legacy = "{pbkdf2@SpringSecurity_v5_8}"
                + Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8().encode(PASSWORD);
        assertThat(this.accounts.updatePasswordHash(account.id(), account.passwordHash(), legacy))
                .isTrue();
        LoginOutcome outcome = this.authenticator.authenticate(account.username(), PASSWORD);
        assertThat(outcome)
                .isInstanceOfSatisfying(
                        LoginOutcome.Succeeded.class,
                        (succeeded) ->
                                assertThat(succeeded.account().passwordHash()).startsWith("{argon2}"));
        String stored = this.accounts.findById(account.id()).orElseThrow().passwordHash();
        assertThat(stored).startsWith("{argon2}$argon2id$v=19$m=7168,t=5,p=1$");
        assertThat(this.authenticator.authenticate(account.username(), PASSWORD))
                .isInstanceOf(LoginOutcome.Succeeded.class);
    }

    @Test
    void authenticateWhenArgon2HashThenNotRehashed() {
        Account account = createAccount(username(), null);
        this.authenticator.authenticate(account.username(), PASSWORD);
        assertThat(this.accounts.findById(account.id()).orElseThrow().passwordHash())
                .isEqualTo(account.passwordHash());
    }

    private Account createAccount(String username, String phone) {
        Account account = this.accounts.create(new NewAccount(username, phone, PASSWORD));
        this.createdAccounts.add(account.id());
        return account;
    }

    private String username() {
        String name = "auth-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36);
        this.usedNames.add(name);
        return name;
    }

    private String failKey(String name) {
        return this.throttle.keys(LoginNames.normalise(name)).get(0);
    }

    private double count(String outcome) {
        return this.meters
                .get("yiwang.login")
                .tag("outcome", outcome)
                .tag("method", "password")
                .counter()
                .count();
    }
}
