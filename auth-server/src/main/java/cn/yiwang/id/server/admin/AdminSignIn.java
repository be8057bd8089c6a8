package cn.yiwang.id.server.admin;

import cn.yiwang.id.account.crypto.SensitiveDataProtector;
import cn.yiwang.id.account.totp.Base32;
import cn.yiwang.id.account.totp.Totp;
import cn.yiwang.id.account.totp.TotpEnrolment;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The two steps of an administrator's sign-in: the password, then a code from the authenticator app (enrolled at
 * the first sign-in). Wrong passwords and wrong codes count together; {@code yiwang.admin.max-failures} in a row
 * lock the administrator for {@code yiwang.admin.lock-duration}. Every outcome is audited.
 */
@Component
public final class AdminSignIn {

    private static final String ISSUER = "一网 ID 管理控制台";

    private final AdministratorRepository administrators;

    private final AdminConsoleProperties properties;

    private final PasswordEncoder passwords;

    private final SensitiveDataProtector protector;

    private final AuditLog audit;

    private final MeterRegistry meters;

    private final Clock clock;

    private final SecureRandom random = new SecureRandom();

    // compared against when the name is unknown, so the time taken does not say whether it exists
    private final String unknownHash;

    public AdminSignIn(
            AdministratorRepository administrators,
            AdminConsoleProperties properties,
            @Qualifier("accountPasswordEncoder") PasswordEncoder passwords,
            SensitiveDataProtector protector,
            AuditLog audit,
            MeterRegistry meters,
            Clock clock) {
        this.administrators = administrators;
        this.properties = properties;
        this.passwords = passwords;
        this.protector = protector;
        this.audit = audit;
        this.meters = meters;
        this.clock = clock;
        this.unknownHash = passwords.encode("no administrator has this password");
    }

    /** Where a sign-in step leads. */
    public enum Step {
        /** Wrong name or password, or a wrong code: try again. */
        WRONG,
        /** The right code of a step already used: wait for the next one. */
        REPLAYED,
        /** Too many failures: locked for a while. */
        LOCKED,
        /** Password right: ask for the authenticator code. */
        CODE,
        /** Password right, no authenticator yet: enrol one now. */
        ENROL,
        /** Both factors right: start the session. */
        SIGNED_IN
    }

    /**
     * The outcome of a step.
     * @param step where it leads
     * @param lockedUntil when {@link Step#LOCKED}, until when
     */
    public record Result(Step step, Instant lockedUntil) {

        static Result of(Step step) {
            return new Result(step, null);
        }
    }

    /** First factor. */
    public Result password(String username, String password) {
        Instant now = this.clock.instant();
        Optional<Administrator> found = (username == null) ? Optional.empty() : this.administrators.find(username);
        if (found.isEmpty() || !found.get().enabled() || password == null) {
            this.passwords.matches((password != null) ? password : "", this.unknownHash);
            count("password", "failed");
            // guessing at names is worth seeing in the audit trail too; the name as typed, cut short and printable
            this.audit.record(new AuditEvent(
                    now,
                    "admin.signin",
                    "anonymous",
                    null,
                    null,
                    null,
                    "failed",
                    "unknown or disabled administrator '" + printable(username) + "'"));
            return Result.of(Step.WRONG);
        }
        Administrator administrator = found.get();
        if (administrator.lockedAt(now)) {
            count("password", "locked");
            return new Result(Step.LOCKED, administrator.lockedUntil());
        }
        if (!this.passwords.matches(password, administrator.passwordHash())) {
            return failure(administrator, "password", now);
        }
        count("password", "success");
        return Result.of(administrator.totpEnrolled() ? Step.CODE : Step.ENROL);
    }

    /** Second factor: a code from the enrolled authenticator, accepted once. */
    public Result code(String username, String code) {
        Instant now = this.clock.instant();
        Optional<Administrator> found = this.administrators.find(username).filter(Administrator::enabled);
        if (found.isEmpty() || !found.get().totpEnrolled()) {
            return Result.of(Step.WRONG);
        }
        Administrator administrator = found.get();
        if (administrator.lockedAt(now)) {
            count("totp", "locked");
            return new Result(Step.LOCKED, administrator.lockedUntil());
        }
        byte[] secret = Base32.decode(this.protector.decrypt(administrator.totpSecretEncrypted()));
        Long matched = matchingStep(secret, code, Totp.step(now), administrator.totpLastStep());
        if (matched == null) {
            if (matchingStep(secret, code, Totp.step(now), Long.MIN_VALUE) != null) {
                count("totp", "replayed");
                return Result.of(Step.REPLAYED);
            }
            return failure(administrator, "totp", now);
        }
        if (!this.administrators.useTotpStep(username, matched)) {
            count("totp", "replayed");
            return Result.of(Step.REPLAYED);
        }
        return signedIn(administrator, "totp");
    }

    /** A new authenticator secret for enrolment; the caller keeps it (encrypted) until the first code proves it. */
    public Enrolment beginEnrolment(String username) {
        byte[] secret = new byte[Totp.SECRET_BYTES];
        this.random.nextBytes(secret);
        String base32 = Base32.encode(secret);
        return new Enrolment(this.protector.encrypt(base32), shown(base32, username));
    }

    /** The enrolment page again, for a wrong first code. */
    public TotpEnrolment enrolment(String username, String secretEncrypted) {
        return shown(this.protector.decrypt(secretEncrypted), username);
    }

    /**
     * An authenticator being enrolled.
     * @param secretEncrypted the secret, encrypted, to keep in the sign-in attempt
     * @param shown what the administrator scans or types
     */
    public record Enrolment(String secretEncrypted, TotpEnrolment shown) {}

    /** Finishes the enrolment with the first code: the authenticator is stored and the administrator signed in. */
    public Result confirmEnrolment(String username, String secretEncrypted, String code) {
        Instant now = this.clock.instant();
        Optional<Administrator> found = this.administrators.find(username).filter(Administrator::enabled);
        if (found.isEmpty() || secretEncrypted == null) {
            return Result.of(Step.WRONG);
        }
        Administrator administrator = found.get();
        if (administrator.lockedAt(now)) {
            return new Result(Step.LOCKED, administrator.lockedUntil());
        }
        byte[] secret = Base32.decode(this.protector.decrypt(secretEncrypted));
        Long matched = matchingStep(secret, code, Totp.step(now), Long.MIN_VALUE);
        if (matched == null) {
            return failure(administrator, "totp-enrolment", now);
        }
        this.administrators.enrolTotp(username, secretEncrypted, matched, now);
        this.audit.record(new AuditEvent(
                now, "admin.totp.enrolled", actor(username), null, null, null, "success", "authenticator app"));
        return signedIn(administrator, "totp-enrolment");
    }

    private Result signedIn(Administrator administrator, String factor) {
        this.administrators.clearFailures(administrator.username());
        count(factor, "success");
        this.audit.record(new AuditEvent(
                this.clock.instant(),
                "admin.signin",
                actor(administrator.username()),
                null,
                null,
                null,
                "success",
                "role " + administrator.role()));
        return Result.of(Step.SIGNED_IN);
    }

    private Result failure(Administrator administrator, String factor, Instant now) {
        boolean lock = administrator.failedAttempts() + 1 >= this.properties.maxFailures();
        Instant until = lock ? now.plus(this.properties.lockDuration()) : null;
        this.administrators.recordFailure(administrator.username(), until);
        count(factor, lock ? "locked" : "failed");
        this.audit.record(new AuditEvent(
                now,
                lock ? "admin.locked" : "admin.signin",
                actor(administrator.username()),
                null,
                null,
                null,
                "failed",
                "wrong " + factor + (lock ? ", locked until " + until : "")));
        return lock ? new Result(Step.LOCKED, until) : Result.of(Step.WRONG);
    }

    private void count(String factor, String outcome) {
        // low-cardinality tags only: never the name
        this.meters
                .counter("yiwang.admin.signin", "factor", factor, "outcome", outcome)
                .increment();
    }

    private static String printable(String value) {
        if (value == null) {
            return "";
        }
        String cut = (value.length() > 64) ? value.substring(0, 64) : value;
        return cut.replaceAll("[^\\p{L}\\p{N}._@-]", "?");
    }

    private static String actor(String username) {
        return "admin:" + username;
    }

    // the Key Uri Format of authenticator apps: otpauth://totp/<issuer>:<account>?secret=…&issuer=…
    private static TotpEnrolment shown(String base32, String username) {
        String issuer = URLEncoder.encode(ISSUER, StandardCharsets.UTF_8).replace("+", "%20");
        String label = issuer + ":"
                + URLEncoder.encode(username, StandardCharsets.UTF_8).replace("+", "%20");
        return new TotpEnrolment(
                base32,
                "otpauth://totp/" + label + "?secret=" + base32 + "&issuer=" + issuer + "&algorithm=SHA1&digits="
                        + Totp.DIGITS + "&period=" + Totp.STEP_SECONDS);
    }

    /**
     * The latest step, one either side of now (clock drift), whose code is the one typed and that comes after
     * {@code after}; null when none. Every candidate is computed and compared, whichever matched.
     */
    static Long matchingStep(byte[] secret, String code, long now, long after) {
        String digits = (code == null) ? "" : code.replaceAll("\\s", "");
        if (!digits.matches("[0-9]{" + Totp.DIGITS + "}")) {
            return null;
        }
        Long matched = null;
        for (long step = now - 1; step <= now + 1; step++) {
            boolean same = MessageDigest.isEqual(
                    Totp.code(secret, step).getBytes(StandardCharsets.US_ASCII),
                    digits.getBytes(StandardCharsets.US_ASCII));
            if (same && step > after) {
                matched = step;
            }
        }
        return matched;
    }
}
