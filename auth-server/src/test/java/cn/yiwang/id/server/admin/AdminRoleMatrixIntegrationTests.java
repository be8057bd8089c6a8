package cn.yiwang.id.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.server.permission.AdminRole;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.RawHttp;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

/**
 * Who may call what: ONE table, every admin API endpoint (and the console pages of this part) × every role and
 * every admin scope → allowed (✓) or 403. Scopes are tried for real, with client-credentials tokens of the test
 * clients; roles through the authorization rules of the chain that serves the path, with the role's
 * authentication as the console builds it. The README shows the same table (asserted equal).
 */
class AdminRoleMatrixIntegrationTests extends IntegrationTestSupport {

    /** Rendered in README.md between the role-matrix markers. "—": a token never opens a console page. */
    static final String TABLE = """
            | Endpoint | SYSTEM | SECURITY | AUDIT | `yiwang.admin.clients` | `yiwang.admin.idps` | `yiwang.admin.saml` | `yiwang.admin.accounts` | `yiwang.admin.admins` | `yiwang.admin.keys` | `yiwang.admin.audit` | `yiwang.admin` |
            |---|---|---|---|---|---|---|---|---|---|---|---|
            | `GET /admin/api/clients` | ✓ | 403 | ✓ | ✓ | 403 | 403 | 403 | 403 | 403 | ✓ | ✓ |
            | `POST /admin/api/clients` | ✓ | 403 | 403 | ✓ | 403 | 403 | 403 | 403 | 403 | 403 | ✓ |
            | `GET /admin/api/identity-providers` | ✓ | 403 | ✓ | 403 | ✓ | 403 | 403 | 403 | 403 | ✓ | ✓ |
            | `POST /admin/api/identity-providers` | ✓ | 403 | 403 | 403 | ✓ | 403 | 403 | 403 | 403 | 403 | ✓ |
            | `GET /admin/api/saml/service-providers` | ✓ | 403 | ✓ | 403 | 403 | ✓ | 403 | 403 | 403 | ✓ | ✓ |
            | `PUT /admin/api/saml/service-providers/{alias}` | ✓ | 403 | 403 | 403 | 403 | ✓ | 403 | 403 | 403 | 403 | ✓ |
            | `GET /admin/api/keys` | ✓ | 403 | ✓ | 403 | 403 | 403 | 403 | 403 | ✓ | ✓ | ✓ |
            | `POST /admin/api/keys/{role}/rotate` | ✓ | 403 | 403 | 403 | 403 | 403 | 403 | 403 | ✓ | 403 | ✓ |
            | `GET /admin/api/accounts/{id}/sessions` | 403 | ✓ | ✓ | 403 | 403 | 403 | ✓ | 403 | 403 | ✓ | ✓ |
            | `DELETE /admin/api/accounts/{id}/sessions` | 403 | ✓ | 403 | 403 | 403 | 403 | ✓ | 403 | 403 | 403 | ✓ |
            | `POST /admin/api/accounts/{id}/in-person-verifications` | 403 | ✓ | 403 | 403 | 403 | 403 | ✓ | 403 | 403 | 403 | ✓ |
            | `GET /admin/api/administrators` | 403 | ✓ | ✓ | 403 | 403 | 403 | 403 | ✓ | 403 | ✓ | ✓ |
            | `POST /admin/api/administrators` | 403 | ✓ | 403 | 403 | 403 | 403 | 403 | ✓ | 403 | 403 | ✓ |
            | `GET /admin/api/accounts` (search) | 403 | ✓ | ✓ | 403 | 403 | 403 | ✓ | 403 | 403 | ✓ | ✓ |
            | `POST /admin/api/accounts/{id}/lock` | 403 | ✓ | 403 | 403 | 403 | 403 | ✓ | 403 | 403 | 403 | ✓ |
            | `POST /admin/api/identity-providers/{alias}/test-connection` | ✓ | 403 | 403 | 403 | ✓ | 403 | 403 | 403 | 403 | 403 | ✓ |
            | `GET /admin/administrators` (console) | 403 | ✓ | ✓ | — | — | — | — | — | — | — | — |
            | `POST /admin/administrators` (console) | 403 | ✓ | 403 | — | — | — | — | — | — | — | — |
            | `GET /admin/api/audit/verify` | 403 | 403 | ✓ | 403 | 403 | 403 | 403 | 403 | 403 | ✓ | 403 |
            | `GET /admin/api/audit/events` | 403 | 403 | ✓ | 403 | 403 | 403 | 403 | 403 | 403 | ✓ | 403 |
            | `GET /admin/api/audit/export` | 403 | 403 | ✓ | 403 | 403 | 403 | 403 | 403 | 403 | ✓ | 403 |
            | `POST /admin/api/audit/checkpoints` | 403 | 403 | ✓ | 403 | 403 | 403 | 403 | 403 | 403 | ✓ | 403 |
            | `GET /admin/audit` (console) | 403 | 403 | ✓ | — | — | — | — | — | — | — | — |
            | `POST /admin/audit/verify` (console) | 403 | 403 | ✓ | — | — | — | — | — | — | — | — |
            | `GET /admin/dashboard` (console) | ✓ | 403 | ✓ | — | — | — | — | — | — | — | — |
            | `GET /admin/accounts` (console) | 403 | ✓ | ✓ | — | — | — | — | — | — | — | — |
            | `GET /admin/identity-providers` (console) | ✓ | 403 | ✓ | — | — | — | — | — | — | — | — |
            | `GET /admin/identity-providers/new` (console) | ✓ | 403 | 403 | — | — | — | — | — | — | — | — |
            | `POST /admin/api/accounts/{id}/agent` | 403 | ✓ | 403 | 403 | 403 | 403 | ✓ | 403 | 403 | 403 | ✓ |
            | `POST /admin/accounts/search` (console) | 403 | ✓ | ✓ | — | — | — | — | — | — | — | — |
            """;

    /** The client of each scope column (secret "demo-secret"). */
    private static final Map<String, String> CLIENTS = Map.of(
            "yiwang.admin.clients", "test-clients-admin",
            "yiwang.admin.idps", "test-admin-idps",
            "yiwang.admin.saml", "test-admin-saml",
            "yiwang.admin.accounts", "test-admin-accounts",
            "yiwang.admin.admins", "test-admin-admins",
            "yiwang.admin.keys", "test-admin-keys",
            "yiwang.admin.audit", "test-admin-audit",
            "yiwang.admin", "test-admin");

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    @Qualifier("apiChain")
    SecurityFilterChain apiChain;

    @Autowired
    @Qualifier("consoleChain")
    SecurityFilterChain consoleChain;

    @Test
    void matrixWhenEachRoleCallsEachEndpointThenAllowedOrForbiddenAsTheTableSays() {
        List<String> mismatches = new ArrayList<>();
        List<String> header = header();
        for (List<String> row : rows()) {
            String[] endpoint = endpoint(row.get(0));
            for (int column = 1; column <= 3; column++) {
                AdminRole role = AdminRole.valueOf(header.get(column));
                boolean allowed = authorize(endpoint[0], endpoint[1], role);
                if (allowed != "✓".equals(row.get(column))) {
                    mismatches.add(row.get(0) + " × " + role + ": " + (allowed ? "allowed" : "403"));
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void matrixWhenEachScopeCallsEachEndpointThenAllowedOrForbiddenAsTheTableSays() throws Exception {
        List<String> mismatches = new ArrayList<>();
        List<String> header = header();
        Map<String, String> tokens = new HashMap<>();
        for (List<String> row : rows()) {
            String[] endpoint = endpoint(row.get(0));
            for (int column = 4; column < header.size(); column++) {
                if ("—".equals(row.get(column))) {
                    continue;
                }
                String scope = header.get(column).replace("`", "");
                String token = tokens.computeIfAbsent(scope, AdminRoleMatrixIntegrationTests::token);
                int status = call(endpoint[0], endpoint[1], token);
                boolean allowed = status != 403 && status != 401;
                if (allowed != "✓".equals(row.get(column))) {
                    mismatches.add(row.get(0) + " × " + scope + ": " + status);
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void readmeWhenRenderedThenHasTheSameTable() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        String start = "<!-- role-matrix:start -->\n";
        String end = "<!-- role-matrix:end -->";
        assertThat(readme).contains(start, end);
        String table = readme.substring(readme.indexOf(start) + start.length(), readme.indexOf(end));
        assertThat(table.strip()).isEqualTo(TABLE.strip());
    }

    private boolean authorize(String method, String path, AdminRole role) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.setServletPath(path);
        SecurityFilterChain chain = path.startsWith("/admin/api/") ? this.apiChain : this.consoleChain;
        assertThat(chain.matches(request)).as(path).isTrue();
        AuthorizationManager<HttpServletRequest> rules = null;
        for (Filter filter : chain.getFilters()) {
            if (filter instanceof AuthorizationFilter authorization) {
                rules = authorization.getAuthorizationManager();
            }
        }
        Instant now = Instant.now();
        AdminAuthentication administrator = new AdminAuthentication(
                new Administrator("matrix", "matrix", role, "", null, true, 0, 0, null, true, 1, now, "test", now));
        return rules.authorize(() -> administrator, request).isGranted();
    }

    private static int call(String method, String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ISSUER + path))
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + token);
        if ("POST".equals(method) || "PUT".equals(method)) {
            // an empty object: refused as invalid (400) when allowed, so nothing is changed
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString("{}"));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static String token(String scope) {
        try {
            return RawHttp.json(RawHttp.postForm(
                            ISSUER + "/oauth2/token",
                            RawHttp.basic(CLIENTS.get(scope), "demo-secret"),
                            "grant_type",
                            "client_credentials",
                            "scope",
                            scope))
                    .get("access_token")
                    .toString();
        } catch (IOException | InterruptedException ex) {
            throw new IllegalStateException(ex);
        }
    }

    // "`GET /admin/api/keys/{role}/rotate` (console)" -> GET, /admin/api/keys/nonexistent/rotate
    private static String[] endpoint(String cell) {
        String call = cell.substring(cell.indexOf('`') + 1, cell.lastIndexOf('`'));
        String[] parts = call.split(" ", 2);
        String path = parts[1].replace("{id}", UUID.randomUUID().toString())
                .replace("{alias}", "matrix-sp")
                .replace("{role}", "nonexistent");
        return new String[] {parts[0], path};
    }

    private static List<String> header() {
        return cells(TABLE.lines().findFirst().orElseThrow());
    }

    private static List<List<String>> rows() {
        return TABLE.lines()
                .skip(2)
                .filter((line) -> !line.isBlank())
                .map(AdminRoleMatrixIntegrationTests::cells)
                .toList();
    }

    private static List<String> cells(String line) {
        String inner = line.strip().substring(1, line.strip().length() - 1);
        return List.of(inner.split("\\|")).stream().map(String::strip).toList();
    }
}
