package cn.yiwang.id.server.api;

import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A citizen's own SSO sessions ({@code /account/api/sessions}, bearer token with scope
 * {@code yiwang.account} issued to them): see where they are signed in, and end a session.
 */
@RestController
@RequestMapping("/account/api/sessions")
public final class AccountSessionsController {

    private final SessionManagement sessions;

    public AccountSessionsController(SessionManagement sessions) {
        this.sessions = sessions;
    }

    @GetMapping
    public List<SessionView> list(@AuthenticationPrincipal Jwt token) {
        return this.sessions.list(token.getSubject(), token.getClaimAsString("sid"));
    }

    @DeleteMapping("/{sid}")
    public ResponseEntity<Void> end(@PathVariable String sid, @AuthenticationPrincipal Jwt token) {
        if (!this.sessions.end(token.getSubject(), sid, "user", "user-ended")) {
            throw AdminSessionsController.notFound();
        }
        return ResponseEntity.noContent().build();
    }
}
