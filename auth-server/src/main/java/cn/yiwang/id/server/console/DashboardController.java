package cn.yiwang.id.server.console;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The console's dashboard ({@code /admin/dashboard}, for the holders of {@code CONFIG_READ}: system and audit
 * administrators): live figures of this node from Micrometer ({@link DashboardFigures}), with a link to read them again.
 *
 */
@Controller
public final class DashboardController {

    private final DashboardFigures figures;

    public DashboardController(DashboardFigures figures) {
        this.figures = figures;
    }

    @GetMapping("/admin/dashboard")
    public String dashboard(Model model) {
        model.addAttribute("figures", this.figures.figures());
        model.addAttribute("zone", AuditConsoleController.ZONE);
        return "admin/dashboard";
    }
}
