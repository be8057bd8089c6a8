package cn.yiwang.id.server.qr;

import cn.yiwang.id.server.web.LanguageLinks;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The embedded default's stand-in for a provincial app ({@code /demo/phone}): signs in as {@code demo-app}
 * (authorization code with PKCE, in the page's script) and then scans, confirms or cancels a QR sign-in
 * from its link, so a newcomer can try QR sign-in without a phone. Exists only with the demo data.
 */
@Controller
@ConditionalOnProperty(name = "yiwang.embedded.demo-data", havingValue = "true")
public final class DemoPhoneController {

    private final LanguageLinks languageLinks;

    public DemoPhoneController(LanguageLinks languageLinks) {
        this.languageLinks = languageLinks;
    }

    @GetMapping("/demo/phone")
    public String phone(HttpServletRequest request, Model model) {
        this.languageLinks.addTo(request, model);
        return "demo-phone";
    }
}
