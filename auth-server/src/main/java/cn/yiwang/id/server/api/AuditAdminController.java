package cn.yiwang.id.server.api;

import cn.yiwang.id.kit.registry.Violation;
import cn.yiwang.id.kit.web.AdminProblems;
import cn.yiwang.id.server.audit.AuditChainVerifier;
import cn.yiwang.id.server.audit.AuditCheckpoints;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditExports;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.audit.AuditProperties;
import cn.yiwang.id.server.audit.AuditQuery;
import cn.yiwang.id.server.audit.AuditTrail;
import cn.yiwang.id.server.audit.ChainVerification;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The audit trail for audit administrators ({@code /admin/api/audit}): verify the hash chain, sign a checkpoint on
 * demand, read events with filters and pages, export them as CSV or JSON. Every output is masked.
 */
@RestController
public final class AuditAdminController {

    private static final int MAX_PAGE_SIZE = 200;

    private final AuditChainVerifier verifier;
    private final AuditCheckpoints checkpoints;
    private final AuditTrail trail;
    private final AuditProperties properties;
    private final AuditLog audit;
    private final Clock clock;

    public AuditAdminController(
            AuditChainVerifier verifier,
            AuditCheckpoints checkpoints,
            AuditTrail trail,
            AuditProperties properties,
            AuditLog audit,
            Clock clock) {
        this.verifier = verifier;
        this.checkpoints = checkpoints;
        this.trail = trail;
        this.properties = properties;
        this.audit = audit;
        this.clock = clock;
    }

    @GetMapping("/admin/api/audit/verify")
    public Map<String, Object> verify(Authentication admin) {
        ChainVerification result = this.verifier.verify();
        this.audit.record(event("audit.verified", actor(admin), result.intact() ? "intact" : "broken", null));
        return view(result);
    }

    @PostMapping("/admin/api/audit/checkpoints")
    public ResponseEntity<Map<String, Object>> checkpoint(Authentication admin) {
        AuditCheckpoints.Checkpoint signed = this.checkpoints.sign("on-demand").orElseThrow();
        this.audit.record(event(
                "audit.checkpoint", actor(admin), "signed", "seq " + signed.seq() + " signed by " + signed.kid()));
        return ResponseEntity.status(HttpStatus.CREATED).body(view(signed));
    }

    @GetMapping("/admin/api/audit/checkpoints")
    public List<Map<String, Object>> checkpoints() {
        return this.checkpoints.all().stream().map(AuditAdminController::view).toList();
    }

    @GetMapping("/admin/api/audit/events")
    public AuditTrail.Page events(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) String target,
            @RequestParam(required = false) String page,
            @RequestParam(required = false) String size) {
        return this.trail.page(query(from, to, actor, action, target, page, size));
    }

    @GetMapping("/admin/api/audit/export")
    public ResponseEntity<StreamingResponseBody> export(
            @RequestParam(required = false) String format,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) String target,
            Authentication admin) {
        String chosen = (format == null) ? "json" : format;
        if (!chosen.equals("csv") && !chosen.equals("json")) {
            throw invalid(List.of(new Violation("format", "must be csv or json")));
        }
        AuditQuery query = query(from, to, actor, action, target, null, null);
        this.audit.record(event("audit.exported", actor(admin), "exported", "format " + chosen + filters(query)));
        StreamingResponseBody body = (out) -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            AuditExports.Sink sink = chosen.equals("csv") ? AuditExports.csv(writer) : AuditExports.json(writer);
            try {
                this.trail.export(query, this.properties.exportLimit(), (row) -> sink.accept(row));
                sink.close();
            } catch (java.io.UncheckedIOException ex) {
                throw ex.getCause();
            }
            writer.flush();
        };
        String name = "audit-" + this.clock.instant().getEpochSecond() + "." + chosen;
        return ResponseEntity.ok()
                .contentType(
                        chosen.equals("csv")
                                ? new MediaType("text", "csv", StandardCharsets.UTF_8)
                                : MediaType.APPLICATION_JSON)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(name).build().toString())
                .body(body);
    }

    /** The filters of a query string, each checked; every invalid one is named in one RFC 9457 problem. */
    static AuditQuery query(
            String from, String to, String actor, String action, String target, String page, String size) {
        List<Violation> violations = new ArrayList<>();
        Instant start = instant("from", from, violations);
        Instant end = instant("to", to, violations);
        if (start != null && end != null && !start.isBefore(end)) {
            violations.add(new Violation("to", "must be after from"));
        }
        int pageNumber = number("page", page, 0, 0, Integer.MAX_VALUE / MAX_PAGE_SIZE, violations);
        int pageSize = number("size", size, 50, 1, MAX_PAGE_SIZE, violations);
        if (!violations.isEmpty()) {
            throw invalid(violations);
        }
        return new AuditQuery(start, end, blank(actor), blank(action), blank(target), pageNumber, pageSize);
    }

    private static Instant instant(String field, String value, List<Violation> violations) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException ex) {
            violations.add(new Violation(field, "must be an ISO-8601 instant, e.g. 2026-01-31T16:00:00Z"));
            return null;
        }
    }

    private static int number(String field, String value, int fallback, int min, int max, List<Violation> violations) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException ex) {
            // reported below
        }
        violations.add(new Violation(field, "must be a whole number from " + min + " to " + max));
        return fallback;
    }

    private static String blank(String value) {
        return (value == null || value.isBlank()) ? null : value.trim();
    }

    private static ErrorResponseException invalid(List<Violation> violations) {
        ProblemDetail problem = AdminProblems.invalid("audit query", violations);
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
    }

    private static String filters(AuditQuery query) {
        StringBuilder out = new StringBuilder();
        if (query.from() != null) {
            out.append(", from ").append(query.from());
        }
        if (query.to() != null) {
            out.append(", to ").append(query.to());
        }
        if (query.actor() != null) {
            out.append(", actor ").append(query.actor());
        }
        if (query.action() != null) {
            out.append(", action ").append(query.action());
        }
        if (query.target() != null) {
            out.append(", target ").append(query.target());
        }
        return out.toString();
    }

    private AuditEvent event(String type, String actor, String outcome, String detail) {
        return new AuditEvent(this.clock.instant(), type, actor, null, null, null, outcome, detail);
    }

    /** The administrator as the audit trail names them: a console user by name, a token by its client. */
    static String actor(Authentication admin) {
        if (admin instanceof JwtAuthenticationToken token) {
            return AdminSessionsController.actor(token.getToken());
        }
        return "admin:" + admin.getName();
    }

    /** The verification as JSON: the reason as its code ({@code content-changed}, …). */
    public static Map<String, Object> view(ChainVerification result) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("intact", result.intact());
        body.put("verifiedAt", result.verifiedAt().toString());
        body.put("firstSeq", result.firstSeq());
        body.put("headSeq", result.headSeq());
        body.put("rows", result.rows());
        body.put("checkpoints", result.checkpoints());
        if (result.firstBreak() != null) {
            Map<String, Object> broken = new LinkedHashMap<>();
            broken.put("seq", result.firstBreak().seq());
            broken.put("rowId", result.firstBreak().rowId());
            broken.put("reason", result.firstBreak().reason().code());
            broken.put("detail", result.firstBreak().detail());
            body.put("firstBreak", broken);
        }
        return body;
    }

    private static Map<String, Object> view(AuditCheckpoints.Checkpoint checkpoint) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("seq", checkpoint.seq());
        body.put("hash", checkpoint.hash());
        body.put("signedAt", checkpoint.signedAt().toString());
        body.put("kid", checkpoint.kid());
        body.put("reason", checkpoint.reason());
        body.put("jws", checkpoint.jws());
        return body;
    }
}
