package cn.yiwang.id.server.console;

import cn.yiwang.id.server.permission.AdminPermission;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * The permission check every console page makes itself, on top of the console chain's
 * {@code AdminAuthorization} table: a page must never open to a session that is not an administrator's with
 * the permission, whichever chain served the request.
 */
final class ConsolePermissions {

    private ConsolePermissions() {}

    /** @throws AccessDeniedException (403 through the chain's handler) without the permission */
    static void require(Authentication admin, AdminPermission permission) {
        if (admin == null
                || !admin.isAuthenticated()
                || admin.getAuthorities().stream()
                        .map(GrantedAuthority::getAuthority)
                        .noneMatch(permission.authority()::equals)) {
            throw new AccessDeniedException("Requires " + permission.authority());
        }
    }
}
