package cn.yiwang.id.server.admin;

import cn.yiwang.id.account.crypto.SensitiveDataProtector;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.permission.AdminRole;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Makes sure someone can sign in to the console: the first security administrator from configuration (its
 * authenticator enrolled at the first sign-in), and, in the embedded default and the tests only, one
 * demonstration administrator per role. Existing administrators are never changed.
 */
@Component
public final class AdministratorBootstrap implements ApplicationRunner {

    /** The password of the demonstration administrators. */
    public static final String DEMO_PASSWORD = "Admin@2026!";

    /** The TOTP secret (base32) of the demonstration administrators, already enrolled. */
    public static final String DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP";

    private static final Logger log = LoggerFactory.getLogger(AdministratorBootstrap.class);

    private final AdministratorRepository administrators;

    private final AdminConsoleProperties properties;

    private final PasswordEncoder passwords;

    private final SensitiveDataProtector protector;

    private final AuditLog audit;

    private final Environment environment;

    private final Clock clock;

    public AdministratorBootstrap(
            AdministratorRepository administrators,
            AdminConsoleProperties properties,
            @Qualifier("accountPasswordEncoder") PasswordEncoder passwords,
            SensitiveDataProtector protector,
            AuditLog audit,
            Environment environment,
            Clock clock) {
        this.administrators = administrators;
        this.properties = properties;
        this.passwords = passwords;
        this.protector = protector;
        this.audit = audit;
        this.environment = environment;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        AdminConsoleProperties.Bootstrap first = this.properties.bootstrap();
        if (first != null) {
            create(first.username(), first.displayName(), AdminRole.SECURITY, first.passwordHash(), null, "bootstrap");
        }
        if (this.properties.demoAdministrators()) {
            if (Arrays.asList(this.environment.getActiveProfiles()).contains("prod")) {
                throw new IllegalStateException(
                        "yiwang.admin.demo-administrators seeds well-known passwords: never under the prod profile");
            }
            String hash = this.passwords.encode(DEMO_PASSWORD);
            String secret = this.protector.encrypt(DEMO_TOTP_SECRET);
            create("sysadmin", "系统管理员 (demo)", AdminRole.SYSTEM, hash, secret, "demo");
            create("secadmin", "安全管理员 (demo)", AdminRole.SECURITY, hash, secret, "demo");
            create("auditadmin", "审计管理员 (demo)", AdminRole.AUDIT, hash, secret, "demo");
        }
    }

    private void create(
            String username, String displayName, AdminRole role, String hash, String secret, String createdBy) {
        Instant now = this.clock.instant();
        boolean created = this.administrators.insert(new Administrator(
                username, displayName, role, hash, secret, secret != null, 0, 0, null, true, 1, now, createdBy, now));
        if (created) {
            log.info("Administrator '{}' ({}) created from {}", username, role, createdBy);
            this.audit.record(new AuditEvent(
                    now,
                    "admin.created",
                    "system",
                    null,
                    null,
                    null,
                    "success",
                    createdBy + " " + username + " " + role));
        }
    }
}
