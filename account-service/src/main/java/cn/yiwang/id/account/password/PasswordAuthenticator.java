package cn.yiwang.id.account.password;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.account.AccountStatus;
import cn.yiwang.id.account.LoginNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Checks a login name and password, with per-name throttling; counts outcomes in
 * {@code yiwang.login{outcome, method=password}}.
 */
@Component
public final class PasswordAuthenticator {

    private static final String METHOD = "password";

    private final AccountRepository accounts;

    private final PasswordEncoder passwordEncoder;

    private final LoginThrottle throttle;

    // verified against when the name is unknown, so unknown names cost the same time as known ones
    private final CompletableFuture<String> dummyHash;

    private final Counter succeeded;

    private final Counter rejected;

    private final Counter throttled;

    private final Counter unavailable;

    public PasswordAuthenticator(
            AccountRepository accounts,
            @Qualifier("accountPasswordEncoder") PasswordEncoder passwordEncoder,
            LoginThrottle throttle,
            MeterRegistry meterRegistry) {
        this.accounts = accounts;
        this.passwordEncoder = passwordEncoder;
        this.throttle = throttle;
        // hashed beside the start-up, not in it: a cold Argon2id hash took about 8 % of the main thread's start
        this.dummyHash = CompletableFuture.supplyAsync(
                () -> passwordEncoder.encode(UUID.randomUUID().toString()), PasswordAuthenticator::startDaemon);
        this.succeeded = counter(meterRegistry, "success");
        this.rejected = counter(meterRegistry, "rejected");
        this.throttled = counter(meterRegistry, "throttled");
        this.unavailable = counter(meterRegistry, "unavailable");
    }

    /**
     * Authenticates a login name (user name or mainland mobile number) and password.
     * @param loginName the login name as typed
     * @param rawPassword the password as typed
     * @return {@code Succeeded}, {@code Rejected}, {@code Throttled} (password not checked) or
     * {@code Unavailable} (password correct, account not active)
     */
    public LoginOutcome authenticate(String loginName, String rawPassword) {
        String password = (rawPassword != null) ? rawPassword : "";
        String name = LoginNames.normalise(loginName);
        if (name.isEmpty()) {
            // nothing to throttle on: a blank or absurdly long name can never match an account
            this.passwordEncoder.matches(password, this.dummyHash.join());
            return rejected();
        }
        Optional<Duration> locked = this.throttle.lockRemaining(name);
        if (locked.isPresent()) {
            this.throttled.increment();
            return new LoginOutcome.Throttled(locked.get());
        }
        Optional<Account> found = this.accounts.findByLoginName(name);
        if (found.isEmpty()) {
            this.passwordEncoder.matches(password, this.dummyHash.join());
            // counted like a wrong password, so the counter does not reveal which names exist
            this.throttle.recordFailure(name);
            return rejected();
        }
        Account account = found.get();
        if (!this.passwordEncoder.matches(password, account.passwordHash())) {
            this.throttle.recordFailure(name);
            return rejected();
        }
        // the password is proven, so earlier failures no longer count against this name
        this.throttle.reset(name);
        if (account.status() != AccountStatus.ACTIVE) {
            this.unavailable.increment();
            return new LoginOutcome.Unavailable(account.status());
        }
        this.succeeded.increment();
        return new LoginOutcome.Succeeded(upgradeHash(account, password));
    }

    private static void startDaemon(Runnable task) {
        Thread thread = new Thread(task, "dummy-password-hash");
        thread.setDaemon(true);
        thread.start();
    }

    private Account upgradeHash(Account account, String rawPassword) {
        if (!this.passwordEncoder.upgradeEncoding(account.passwordHash())) {
            return account;
        }
        String newHash = this.passwordEncoder.encode(rawPassword);
        // compare-and-set: if the password changed meanwhile, keep the new password's hash
        if (!this.accounts.updatePasswordHash(account.id(), account.passwordHash(), newHash)) {
            return account;
        }
        return new Account(
                account.id(),
                account.username(),
                account.phoneMasked(),
                newHash,
                account.status(),
                account.createdAt(),
                account.updatedAt(),
                account.passwordChangedAt());
    }

    private LoginOutcome rejected() {
        this.rejected.increment();
        return new LoginOutcome.Rejected();
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("yiwang.login")
                .description("Login attempts by outcome and method")
                .tag("outcome", outcome)
                .tag("method", METHOD)
                .register(registry);
    }
}
