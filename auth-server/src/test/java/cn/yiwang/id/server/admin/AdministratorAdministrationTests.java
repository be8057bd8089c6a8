package cn.yiwang.id.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.kit.registry.Violation;
import cn.yiwang.id.server.permission.AdminRole;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AdministratorAdministrationTests {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    private static final Administrator SECADMIN = new Administrator(
            "secadmin", "安全", AdminRole.SECURITY, "", null, true, 0, 0, null, true, 3, NOW, "demo", NOW);

    // the checks that need no database: a null repository is never reached for a change
    private final AdministratorAdministration administration =
            new AdministratorAdministration(null, null, null, null, null);

    @Test
    void checkWhenOwnRoleChangedOrSelfDisabledThenRefusedOnThoseFields() {
        assertThat(this.administration.check(
                        SECADMIN, new AdministratorAdministration.Change("安全", "AUDIT", false), "secadmin"))
                .extracting(Violation::field)
                .containsExactly("role", "enabled");
    }

    @Test
    void checkWhenAnotherAdministratorChangesItThenAllowed() {
        assertThat(this.administration.check(
                        SECADMIN, new AdministratorAdministration.Change("安全", "AUDIT", false), "chief"))
                .isEmpty();
    }

    @Test
    void checkWhenFieldsInvalidThenEachNamed() {
        assertThat(this.administration.check(
                        SECADMIN, new AdministratorAdministration.Change(" ", "root", null), "chief"))
                .extracting(Violation::field)
                .containsExactly("displayName", "role", "enabled");
    }

    @Test
    void diffWhenFieldsChangedThenEachBeforeAndAfter() {
        assertThat(AdministratorAdministration.diff(SECADMIN, "安全2", AdminRole.AUDIT, false))
                .isEqualTo("displayName \"安全\" -> \"安全2\", role SECURITY -> AUDIT, enabled true -> false");
        assertThat(AdministratorAdministration.diff(SECADMIN, "安全", AdminRole.SECURITY, true))
                .isEqualTo("no change");
    }
}
