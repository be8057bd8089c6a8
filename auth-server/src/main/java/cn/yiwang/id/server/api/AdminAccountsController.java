package cn.yiwang.id.server.api;

import cn.yiwang.id.account.search.AccountMatch;
import cn.yiwang.id.account.search.AccountQuery;
import cn.yiwang.id.account.search.AccountSearch.StatusChange;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Administrators' API for citizen accounts ({@code /admin/api/accounts}): search by user name, mobile or ID
 * number (exact, through the blind index; results masked), read one with its level, links and sessions, and
 * lock or unlock it with {@code If-Match} (RFC 9110 §13.1.1; 428 without it, 412 when stale). Sessions are
 * listed and ended by {@link AdminSessionsController}.
 */
@RestController
@RequestMapping(AdminAccountsController.PATH)
public final class AdminAccountsController {

    static final String PATH = "/admin/api/accounts";

    private final AccountAdministration accounts;

    public AdminAccountsController(AccountAdministration accounts) {
        this.accounts = accounts;
    }

    @GetMapping
    public List<AccountMatch> search(
            @RequestParam(required = false) String username,
            @RequestParam(required = false) String phone,
            @RequestParam(required = false) String idNumber) {
        return this.accounts.search(new AccountQuery(username, phone, idNumber));
    }

    @GetMapping("/{id}")
    public ResponseEntity<AccountAdministration.AccountDetail> get(@PathVariable String id) {
        AccountAdministration.AccountDetail detail =
                this.accounts.detail(accountId(id)).orElseThrow(() -> notFound(id));
        return ResponseEntity.ok().eTag(etag(detail.account())).body(detail);
    }

    @PostMapping("/{id}/lock")
    public ResponseEntity<AccountMatch> lock(
            @PathVariable String id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            Authentication admin) {
        UUID account = accountId(id);
        return answer(id, this.accounts.lock(account, version(ifMatch, id), actor(admin)));
    }

    @PostMapping("/{id}/unlock")
    public ResponseEntity<AccountMatch> unlock(
            @PathVariable String id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            Authentication admin) {
        UUID account = accountId(id);
        return answer(id, this.accounts.unlock(account, version(ifMatch, id), actor(admin)));
    }

    /** Who acts, for the audit log: a token's client (client credentials), else the signed-in administrator. */
    public static String actor(Authentication admin) {
        if (admin instanceof JwtAuthenticationToken jwt) {
            Object clientId = jwt.getToken().getClaim("client_id");
            return "admin:" + ((clientId != null) ? clientId : jwt.getToken().getSubject());
        }
        return "admin:" + ((admin != null) ? admin.getName() : "unknown");
    }

    static String etag(AccountMatch account) {
        return "\"" + account.version() + "\"";
    }

    private static ResponseEntity<AccountMatch> answer(String id, StatusChange change) {
        if (change instanceof StatusChange.Changed changed) {
            return ResponseEntity.ok().eTag(etag(changed.now())).body(changed.now());
        }
        if (change instanceof StatusChange.Unchanged same) {
            return ResponseEntity.ok().eTag(etag(same.now())).body(same.now());
        }
        if (change instanceof StatusChange.Stale stale) {
            throw changedMeanwhile(stale.now());
        }
        throw notFound(id);
    }

    // RFC 6585 §3: without If-Match a lock decided on a stale read could undo another administrator's unlock
    private static String version(String ifMatch, String id) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw problem(
                    HttpStatus.PRECONDITION_REQUIRED,
                    "If-Match required",
                    "Send If-Match with the ETag of GET " + PATH + "/" + id
                            + ", so that a concurrent change is not overwritten");
        }
        String tag = ifMatch.strip();
        // strong comparison only (RFC 9110 §8.8.3.2): a weak tag never matches
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            return tag.substring(1, tag.length() - 1);
        }
        return tag;
    }

    private static UUID accountId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException ex) {
            throw notFound(id);
        }
    }

    private static ErrorResponseException changedMeanwhile(AccountMatch current) {
        ErrorResponseException problem = problem(
                HttpStatus.PRECONDITION_FAILED,
                "Account changed",
                "The account has changed since the version in If-Match; its ETag is now " + etag(current)
                        + " and its status " + current.status() + ". GET it again and decide again");
        problem.getHeaders().setETag(etag(current));
        return problem;
    }

    private static ErrorResponseException notFound(String id) {
        return problem(HttpStatus.NOT_FOUND, "Account not found", "No account has this id");
    }

    private static ErrorResponseException problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }
}
