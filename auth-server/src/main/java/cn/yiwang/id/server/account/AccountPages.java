package cn.yiwang.id.server.account;

import cn.yiwang.id.server.session.SsoAuthentication;
import cn.yiwang.id.server.web.LanguageLinks;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/** What every page of the account center shares: who is signed in, the navigation, messages. */
@Component
public final class AccountPages {

    private final LanguageLinks languageLinks;

    private final MessageSource messages;

    public AccountPages(LanguageLinks languageLinks, MessageSource messages) {
        this.languageLinks = languageLinks;
        this.messages = messages;
    }

    /** The signed-in citizen; the account center is behind sign-in, so there always is one. */
    public static SsoAuthentication citizen() {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof SsoAuthentication sso) {
            return sso;
        }
        throw new IllegalStateException("The account center needs a signed-in session");
    }

    public static UUID accountId() {
        return UUID.fromString(citizen().getName());
    }

    /**
     * Fills what the layout reads and names the view.
     * @param view the template, e.g. {@code account/security}
     * @param current the navigation entry to mark
     */
    public String page(String view, String current, Model model, HttpServletRequest request) {
        model.addAttribute("current", current);
        this.languageLinks.addTo(request, model);
        return view;
    }

    /** Adds a status line ({@code role=status}) shown at the top of the page. */
    public void status(Model model, String key, Locale locale, Object... arguments) {
        model.addAttribute("status", message(key, locale, arguments));
    }

    /** Adds an error for one field, shown next to it and announced: model attribute {@code error_<field>}. */
    public void error(Model model, String field, String key, Locale locale, Object... arguments) {
        model.addAttribute("error_" + field, message(key, locale, arguments));
        model.addAttribute("hasErrors", true);
    }

    public String message(String key, Locale locale, Object... arguments) {
        return this.messages.getMessage(key, arguments, locale);
    }
}
