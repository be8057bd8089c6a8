package cn.yiwang.id.server.web;

import cn.yiwang.id.account.otp.Issued;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/** The page shared by the SMS-code flows (registration, passwordless sign-in) and its messages. */
@Component
public final class OneTimeCodePages {

    private final MessageSource messages;
    private final LanguageLinks languageLinks;

    public OneTimeCodePages(MessageSource messages, LanguageLinks languageLinks) {
        this.messages = messages;
        this.languageLinks = languageLinks;
    }

    /**
     * @param flow {@code register} or {@code login}
     * @param step {@code phone}, {@code code} or {@code registered}
     */
    public String page(
            String flow,
            String step,
            String phone,
            List<String> problems,
            String status,
            Model model,
            HttpServletRequest request) {
        model.addAttribute("flow", flow);
        model.addAttribute("step", step);
        model.addAttribute("phoneValue", phone);
        model.addAttribute("problems", problems);
        model.addAttribute("status", status);
        this.languageLinks.addTo(request, model);
        return "sms";
    }

    /** The page after asking for a code: the code form when sent (or when waiting to resend), else why not. */
    public String afterIssue(
            String flow, Issued issued, String phone, Model model, HttpServletRequest request, Locale locale) {
        if (issued instanceof Issued.Sent) {
            return page(flow, "code", phone, null, message("otp.sent", locale), model, request);
        }
        String problem = (issued instanceof Issued.TooSoon tooSoon)
                ? this.messages.getMessage(
                        "otp.error.tooSoon", new Object[] {tooSoon.retryAfter().toSeconds()}, locale)
                : (issued instanceof Issued.DailyLimitReached)
                        ? message("otp.error.dailyLimit", locale)
                        : message("otp.error.sendFailed", locale);
        return page(
                flow,
                (issued instanceof Issued.TooSoon) ? "code" : "phone",
                phone,
                List.of(problem),
                null,
                model,
                request);
    }

    public String message(String key, Locale locale) {
        return this.messages.getMessage(key, null, locale);
    }

    public String message(String key, Object argument, Locale locale) {
        return this.messages.getMessage(key, new Object[] {argument}, locale);
    }
}
