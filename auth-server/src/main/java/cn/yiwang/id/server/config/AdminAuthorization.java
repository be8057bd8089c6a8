package cn.yiwang.id.server.config;

import static cn.yiwang.id.server.permission.AdminPermission.*;

import cn.yiwang.id.server.permission.AdminPermission;
import java.util.List;
import java.util.function.Predicate;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The one table of who may do what in the administration: each row gives a path pattern the permission that
 * opens it, {@link #read} rows for {@code GET}/{@code HEAD}, {@link #write} rows for every other method. It is
 * applied to both the admin API ({@code /admin/api/**}, where a client-credentials token's scopes are mapped to
 * permissions through {@code AdminScope}) and the console pages (where the signed-in administrator's role gives
 * them). A path no row names is refused. Add rows at the end of their section.
 */
public final class AdminAuthorization {

    /**
     * One row.
     *
     * @param pattern a path pattern ({@code /admin/api/clients/**} also matches {@code /admin/api/clients})
     * @param read true for {@code GET}/{@code HEAD}, false for the methods that change something
     * @param permission the permission needed
     */
    public record Rule(String pattern, boolean read, AdminPermission permission) {}

    /** The table. */
    public static final List<Rule> RULES = List.of(
            // admin API
            read("/admin/api/clients/**", CLIENTS_READ),
            write("/admin/api/clients/**", CLIENTS_WRITE),
            read("/admin/api/identity-providers/**", IDPS_READ),
            write("/admin/api/identity-providers/**", IDPS_WRITE),
            read("/admin/api/saml/**", SAML_READ),
            write("/admin/api/saml/**", SAML_WRITE),
            read("/admin/api/keys/**", KEYS_READ),
            write("/admin/api/keys/**", KEYS_WRITE),
            read("/admin/api/accounts/**", ACCOUNTS_READ),
            write("/admin/api/accounts/**", ACCOUNTS_WRITE),
            read("/admin/api/administrators/**", ADMINS_READ),
            write("/admin/api/administrators/**", ADMINS_WRITE),
            // the audit trail: reading, exporting, verifying and signing a checkpoint (POST) change nothing of what
            // is audited, so all of them need only AUDIT_READ, which the audit administrator alone holds
            read("/admin/api/audit/**", AUDIT_READ),
            write("/admin/api/audit/**", AUDIT_READ),
            // console pages
            read("/admin/administrators/**", ADMINS_READ),
            write("/admin/administrators/**", ADMINS_WRITE),
            // console pages of part C: a form or confirm page that only leads to a change needs the write
            // permission even to be shown, so those rows come before the section's read rows
            read("/admin/accounts/*/lock", ACCOUNTS_WRITE),
            read("/admin/accounts/*/unlock", ACCOUNTS_WRITE),
            read("/admin/accounts/*/end-sessions", ACCOUNTS_WRITE),
            // searching posts the number (so it never sits in a URL) but changes nothing: the audit administrator may
            write("/admin/accounts/search", ACCOUNTS_READ),
            read("/admin/accounts/**", ACCOUNTS_READ),
            write("/admin/accounts/**", ACCOUNTS_WRITE),
            read("/admin/identity-providers/new", IDPS_WRITE),
            read("/admin/identity-providers/*/edit", IDPS_WRITE),
            read("/admin/identity-providers/**", IDPS_READ),
            write("/admin/identity-providers/**", IDPS_WRITE),
            read("/admin/clients/new", CLIENTS_WRITE),
            read("/admin/clients/*/edit", CLIENTS_WRITE),
            read("/admin/clients/**", CLIENTS_READ),
            write("/admin/clients/**", CLIENTS_WRITE),
            read("/admin/saml/import", SAML_WRITE),
            read("/admin/saml/**", SAML_READ),
            write("/admin/saml/**", SAML_WRITE),
            read("/admin/audit/**", AUDIT_READ),
            write("/admin/audit/**", AUDIT_READ),
            // live operational figures: the configuration views' permission (system and audit administrators)
            read("/admin/dashboard/**", CONFIG_READ));

    private static final String API = "/admin/api/";

    private AdminAuthorization() {}

    static Rule read(String pattern, AdminPermission permission) {
        return new Rule(pattern, true, permission);
    }

    static Rule write(String pattern, AdminPermission permission) {
        return new Rule(pattern, false, permission);
    }

    /** The rows of the admin API. */
    static AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry applyToApi(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry authorize) {
        apply(authorize, (pattern) -> pattern.startsWith(API));
        return authorize;
    }

    /** The rows of the console pages. */
    static void applyToConsole(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry authorize) {
        apply(authorize, (pattern) -> !pattern.startsWith(API));
    }

    private static void apply(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry authorize,
            Predicate<String> which) {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        RequestMatcher reads = new OrRequestMatcher(
                (request) -> HttpMethod.GET.matches(request.getMethod()),
                (request) -> HttpMethod.HEAD.matches(request.getMethod()));
        for (Rule rule : RULES) {
            if (which.test(rule.pattern())) {
                RequestMatcher path = paths.matcher(rule.pattern());
                RequestMatcher matcher =
                        new AndRequestMatcher(path, rule.read() ? reads : new NegatedRequestMatcher(reads));
                authorize
                        .requestMatchers(matcher)
                        .hasAuthority(rule.permission().authority());
            }
        }
    }
}
