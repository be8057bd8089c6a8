package cn.yiwang.id.server.account;

import cn.yiwang.id.server.api.SessionManagement;
import cn.yiwang.id.server.api.SessionView;
import cn.yiwang.id.server.logout.BrowserLogout;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Devices and sessions ({@code /account/sessions}): every live SSO session of the account, with its
 * browser, approximate place, sign-in time and the apps that joined it; end one, or sign out
 * everywhere (each session's full logout fan-out, this browser's last).
 */
@Controller
public final class AccountSessionsPageController {

    private final SessionManagement sessions;

    private final BrowserLogout browserLogout;

    private final AppNames appNames;

    private final AccountPages pages;

    public AccountSessionsPageController(
            SessionManagement sessions, BrowserLogout browserLogout, AppNames appNames, AccountPages pages) {
        this.sessions = sessions;
        this.browserLogout = browserLogout;
        this.appNames = appNames;
        this.pages = pages;
    }

    /** One session as the page shows it. */
    public record SessionItem(
            String sid,
            String device,
            String place,
            Instant signedInAt,
            List<String> apps,
            List<String> amr,
            boolean current) {}

    @GetMapping("/account/sessions")
    public String list(
            @RequestParam(name = "done", required = false) String done,
            HttpServletRequest request,
            Model model,
            Locale locale) {
        if ("ended".equals(done)) {
            this.pages.status(model, "account.sessions.ended", locale);
        }
        return render(model, request, locale);
    }

    @PostMapping("/account/sessions/{sid}/end")
    public String end(@PathVariable String sid, HttpServletRequest request, Model model, Locale locale) {
        if (!this.sessions.end(AccountPages.citizen().getName(), sid, "user", "user-ended")) {
            // gone already (it timed out, or another tab ended it): say so rather than fail
            this.pages.status(model, "account.sessions.alreadyEnded", locale);
            return render(model, request, locale);
        }
        return "redirect:/account/sessions?done=ended";
    }

    @PostMapping("/account/sessions/end-all")
    public void endAll(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        String accountId = AccountPages.citizen().getName();
        this.sessions.endOthers(accountId, AccountPages.citizen().getSession().sid(), "user", "logout-everywhere");
        this.browserLogout.logOut(request, response, "user", "logout-everywhere");
        this.browserLogout.finish(request, response, request.getContextPath() + "/logged-out");
    }

    private String render(Model model, HttpServletRequest request, Locale locale) {
        String current = AccountPages.citizen().getSession().sid();
        List<SessionView> live = this.sessions.list(AccountPages.citizen().getName(), current);
        model.addAttribute(
                "sessions",
                live.stream()
                        .map((view) -> new SessionItem(
                                view.sid(),
                                Devices.describe(view.userAgent(), locale),
                                Devices.place(view.clientIp(), locale),
                                view.authTime(),
                                view.clients().stream()
                                        .map((id) -> this.appNames.name(id, locale))
                                        .toList(),
                                view.amr(),
                                view.current()))
                        .toList());
        return this.pages.page("account/sessions", "sessions", model, request);
    }
}
