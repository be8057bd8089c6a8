package cn.yiwang.id.server.saml;

import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.saml.registry.ServiceProvider;
import cn.yiwang.id.server.session.SsoAuthentication;
import cn.yiwang.id.server.web.ErrorPages;
import cn.yiwang.id.server.web.LanguageLinks;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Locale;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Asks the citizen, once per service provider, before the full ID number goes into its assertions:
 * sensitive personal information needs separate consent (PIPL art. 29), as the OIDC {@code realname}
 * release needs the consent page. Declining still signs the citizen in, without that attribute.
 */
@Controller
public final class SamlConsentController {

    static final String CONSENT_PATH = "/saml2/idp/consent";

    private final PendingSamlRequests pending;
    private final SamlConsents consents;
    private final LanguageLinks languageLinks;
    private final AuditLog audit;
    private final Clock clock;

    public SamlConsentController(
            PendingSamlRequests pending,
            SamlConsents consents,
            LanguageLinks languageLinks,
            AuditLog audit,
            Clock clock) {
        this.pending = pending;
        this.consents = consents;
        this.languageLinks = languageLinks;
        this.audit = audit;
        this.clock = clock;
    }

    @GetMapping(CONSENT_PATH)
    public String page(
            @RequestParam(name = "k", required = false) String key,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model)
            throws IOException, ServletException {
        PendingSamlRequests.Pending found = this.pending.find(key).orElse(null);
        if (found == null) {
            ErrorPages.forward(
                    request,
                    response,
                    HttpStatus.BAD_REQUEST,
                    "saml_request_unknown",
                    "This sign-in request is unknown or has expired; please start again at the service.");
            return null;
        }
        if (!(SecurityContextHolder.getContext().getAuthentication() instanceof SsoAuthentication)) {
            return "redirect:" + SamlIdpEndpoints.CONTINUE_PATH + "?k=" + key;
        }
        ServiceProvider sp = found.request().serviceProvider();
        boolean english = Locale.ENGLISH
                .getLanguage()
                .equals(LocaleContextHolder.getLocale().getLanguage());
        model.addAttribute("spName", english ? sp.displayNameEn() : sp.displayNameZh());
        model.addAttribute("entityId", sp.entityId());
        model.addAttribute("key", key);
        this.languageLinks.addTo(request, model);
        return "saml-consent";
    }

    @PostMapping(CONSENT_PATH)
    public String decide(
            @RequestParam(name = "k", required = false) String key,
            @RequestParam(name = "decision", required = false) String decision,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException, ServletException {
        PendingSamlRequests.Pending found = this.pending.find(key).orElse(null);
        if (found == null
                || !(SecurityContextHolder.getContext().getAuthentication() instanceof SsoAuthentication sso)) {
            ErrorPages.forward(
                    request,
                    response,
                    HttpStatus.BAD_REQUEST,
                    "saml_request_unknown",
                    "This sign-in request is unknown or has expired; please start again at the service.");
            return null;
        }
        ServiceProvider sp = found.request().serviceProvider();
        String accountId = sso.getSession().accountId();
        boolean allowed = "allow".equals(decision);
        if (allowed) {
            this.consents.grant(sp.entityId(), accountId, ServiceProvider.ID_NUMBER);
        }
        this.pending.markIdNumberConsent(key, allowed);
        this.audit.record(new AuditEvent(
                this.clock.instant(),
                allowed ? "saml.consent.granted" : "saml.consent.declined",
                "user",
                accountId,
                "saml:" + sp.alias(),
                sso.getSession().sid(),
                "success",
                ServiceProvider.ID_NUMBER));
        return "redirect:" + SamlIdpEndpoints.CONTINUE_PATH + "?k=" + key;
    }
}
