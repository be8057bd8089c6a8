package cn.yiwang.id.server.api;

import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.account.realname.RealNameOutcome;
import cn.yiwang.id.account.realname.RealNameVerification;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Records that a citizen was verified in person at a service counter (L4), by an authorised
 * operator ({@code /admin/api}, scope {@code yiwang.admin}); audited with the operator.
 */
@RestController
public final class InPersonVerificationController {

    private final RealNameVerification verification;
    private final AccountRepository accounts;
    private final AuditLog audit;
    private final Clock clock;

    public InPersonVerificationController(
            RealNameVerification verification, AccountRepository accounts, AuditLog audit, Clock clock) {
        this.verification = verification;
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
    }

    /** What the operator checked at the counter. */
    public record InPersonVerification(
            @NotBlank @Size(max = 100) String realName,
            @NotBlank @Size(max = 32) String documentType,
            @NotBlank @Size(max = 64) String documentNumber,
            @NotBlank @Size(max = 64) String office) {

        /** Never prints the document number or the name. */
        @Override
        public String toString() {
            return "InPersonVerification[documentType=" + this.documentType + ", office=" + this.office + "]";
        }
    }

    @PostMapping("/admin/api/accounts/{accountId}/in-person-verifications")
    public ResponseEntity<Map<String, Object>> record(
            @PathVariable UUID accountId,
            @Valid @RequestBody InPersonVerification body,
            @AuthenticationPrincipal Jwt operator) {
        if (this.accounts.findById(accountId).isEmpty()) {
            throw ApiProblems.notFound("Account not found", "No account with this id");
        }
        String actor = AdminSessionsController.actor(operator);
        RealNameOutcome outcome = this.verification.recordInPerson(
                accountId, body.realName(), body.documentType(), body.documentNumber(), actor, body.office());
        this.audit.record(new AuditEvent(
                this.clock.instant(),
                "verification.in-person",
                actor,
                accountId.toString(),
                null,
                null,
                outcome.getClass().getSimpleName().toLowerCase(),
                "office " + body.office()));
        if (outcome instanceof RealNameOutcome.Verified verified) {
            return ResponseEntity.created(URI.create("/admin/api/accounts/" + accountId + "/in-person-verifications"))
                    .body(Map.of(
                            "accountId",
                            accountId.toString(),
                            "level",
                            verified.level().name()));
        }
        if (outcome instanceof RealNameOutcome.AlreadyRegistered) {
            throw problem(
                    HttpStatus.CONFLICT,
                    "Document registered to another account",
                    "One account per person: this document belongs to another account",
                    null);
        }
        List<Map<String, String>> problems = ((RealNameOutcome.Invalid) outcome)
                .problems().stream()
                        .map((p) -> Map.of("code", p.code(), "message", p.messageEn()))
                        .toList();
        throw problem(HttpStatus.BAD_REQUEST, "Invalid document", "The document data are not valid", problems);
    }

    private static ErrorResponseException problem(
            HttpStatus status, String title, String detail, List<Map<String, String>> problems) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        if (problems != null) {
            problem.setProperty("problems", problems);
        }
        return new ErrorResponseException(status, problem, null);
    }
}
