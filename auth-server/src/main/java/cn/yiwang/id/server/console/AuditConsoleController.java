package cn.yiwang.id.server.console;

import cn.yiwang.id.server.audit.AuditChainVerifier;
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
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The audit trail in the console ({@code /admin/audit}, audit administrators only): filters by time (China Standard
 * Time, as typed), actor, action and target, pages of 50, CSV/JSON export of the same filters, and a button that
 * verifies the hash chain and shows the first broken row. Reading, exporting and verifying are themselves audited.
 */
@Controller
public final class AuditConsoleController {

    /** Times in the filter are typed and shown in China Standard Time. */
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private static final int PAGE_SIZE = 50;

    private final AuditTrail trail;
    private final AuditChainVerifier verifier;
    private final AuditProperties properties;
    private final AuditLog audit;
    private final Clock clock;

    public AuditConsoleController(
            AuditTrail trail, AuditChainVerifier verifier, AuditProperties properties, AuditLog audit, Clock clock) {
        this.trail = trail;
        this.verifier = verifier;
        this.properties = properties;
        this.audit = audit;
        this.clock = clock;
    }

    @GetMapping("/admin/audit")
    public String page(@RequestParam Map<String, String> params, Model model) {
        return render(params, null, model);
    }

    @PostMapping("/admin/audit/verify")
    public String verify(@RequestParam Map<String, String> params, Model model) {
        ChainVerification result = this.verifier.verify();
        this.audit.record(event("audit.verified", result.intact() ? "intact" : "broken", null));
        return render(params, result, model);
    }

    @GetMapping("/admin/audit/export")
    public ResponseEntity<StreamingResponseBody> export(@RequestParam Map<String, String> params) {
        Map<String, String> errors = new LinkedHashMap<>();
        AuditQuery query = query(params, errors);
        String format = "csv".equals(params.get("format")) ? "csv" : "json";
        if (!errors.isEmpty()) {
            return ResponseEntity.badRequest().build();
        }
        this.audit.record(event("audit.exported", "exported", "format " + format + " from the console"));
        StreamingResponseBody body = (out) -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            AuditExports.Sink sink = format.equals("csv") ? AuditExports.csv(writer) : AuditExports.json(writer);
            this.trail.export(query, this.properties.exportLimit(), sink::accept);
            sink.close();
            writer.flush();
        };
        return ResponseEntity.ok()
                .contentType(
                        format.equals("csv")
                                ? new MediaType("text", "csv", StandardCharsets.UTF_8)
                                : MediaType.APPLICATION_JSON)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("audit-" + this.clock.instant().getEpochSecond() + "." + format)
                                .build()
                                .toString())
                .body(body);
    }

    private String render(Map<String, String> params, ChainVerification result, Model model) {
        Map<String, String> errors = new LinkedHashMap<>();
        AuditQuery query = query(params, errors);
        model.addAttribute("filter", filterValues(params));
        model.addAttribute("errors", errors);
        model.addAttribute("verification", result);
        model.addAttribute("zone", ZONE);
        if (errors.isEmpty()) {
            AuditTrail.Page page = this.trail.page(query);
            model.addAttribute("page", page);
            model.addAttribute("pages", Math.max(1, (page.total() + PAGE_SIZE - 1) / PAGE_SIZE));
        }
        return "admin/audit";
    }

    /** The filters as typed, kept in the form. */
    private static Map<String, String> filterValues(Map<String, String> params) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : new String[] {"from", "to", "actor", "action", "target"}) {
            values.put(name, params.getOrDefault(name, ""));
        }
        return values;
    }

    /** The query of the form's values; each invalid field gets a message key in {@code errors}. */
    static AuditQuery query(Map<String, String> params, Map<String, String> errors) {
        Instant from = time(params.get("from"), "from", errors);
        Instant to = time(params.get("to"), "to", errors);
        if (from != null && to != null && !from.isBefore(to)) {
            errors.put("to", "admin.audit.error.order");
        }
        int page = 0;
        String pageValue = params.get("page");
        if (pageValue != null && !pageValue.isBlank()) {
            try {
                page = Integer.parseInt(pageValue.trim());
            } catch (NumberFormatException ex) {
                page = -1;
            }
            if (page < 0 || page > 100_000) {
                errors.put("page", "admin.audit.error.page");
                page = 0;
            }
        }
        return new AuditQuery(
                from,
                to,
                text(params.get("actor")),
                text(params.get("action")),
                text(params.get("target")),
                page,
                PAGE_SIZE);
    }

    private static Instant time(String value, String field, Map<String, String> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(value.trim()).atZone(ZONE).toInstant();
        } catch (DateTimeParseException ex) {
            errors.put(field, "admin.audit.error.time");
            return null;
        }
    }

    private static String text(String value) {
        return (value == null || value.isBlank()) ? null : value.trim();
    }

    private AuditEvent event(String type, String outcome, String detail) {
        return new AuditEvent(
                this.clock.instant(),
                type,
                "admin:" + ConsoleModel.administrator().getName(),
                null,
                null,
                null,
                outcome,
                detail);
    }
}
