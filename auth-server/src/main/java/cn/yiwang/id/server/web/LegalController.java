package cn.yiwang.id.server.web;

import cn.yiwang.id.account.consent.RegistrationConsents;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** The user agreement and the privacy notice citizens accept at registration, in their versions in force. */
@Controller
public final class LegalController {

    private final RegistrationConsents consents;

    private final LanguageLinks languageLinks;

    public LegalController(RegistrationConsents consents, LanguageLinks languageLinks) {
        this.consents = consents;
        this.languageLinks = languageLinks;
    }

    @GetMapping("/legal/{document:agreement|privacy}")
    public String document(@PathVariable String document, HttpServletRequest request, Model model) {
        model.addAttribute("document", document);
        model.addAttribute(
                "version",
                "agreement".equals(document)
                        ? this.consents.current().agreementVersion()
                        : this.consents.current().privacyNoticeVersion());
        this.languageLinks.addTo(request, model);
        return "legal";
    }
}
