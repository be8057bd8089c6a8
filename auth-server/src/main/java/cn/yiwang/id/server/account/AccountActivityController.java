package cn.yiwang.id.server.account;

import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Activity ({@code /account/activity}): the citizen's own sign-ins, failed attempts on their account and
 * sensitive changes from the audit trail, last 90 days, newest first.
 */
@Controller
public final class AccountActivityController {

    static final Duration WINDOW = Duration.ofDays(90);

    private static final int MAX_EVENTS = 500;

    // delivery bookkeeping of logouts, not something the citizen did or should act on
    private static final Set<String> TECHNICAL = Set.of("logout.backchannel", "saml.slo.backchannel");

    private final AuditLog audit;

    private final AppNames appNames;

    private final AccountPages pages;

    private final MessageSource messages;

    private final Clock clock;

    public AccountActivityController(
            AuditLog audit, AppNames appNames, AccountPages pages, MessageSource messages, Clock clock) {
        this.audit = audit;
        this.appNames = appNames;
        this.pages = pages;
        this.messages = messages;
        this.clock = clock;
    }

    /** One line of the activity list. */
    public record ActivityItem(
            Instant at, String what, String app, String method, String place, String outcome, boolean failed) {}

    @GetMapping("/account/activity")
    public String list(HttpServletRequest request, Model model, Locale locale) {
        Instant since = this.clock.instant().minus(WINDOW);
        List<ActivityItem> items = this.audit.forAccount(AccountPages.citizen().getName(), MAX_EVENTS).stream()
                .filter((event) -> !event.occurredAt().isBefore(since))
                .filter((event) -> !TECHNICAL.contains(event.type()))
                .map((event) -> item(event, locale))
                .toList();
        model.addAttribute("events", items);
        return this.pages.page("account/activity", "activity", model, request);
    }

    private ActivityItem item(AuditEvent event, Locale locale) {
        String detail = (event.detail() != null) ? event.detail() : "";
        String methods = part(detail, "amr ");
        String address = part(detail, "ip ");
        boolean failed = !"success".equals(event.outcome());
        return new ActivityItem(
                event.occurredAt(),
                this.messages.getMessage("activity.type." + event.type(), null, event.type(), locale),
                (event.clientId() != null) ? this.appNames.name(event.clientId(), locale) : "",
                (methods != null)
                        ? Arrays.stream(methods.split(" "))
                                .filter((m) -> !m.isBlank())
                                .map((m) -> this.messages.getMessage("activity.amr." + m, null, m, locale))
                                .collect(Collectors.joining(" + "))
                        : "",
                (address != null) ? Devices.place(address, locale) : "",
                this.messages.getMessage("activity.outcome." + event.outcome(), null, event.outcome(), locale),
                failed);
    }

    /** A {@code key value} part of a login event's detail ({@code amr pwd otp; ip 203.0.113.*; ua …}). */
    private static String part(String detail, String key) {
        for (String piece : detail.split(";")) {
            String trimmed = piece.trim();
            if (trimmed.startsWith(key)) {
                return trimmed.substring(key.length());
            }
        }
        return null;
    }
}
