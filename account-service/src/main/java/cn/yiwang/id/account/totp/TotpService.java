package cn.yiwang.id.account.totp;

import cn.yiwang.id.account.AccountSchemaConfiguration;
import cn.yiwang.id.account.crypto.SensitiveDataProtector;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.DependsOn;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two-step sign-in with an authenticator app (TOTP, RFC 6238), for citizens and, later, administrators:
 * adding one (the secret waits in Redis until the first code proves the app has it), checking codes
 * (one step either side for clock drift, each step usable once, five wrong codes then a pause), and the
 * recovery codes shown once when it is turned on (only keyed hashes are kept).
 *
 * <p>Redis keys: {@code yid:totp:enrol:{account}} (the pending secret, encrypted, 10 minutes) and
 * {@code yid:totp:fail:{account}} (wrong codes, 5 minutes).
 */
@Component
@DependsOn(AccountSchemaConfiguration.FLYWAY_BEAN)
public final class TotpService {

    /** Recovery codes given at once. */
    public static final int RECOVERY_CODES = 10;

    static final int MAX_FAILURES = 5;

    private static final Duration ENROLMENT_TTL = Duration.ofMinutes(10);

    private static final Duration FAILURE_WINDOW = Duration.ofMinutes(5);

    private static final String ISSUER = "一网 ID";

    // no 0/o, 1/l/i: recovery codes are read off paper
    private static final String RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

    private final JdbcClient jdbc;

    private final StringRedisTemplate redis;

    private final SensitiveDataProtector protector;

    private final TransactionTemplate transactions;

    private final Clock clock;

    private final SecureRandom random = new SecureRandom();

    @Autowired
    public TotpService(
            JdbcClient jdbc,
            StringRedisTemplate redis,
            SensitiveDataProtector protector,
            TransactionTemplate transactions,
            Optional<Clock> clock) {
        this(jdbc, redis, protector, transactions, clock.orElse(Clock.systemUTC()));
    }

    /** With an explicit clock (tests move it). */
    public TotpService(
            JdbcClient jdbc,
            StringRedisTemplate redis,
            SensitiveDataProtector protector,
            TransactionTemplate transactions,
            Clock clock) {
        this.jdbc = jdbc;
        this.redis = redis;
        this.protector = protector;
        this.transactions = transactions;
        this.clock = clock;
    }

    public boolean isEnabled(UUID accountId) {
        return this.jdbc
                        .sql("select count(*) from account_totp where account_id = ?")
                        .param(accountId)
                        .query(Integer.class)
                        .single()
                > 0;
    }

    /**
     * Starts adding an authenticator: a new secret, kept aside until {@link #confirm} proves the app has it.
     * @param label how the app lists the account (a masked phone number or the user name; never a full number)
     */
    public TotpEnrolment begin(UUID accountId, String label) {
        byte[] secret = new byte[Totp.SECRET_BYTES];
        this.random.nextBytes(secret);
        String base32 = Base32.encode(secret);
        this.redis.opsForValue().set(enrolmentKey(accountId), this.protector.encrypt(base32), ENROLMENT_TTL);
        return enrolment(base32, label);
    }

    /** The secret being added, for showing the page again after a wrong first code. */
    public Optional<TotpEnrolment> pending(UUID accountId, String label) {
        String stored = this.redis.opsForValue().get(enrolmentKey(accountId));
        if (stored == null) {
            return Optional.empty();
        }
        return Optional.of(enrolment(this.protector.decrypt(stored), label));
    }

    // the Key Uri Format of authenticator apps: otpauth://totp/<issuer>:<account>?secret=…&issuer=…
    private static TotpEnrolment enrolment(String base32, String label) {
        String name = encode(ISSUER) + ":" + encode(label);
        return new TotpEnrolment(
                base32,
                "otpauth://totp/" + name + "?secret=" + base32 + "&issuer=" + encode(ISSUER) + "&algorithm=SHA1&digits="
                        + Totp.DIGITS + "&period=" + Totp.STEP_SECONDS);
    }

    /**
     * Finishes adding an authenticator with its first code: stores it (replacing any earlier one) and
     * returns fresh recovery codes, to be shown once. Empty when the code is wrong or the enrolment expired.
     */
    public Optional<List<String>> confirm(UUID accountId, String code) {
        String stored = this.redis.opsForValue().get(enrolmentKey(accountId));
        String digits = digits(code);
        if (stored == null || digits == null) {
            return Optional.empty();
        }
        byte[] secret = Base32.decode(this.protector.decrypt(stored));
        long now = Totp.step(this.clock.instant());
        Long matched = matchingStep(secret, digits, now);
        if (matched == null) {
            return Optional.empty();
        }
        List<String> codes = newRecoveryCodes();
        this.transactions.executeWithoutResult((status) -> {
            deleteAll(accountId);
            this.jdbc
                    .sql("insert into account_totp (account_id, secret_encrypted, last_step, created_at) "
                            + "values (?, ?, ?, ?)")
                    .params(accountId, stored, matched, Timestamp.from(this.clock.instant()))
                    .update();
            storeRecoveryCodes(accountId, codes);
        });
        this.redis.delete(enrolmentKey(accountId));
        return Optional.of(codes);
    }

    /** Checks a code from the app; the right code of a step not used before is accepted once. */
    public TotpCheck verify(UUID accountId, String code) {
        if (tooManyFailures(accountId)) {
            return new TotpCheck.TooManyAttempts();
        }
        Optional<Stored> stored = this.jdbc
                .sql("select secret_encrypted, last_step from account_totp where account_id = ?")
                .param(accountId)
                .query((rs, row) -> new Stored(rs.getString("secret_encrypted"), rs.getLong("last_step")))
                .optional();
        if (stored.isEmpty()) {
            return new TotpCheck.NotEnabled();
        }
        String digits = digits(code);
        Long matched = (digits != null)
                ? matchingStep(
                        Base32.decode(this.protector.decrypt(stored.get().secret())),
                        digits,
                        Totp.step(this.clock.instant()))
                : null;
        if (matched == null) {
            recordFailure(accountId);
            return new TotpCheck.Wrong();
        }
        // Compare-and-set on the last used step: of two requests racing with one code, one wins.
        int updated = this.jdbc
                .sql("update account_totp set last_step = ? where account_id = ? and last_step < ?")
                .params(matched, accountId, matched)
                .update();
        if (updated != 1) {
            return new TotpCheck.Replayed();
        }
        this.redis.delete(failureKey(accountId));
        return new TotpCheck.Accepted();
    }

    /** Uses one recovery code instead of the app (a lost phone); each code works once. */
    public TotpCheck useRecoveryCode(UUID accountId, String code) {
        if (tooManyFailures(accountId)) {
            return new TotpCheck.TooManyAttempts();
        }
        if (!isEnabled(accountId)) {
            return new TotpCheck.NotEnabled();
        }
        String normalised = normaliseRecoveryCode(code);
        int used = (normalised == null)
                ? 0
                : this.jdbc
                        .sql("update account_recovery_code set used_at = ? "
                                + "where account_id = ? and code_hash = ? and used_at is null")
                        .params(Timestamp.from(this.clock.instant()), accountId, recoveryHash(accountId, normalised))
                        .update();
        if (used != 1) {
            recordFailure(accountId);
            return new TotpCheck.Wrong();
        }
        this.redis.delete(failureKey(accountId));
        return new TotpCheck.Accepted();
    }

    public int recoveryCodesLeft(UUID accountId) {
        return this.jdbc
                .sql("select count(*) from account_recovery_code where account_id = ? and used_at is null")
                .param(accountId)
                .query(Integer.class)
                .single();
    }

    /** Replaces the recovery codes with new ones (the old ones stop working); empty without an authenticator. */
    public Optional<List<String>> regenerateRecoveryCodes(UUID accountId) {
        if (!isEnabled(accountId)) {
            return Optional.empty();
        }
        List<String> codes = newRecoveryCodes();
        this.transactions.executeWithoutResult((status) -> {
            this.jdbc
                    .sql("delete from account_recovery_code where account_id = ?")
                    .param(accountId)
                    .update();
            storeRecoveryCodes(accountId, codes);
        });
        return Optional.of(codes);
    }

    /** Removes the authenticator and its recovery codes; true when there was one. */
    public boolean disable(UUID accountId) {
        Boolean removed = this.transactions.execute((status) -> deleteAll(accountId) > 0);
        this.redis.delete(List.of(enrolmentKey(accountId), failureKey(accountId)));
        return Boolean.TRUE.equals(removed);
    }

    private int deleteAll(UUID accountId) {
        this.jdbc
                .sql("delete from account_recovery_code where account_id = ?")
                .param(accountId)
                .update();
        return this.jdbc
                .sql("delete from account_totp where account_id = ?")
                .param(accountId)
                .update();
    }

    // one step either side: the phone's clock may be a little off, and a code typed at the end of its step
    private static Long matchingStep(byte[] secret, String digits, long now) {
        Long matched = null;
        for (long step = now - 1; step <= now + 1; step++) {
            // every candidate is computed and compared, so the time taken says nothing about which matched
            if (java.security.MessageDigest.isEqual(
                    Totp.code(secret, step).getBytes(StandardCharsets.US_ASCII),
                    digits.getBytes(StandardCharsets.US_ASCII))) {
                matched = step;
            }
        }
        return matched;
    }

    private boolean tooManyFailures(UUID accountId) {
        String failures = this.redis.opsForValue().get(failureKey(accountId));
        return failures != null && Long.parseLong(failures) >= MAX_FAILURES;
    }

    private void recordFailure(UUID accountId) {
        Long count = this.redis.opsForValue().increment(failureKey(accountId));
        // the first failure opens the window; a counter left without expiry (a crash between the two
        // commands) gets one at the next failure, so nothing in Redis lives for ever
        if ((count != null && count == 1) || this.redis.getExpire(failureKey(accountId)) < 0) {
            this.redis.expire(failureKey(accountId), FAILURE_WINDOW);
        }
    }

    private List<String> newRecoveryCodes() {
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            StringBuilder code = new StringBuilder();
            for (int c = 0; c < 10; c++) {
                if (c == 5) {
                    code.append('-');
                }
                code.append(RECOVERY_ALPHABET.charAt(this.random.nextInt(RECOVERY_ALPHABET.length())));
            }
            codes.add(code.toString());
        }
        return List.copyOf(codes);
    }

    private void storeRecoveryCodes(UUID accountId, List<String> codes) {
        for (String code : codes) {
            this.jdbc
                    .sql("insert into account_recovery_code (account_id, code_hash, used_at) values (?, ?, null)")
                    .params(accountId, recoveryHash(accountId, normaliseRecoveryCode(code)))
                    .update();
        }
    }

    // keyed (the blind-index key) and bound to the account, so a leaked table cannot be brute-forced offline
    private String recoveryHash(UUID accountId, String normalised) {
        return this.protector.blindIndex("recovery-code:" + accountId + ":" + normalised);
    }

    private static String normaliseRecoveryCode(String code) {
        if (code == null || code.length() > 32) {
            return null;
        }
        String compact = code.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
        return (compact.length() == 10) ? compact : null;
    }

    /** The 6 digits typed, spaces removed (apps show {@code 123 456}); null when it cannot be a code. */
    private static String digits(String code) {
        if (code == null || code.length() > 16) {
            return null;
        }
        String compact = code.replaceAll("\\s", "");
        return compact.matches("[0-9]{" + Totp.DIGITS + "}") ? compact : null;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String enrolmentKey(UUID accountId) {
        return "yid:totp:enrol:" + accountId;
    }

    private static String failureKey(UUID accountId) {
        return "yid:totp:fail:" + accountId;
    }

    private record Stored(String secret, long lastStep) {}
}
