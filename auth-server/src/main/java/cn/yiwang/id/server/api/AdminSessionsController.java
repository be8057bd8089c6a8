package cn.yiwang.id.server.api;

import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Administrators' view of a citizen's SSO sessions ({@code /admin/api}, bearer token with scope
 * {@code yiwang.admin}): list them, end one, end all. Every end is audited with the administrator.
 */
@RestController
@RequestMapping("/admin/api/accounts/{accountId}/sessions")
public final class AdminSessionsController {

    private final SessionManagement sessions;

    public AdminSessionsController(SessionManagement sessions) {
        this.sessions = sessions;
    }

    @GetMapping
    public List<SessionView> list(@PathVariable String accountId) {
        return this.sessions.list(accountId, null);
    }

    @DeleteMapping("/{sid}")
    public ResponseEntity<Void> end(
            @PathVariable String accountId, @PathVariable String sid, @AuthenticationPrincipal Jwt admin) {
        if (!this.sessions.end(accountId, sid, actor(admin), "admin")) {
            throw notFound();
        }
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping
    public ResponseEntity<Void> endAll(@PathVariable String accountId, @AuthenticationPrincipal Jwt admin) {
        this.sessions.endAll(accountId, actor(admin), "admin");
        return ResponseEntity.noContent().build();
    }

    static String actor(Jwt token) {
        Object clientId = token.getClaim("client_id");
        return "admin:" + ((clientId != null) ? clientId : token.getSubject());
    }

    static ErrorResponseException notFound() {
        return ApiProblems.notFound("Session not found", "No live session with this id belongs to this account");
    }
}
