package cn.yiwang.id.server.permission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AdminScopeTests {

    @Test
    void permissionsOfWhenLegacyScopeThenSystemAndSecurityButNeverAudit() {
        assertThat(AdminScope.permissionsOf(List.of("yiwang.admin")))
                .containsAll(AdminRole.SYSTEM.permissions())
                .containsAll(AdminRole.SECURITY.permissions())
                .doesNotContain(AdminPermission.AUDIT_READ);
    }

    @Test
    void permissionsOfWhenAuditScopeThenTheAuditRolesPermissionsOnly() {
        assertThat(AdminScope.permissionsOf(List.of("yiwang.admin.audit")))
                .isEqualTo(AdminRole.AUDIT.permissions())
                .noneMatch(AdminPermission::writes);
    }

    @Test
    void permissionsOfWhenOtherScopesThenNone() {
        assertThat(AdminScope.permissionsOf(List.of("openid", "yiwang.account", "yiwang.admin.unknown")))
                .isEmpty();
    }

    @Test
    void mixesAuditAndWritesWhenAuditWithAnyWriteScopeThenTrue() {
        for (AdminScope scope : AdminScope.values()) {
            if (scope != AdminScope.AUDIT) {
                assertThat(AdminScope.mixesAuditAndWrites(List.of("yiwang.admin.audit", scope.scope())))
                        .as(scope.scope())
                        .isTrue();
            }
        }
        assertThat(AdminScope.mixesAuditAndWrites(List.of("yiwang.admin.audit", "openid")))
                .isFalse();
        assertThat(AdminScope.mixesAuditAndWrites(List.of("yiwang.admin.clients", "yiwang.admin.keys")))
                .isFalse();
    }
}
