package cn.yiwang.id.server.admin;

import cn.yiwang.id.server.permission.AdminPermission;
import cn.yiwang.id.server.permission.AdminScope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

/**
 * Authorities of an access token at the APIs: its scopes ({@code SCOPE_*}, as Spring gives them) and, for the admin
 * scopes, the {@code ADMIN_*} permissions they map to ({@link AdminScope}), the same the console's roles hold.
 */
public final class AdminScopeAuthorities implements Converter<Jwt, AbstractAuthenticationToken> {

    private final JwtAuthenticationConverter delegate = new JwtAuthenticationConverter();

    public AdminScopeAuthorities() {
        JwtGrantedAuthoritiesConverter scopes = new JwtGrantedAuthoritiesConverter();
        this.delegate.setJwtGrantedAuthoritiesConverter((jwt) -> {
            Collection<GrantedAuthority> granted = new ArrayList<>(scopes.convert(jwt));
            List<String> names = granted.stream()
                    .map(GrantedAuthority::getAuthority)
                    .filter((authority) -> authority.startsWith("SCOPE_"))
                    .map((authority) -> authority.substring("SCOPE_".length()))
                    .toList();
            AdminScope.permissionsOf(names).stream()
                    .sorted()
                    .map(AdminPermission::authority)
                    .map(SimpleGrantedAuthority::new)
                    .forEach(granted::add);
            return granted;
        });
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        return this.delegate.convert(jwt);
    }
}
