package cn.yiwang.id.server.admin;

import cn.yiwang.id.kit.registry.Violation;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.permission.AdminRole;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The rules of managing administrators, shared by the admin API and the console: one role per person (the row has
 * one), no one changes their own role or enabled flag (so no one grants themselves anything), changes against the
 * version that was read, every change audited with who made it. A new administrator enrols an authenticator at
 * the first sign-in. A role change or a disable ends the administrator's sessions.
 */
@Component
public final class AdministratorAdministration {

    private static final Pattern USERNAME = Pattern.compile("[a-z][a-z0-9._-]{2,63}");

    private static final int MIN_PASSWORD = 12;

    private final AdministratorRepository administrators;

    private final AdminSessionStore sessions;

    private final PasswordEncoder passwords;

    private final AuditLog audit;

    private final Clock clock;

    public AdministratorAdministration(
            AdministratorRepository administrators,
            AdminSessionStore sessions,
            @Qualifier("accountPasswordEncoder") PasswordEncoder passwords,
            AuditLog audit,
            Clock clock) {
        this.administrators = administrators;
        this.sessions = sessions;
        this.passwords = passwords;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * A new administrator.
     *
     * @param username the sign-in name
     * @param displayName how the console shows the person
     * @param role {@code SYSTEM}, {@code SECURITY} or {@code AUDIT}
     * @param password the first password
     */
    public record NewAdministrator(String username, String displayName, String role, String password) {

        /** Leaves the password out of logs. */
        @Override
        public String toString() {
            return "NewAdministrator[username=" + this.username + ", role=" + this.role + "]";
        }
    }

    /**
     * A change to an administrator.
     *
     * @param displayName how the console shows the person
     * @param role {@code SYSTEM}, {@code SECURITY} or {@code AUDIT}
     * @param enabled false to disable (no sign-in, sessions ended)
     */
    public record Change(String displayName, String role, Boolean enabled) {}

    public List<Administrator> findAll() {
        return this.administrators.findAll();
    }

    public Optional<Administrator> find(String username) {
        return this.administrators.find(username);
    }

    /** The violations of a new administrator, empty when it can be created (the name may still be taken). */
    public List<Violation> check(NewAdministrator request) {
        List<Violation> violations = new ArrayList<>();
        if (request.username() == null || !USERNAME.matcher(request.username()).matches()) {
            violations.add(new Violation(
                    "username",
                    "must be 3 to 64 characters: lower-case letters, digits, '.', '_' or '-', "
                            + "starting with a letter"));
        } else if (this.administrators.find(request.username()).isPresent()) {
            violations.add(new Violation("username", "is taken by another administrator"));
        }
        checkDisplayName(request.displayName(), violations);
        checkRole(request.role(), violations);
        String password = request.password();
        if (password == null || password.length() < MIN_PASSWORD || password.length() > 256) {
            violations.add(new Violation("password", "must be 12 to 256 characters"));
        } else if (!(password.chars().anyMatch(Character::isLetter)
                && password.chars().anyMatch(Character::isDigit)
                && password.chars().anyMatch((c) -> !Character.isLetterOrDigit(c)))) {
            violations.add(new Violation("password", "must mix letters, digits and other characters"));
        }
        return violations;
    }

    /**
     * Creates an administrator.
     * @param actor who creates it, for the audit trail ({@code admin:<name>} or the client)
     */
    public Administrator create(NewAdministrator request, String actor) {
        List<Violation> violations = check(request);
        if (!violations.isEmpty()) {
            throw new InvalidAdministratorException(violations);
        }
        Instant now = this.clock.instant();
        AdminRole role = AdminRole.valueOf(request.role());
        Administrator created = new Administrator(
                request.username(),
                request.displayName().strip(),
                role,
                this.passwords.encode(request.password()),
                null,
                false,
                0,
                0,
                null,
                true,
                1,
                now,
                actor,
                now);
        if (!this.administrators.insert(created)) {
            throw new InvalidAdministratorException(
                    List.of(new Violation("username", "is taken by another administrator")));
        }
        this.audit.record(new AuditEvent(
                now,
                "admin.created",
                actor,
                null,
                null,
                null,
                "success",
                request.username() + " role " + role + " (\"" + created.displayName() + "\")"));
        return this.administrators.find(request.username()).orElseThrow();
    }

    /** The violations of a change, empty when it can be saved. */
    public List<Violation> check(Administrator current, Change change, String actingUsername) {
        List<Violation> violations = new ArrayList<>();
        checkDisplayName(change.displayName(), violations);
        checkRole(change.role(), violations);
        if (change.enabled() == null) {
            violations.add(new Violation("enabled", "must be true or false"));
        }
        if (current.username().equals(actingUsername)) {
            // separation of duties: an administrator never changes their own role or access
            if (change.role() != null && !current.role().name().equals(change.role())) {
                violations.add(new Violation("role", "you cannot change your own role"));
            }
            if (Boolean.FALSE.equals(change.enabled())) {
                violations.add(new Violation("enabled", "you cannot disable yourself"));
            }
        }
        return violations;
    }

    /**
     * Changes an administrator if it is still at {@code expectedVersion}.
     * @param actingUsername the administrator making the change when a person does (null for a client)
     * @throws StaleAdministratorException when someone else changed it first
     */
    public Administrator update(
            String username, Change change, int expectedVersion, String actor, String actingUsername) {
        Administrator current = this.administrators.find(username).orElseThrow();
        List<Violation> violations = check(current, change, actingUsername);
        if (!violations.isEmpty()) {
            throw new InvalidAdministratorException(violations);
        }
        if (current.version() != expectedVersion) {
            throw new StaleAdministratorException(current);
        }
        AdminRole role = AdminRole.valueOf(change.role());
        String displayName = change.displayName().strip();
        if (!this.administrators.update(
                username, displayName, role, change.enabled(), expectedVersion, this.clock.instant())) {
            throw new StaleAdministratorException(
                    this.administrators.find(username).orElseThrow());
        }
        if (role != current.role() || !change.enabled()) {
            // the new role (or none) applies from the next sign-in: no session keeps the old one
            this.sessions.deleteAll(username);
        }
        this.audit.record(new AuditEvent(
                this.clock.instant(),
                "admin.updated",
                actor,
                null,
                null,
                null,
                "success",
                username + ": " + diff(current, displayName, role, change.enabled())));
        return this.administrators.find(username).orElseThrow();
    }

    /** What a change does, in words: {@code role SYSTEM -> AUDIT, enabled true -> false}. */
    public static String diff(Administrator current, String displayName, AdminRole role, boolean enabled) {
        List<String> changes = new ArrayList<>();
        if (!current.displayName().equals(displayName)) {
            changes.add("displayName \"" + current.displayName() + "\" -> \"" + displayName + "\"");
        }
        if (current.role() != role) {
            changes.add("role " + current.role() + " -> " + role);
        }
        if (current.enabled() != enabled) {
            changes.add("enabled " + current.enabled() + " -> " + enabled);
        }
        return changes.isEmpty() ? "no change" : String.join(", ", changes);
    }

    private static void checkDisplayName(String displayName, List<Violation> violations) {
        if (displayName == null
                || displayName.isBlank()
                || displayName.length() > 128
                || displayName.chars().anyMatch(Character::isISOControl)) {
            violations.add(new Violation("displayName", "must be 1 to 128 characters, no control characters"));
        }
    }

    private static void checkRole(String role, List<Violation> violations) {
        if (role == null
                || Arrays.stream(AdminRole.values()).noneMatch((r) -> r.name().equals(role))) {
            violations.add(new Violation("role", "must be one of SYSTEM, SECURITY, AUDIT"));
        }
    }
}
