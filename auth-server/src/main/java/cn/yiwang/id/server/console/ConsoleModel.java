package cn.yiwang.id.server.console;

import cn.yiwang.id.server.admin.AdminAuthentication;
import cn.yiwang.id.server.permission.AdminPermission;
import cn.yiwang.id.server.web.LanguageLinks;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every console page's layout reads ({@code templates/admin/layout.html}): the signed-in administrator
 * ({@code administrator}, an {@link AdminAuthentication}), the names of the permissions held ({@code adminCan},
 * which decide the navigation entries shown) and the language switch. Applies to the console's pages whatever
 * controller serves them.
 */
@ControllerAdvice
public final class ConsoleModel {

    private final LanguageLinks languageLinks;

    public ConsoleModel(LanguageLinks languageLinks) {
        this.languageLinks = languageLinks;
    }

    @ModelAttribute
    public void console(HttpServletRequest request, Model model) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!(path.equals("/admin") || path.startsWith("/admin/")) || path.startsWith("/admin/api/")) {
            return;
        }
        this.languageLinks.addTo(request, model);
        if (SecurityContextHolder.getContext().getAuthentication() instanceof AdminAuthentication administrator) {
            model.addAttribute("administrator", administrator);
            model.addAttribute("adminCan", permissions(administrator));
        } else {
            model.addAttribute("adminCan", Set.of());
        }
    }

    /** The administrator signed in to the console (every console page but sign-in has one). */
    public static AdminAuthentication administrator() {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof AdminAuthentication administrator) {
            return administrator;
        }
        throw new IllegalStateException("The console needs a signed-in administrator");
    }

    private static Set<String> permissions(AdminAuthentication administrator) {
        return administrator.permissions().stream().map(AdminPermission::name).collect(Collectors.toSet());
    }
}
