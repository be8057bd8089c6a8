package cn.yiwang.id.server.delegation;

import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.account.delegation.CommunityAgent;
import cn.yiwang.id.account.delegation.CommunityAgents;
import cn.yiwang.id.account.realname.RealNameRegistry;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A security administrator flags a real-named citizen as community agent (代办员) for a region, or unflags them
 * ({@code /admin/api/accounts/{id}/agent}, bearer token with scope {@code yiwang.admin}). Both are audited with
 * the administrator; errors are RFC 9457 problems.
 */
@RestController
@RequestMapping("/admin/api/accounts/{accountId}/agent")
public final class AgentAdminController {

    // GB/T 2260 administrative division: 6 digits (county), optionally 9 or 12 (township, village)
    private static final Pattern REGION = Pattern.compile("\\d{6}(\\d{3}(\\d{3})?)?");

    private final CommunityAgents agents;
    private final AccountRepository accounts;
    private final RealNameRegistry realNames;
    private final AuditLog audit;
    private final Clock clock;

    public AgentAdminController(
            CommunityAgents agents,
            AccountRepository accounts,
            RealNameRegistry realNames,
            AuditLog audit,
            Clock clock) {
        this.agents = agents;
        this.accounts = accounts;
        this.realNames = realNames;
        this.audit = audit;
        this.clock = clock;
    }

    /** The flag: {@code {"region": "310101"}}. */
    public record AgentRequest(String region) {}

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> flag(
            @PathVariable String accountId, @RequestBody AgentRequest body, @AuthenticationPrincipal Jwt admin) {
        UUID id = parse(accountId);
        if (id == null || this.accounts.findById(id).isEmpty()) {
            return problem(HttpStatus.NOT_FOUND, "Account not found", "No account has this id");
        }
        if (body == null
                || body.region() == null
                || !REGION.matcher(body.region()).matches()) {
            return problem(
                    HttpStatus.BAD_REQUEST,
                    "Invalid region",
                    "region must be a GB/T 2260 administrative division code: 6, 9 or 12 digits");
        }
        if (this.realNames.identityOf(id).isEmpty()) {
            return problem(
                    HttpStatus.CONFLICT,
                    "Not real-named",
                    "Only a citizen whose real name is verified can be a community agent");
        }
        CommunityAgent agent = this.agents.flag(id, body.region(), actor(admin));
        record("agent.flagged", admin, id, "region " + agent.region());
        return ResponseEntity.ok(Map.of(
                "accountId",
                id.toString(),
                "region",
                agent.region(),
                "flaggedAt",
                agent.flaggedAt().toString()));
    }

    @DeleteMapping
    public ResponseEntity<?> unflag(@PathVariable String accountId, @AuthenticationPrincipal Jwt admin) {
        UUID id = parse(accountId);
        if (id == null || !this.agents.unflag(id)) {
            return problem(HttpStatus.NOT_FOUND, "Not an agent", "This account is not a community agent");
        }
        record("agent.unflagged", admin, id, "community agent flag removed");
        return ResponseEntity.noContent().build();
    }

    private void record(String type, Jwt admin, UUID accountId, String detail) {
        this.audit.record(new AuditEvent(
                this.clock.instant(), type, actor(admin), accountId.toString(), null, null, "success", detail));
    }

    private static String actor(Jwt token) {
        Object clientId = token.getClaim("client_id");
        return "admin:" + ((clientId != null) ? clientId : token.getSubject());
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
