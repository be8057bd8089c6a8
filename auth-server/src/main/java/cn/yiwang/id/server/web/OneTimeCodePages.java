package cn.yiwang.id.server.web;

import cn.yiwang.id.account.LoginNames;
import cn.yiwang.id.account.consent.RegistrationConsents;
import cn.yiwang.id.account.crypto.Masking;
import cn.yiwang.id.account.otp.Issued;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/** The page shared by the SMS-code flows (registration, passwordless sign-in, password reset) and its messages. */
@Component
public final class OneTimeCodePages {

    private final MessageSource messages;
    private final LanguageLinks languageLinks;
    private final RegistrationConsents consents;

    public OneTimeCodePages(MessageSource messages, LanguageLinks languageLinks, RegistrationConsents consents) {
        this.messages = messages;
        this.languageLinks = languageLinks;
        this.consents = consents;
    }

    /**
     * @param flow {@code register}, {@code login} or {@code reset}
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
        if ("code".equals(step) && LoginNames.mobilePhone(phone).isPresent()) {
            model.addAttribute("phoneMasked", Masking.phone(phone));
        }
        if ("register".equals(flow)) {
            model.addAttribute("agreementVersion", this.consents.current().agreementVersion());
            model.addAttribute("privacyNoticeVersion", this.consents.current().privacyNoticeVersion());
        }
        model.addAttribute("problems", problems);
        model.addAttribute("status", status);
        this.languageLinks.addTo(request, model);
        return "sms";
    }

    /** The page after asking for a code: the code form when sent (or when waiting to resend), else why not. */
    public String afterIssue(
            String flow, Issued issued, String phone, Model model, HttpServletRequest request, Locale locale) {
        if (issued instanceof Issued.Sent sent) {
            model.addAttribute("resendSeconds", sent.resendAfter().toSeconds());
            return page(flow, "code", phone, null, message("otp.sent", locale), model, request);
        }
        if (issued instanceof Issued.TooSoon tooSoon) {
            model.addAttribute("resendSeconds", tooSoon.retryAfter().toSeconds());
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
