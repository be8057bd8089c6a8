package cn.yiwang.id.server.web;

import cn.yiwang.id.account.identity.DocumentProblem;
import cn.yiwang.id.account.identity.IdentityDocumentType;
import cn.yiwang.id.account.identity.RealNames;
import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.account.realname.RealNameOutcome;
import cn.yiwang.id.account.realname.RealNameRegistry;
import cn.yiwang.id.account.realname.RealNameVerification;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.session.SsoAuthentication;
import cn.yiwang.id.server.session.SsoSessionStore;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Takes a signed-in user through the step an app's required level still lacks: real-name
 * verification for L2, a live face match for L3 (L2 first if needed), or the explanation that L4
 * needs a service counter; then resumes the interrupted authorization request.
 */
@Controller
public final class StepUpController {

    private static final int MAX_PHOTO_BYTES = 2 * 1024 * 1024;

    private final RealNameVerification verification;
    private final RealNameRegistry registry;
    private final SsoSessionStore sessions;
    private final RequestCache requestCache;
    private final MessageSource messages;
    private final LanguageLinks languageLinks;
    private final AuditLog audit;
    private final java.time.Clock clock;

    public StepUpController(
            RealNameVerification verification,
            RealNameRegistry registry,
            SsoSessionStore sessions,
            RequestCache requestCache,
            MessageSource messages,
            LanguageLinks languageLinks,
            AuditLog audit,
            java.time.Clock clock) {
        this.verification = verification;
        this.registry = registry;
        this.sessions = sessions;
        this.requestCache = requestCache;
        this.messages = messages;
        this.languageLinks = languageLinks;
        this.audit = audit;
        this.clock = clock;
    }

    /** A document type as the form lists it. */
    public record DocumentTypeItem(String code, String name) {}

    @GetMapping("/stepup")
    public String stepUp(
            @RequestParam(name = "level", defaultValue = "L2") String level,
            @RequestParam(name = "optional", required = false) String optional,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            Locale locale)
            throws IOException {
        SsoAuthentication sso = current();
        AssuranceLevel target = parse(level);
        AssuranceLevel account = this.registry.level(UUID.fromString(sso.getName()));
        AssuranceLevel session = AssuranceLevel.fromAcr(sso.getSession().acr()).orElse(AssuranceLevel.L1);
        if (session.atLeast(target)) {
            return resume(request, response, model, target);
        }
        if (target == AssuranceLevel.L2 && account.atLeast(AssuranceLevel.L2)) {
            // Confirmed elsewhere since this session began: the session may claim it now.
            raise(sso, account.remoteSession(), null);
            return resume(request, response, model, target);
        }
        String mode;
        if (!account.atLeast(AssuranceLevel.L2)) {
            mode = "realname";
        } else if (target == AssuranceLevel.L4 && !account.atLeast(AssuranceLevel.L4)) {
            mode = "counter";
        } else {
            mode = "face";
        }
        // right after registration, real-name verification may wait when the app needs only L1
        model.addAttribute("optional", optional != null && target == AssuranceLevel.L2);
        model.addAttribute("hasApp", appWaiting(request, response));
        return page(mode, target, null, model, request, locale);
    }

    /** "以后再说": goes on without real-name verification (the app asks again if it needs more). */
    @GetMapping("/stepup/skip")
    public String skip(HttpServletRequest request, HttpServletResponse response) throws IOException {
        SavedRequest saved = this.requestCache.getRequest(request, response);
        response.sendRedirect((saved != null) ? saved.getRedirectUrl() : request.getContextPath() + "/account");
        return null;
    }

    /**
     * "Return to the application" from a level that cannot be reached online: the app gets
     * {@code unmet_authentication_requirements}, as for {@code prompt=none}, by sending its authorization
     * request back with {@code prompt=none} (the level check then answers it, at the client's registered
     * redirect URI, with its state). Without an app waiting, back to the account center.
     */
    @GetMapping("/stepup/decline")
    public String decline(HttpServletRequest request, HttpServletResponse response) throws IOException {
        SavedRequest saved = this.requestCache.getRequest(request, response);
        if (saved == null || !saved.getRedirectUrl().contains(AuthorizationRequests.ENDPOINT)) {
            response.sendRedirect(request.getContextPath() + "/account");
            return null;
        }
        this.requestCache.removeRequest(request, response);
        response.sendRedirect(UriComponentsBuilder.fromUriString(saved.getRedirectUrl())
                .replaceQueryParam("prompt", "none")
                .build(true)
                .toUriString());
        return null;
    }

    @PostMapping("/stepup/realname")
    public String realName(
            @RequestParam("level") String level,
            @RequestParam("realName") String realName,
            @RequestParam("documentType") String documentType,
            @RequestParam("documentNumber") String number,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            Locale locale)
            throws IOException {
        SsoAuthentication sso = current();
        AssuranceLevel target = parse(level);
        UUID accountId = UUID.fromString(sso.getName());
        RealNameOutcome outcome = this.verification.verifyNameAndNumber(accountId, realName, documentType, number);
        record(sso, "verification.realname", outcome);
        if (outcome instanceof RealNameOutcome.Verified verified) {
            raise(sso, verified.level().remoteSession(), null);
            if (!AssuranceLevel.L2.atLeast(target)) {
                response.sendRedirect(request.getContextPath() + "/stepup?level=" + target.name());
                return null;
            }
            return resume(request, response, model, target);
        }
        // what was typed comes back, except the field in error, which alone is marked
        model.addAttribute("documentTypeValue", documentType);
        List<DocumentProblem> nameProblems = RealNames.check(realName);
        if (outcome instanceof RealNameOutcome.Invalid && !nameProblems.isEmpty()) {
            model.addAttribute("documentNumberValue", number);
            model.addAttribute("realNameErrors", messages(nameProblems, locale));
            return page("realname", target, null, model, request, locale);
        }
        model.addAttribute("realNameValue", realName);
        if (outcome instanceof RealNameOutcome.Unavailable) {
            model.addAttribute("documentNumberValue", number);
            return page(
                    "realname", target, explain(outcome, "stepup.error.notMatched", locale), model, request, locale);
        }
        model.addAttribute("documentNumberErrors", explain(outcome, "stepup.error.notMatched", locale));
        return page("realname", target, null, model, request, locale);
    }

    private boolean appWaiting(HttpServletRequest request, HttpServletResponse response) {
        SavedRequest saved = this.requestCache.getRequest(request, response);
        return saved != null && saved.getRedirectUrl().contains(AuthorizationRequests.ENDPOINT);
    }

    private static List<String> messages(List<DocumentProblem> problems, Locale locale) {
        boolean english = "en".equals(locale.getLanguage());
        return problems.stream()
                .map((p) -> english ? p.messageEn() : p.messageZh())
                .toList();
    }

    @PostMapping("/stepup/face")
    public String face(
            @RequestParam("level") String level,
            @RequestParam("photo") MultipartFile photo,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            Locale locale)
            throws IOException {
        SsoAuthentication sso = current();
        AssuranceLevel target = parse(level);
        if (photo.getSize() > MAX_PHOTO_BYTES) {
            return page(
                    "face",
                    target,
                    List.of(this.messages.getMessage("stepup.error.tooLarge", null, locale)),
                    model,
                    request,
                    locale);
        }
        byte[] jpeg = photo.getBytes();
        RealNameOutcome outcome = this.verification.verifyFace(UUID.fromString(sso.getName()), jpeg);
        record(sso, "verification.face", outcome);
        if (outcome instanceof RealNameOutcome.Verified verified) {
            // A live face match is an authentication of this session: it reaches the account's level.
            raise(sso, verified.level(), "face");
            if (!verified.level().atLeast(target)) {
                model.addAttribute("hasApp", appWaiting(request, response));
                return page("counter", target, null, model, request, locale);
            }
            return resume(request, response, model, target);
        }
        if (outcome instanceof RealNameOutcome.NotEligible) {
            return page("realname", target, null, model, request, locale);
        }
        return page("face", target, explain(outcome, "stepup.error.faceNotMatched", locale), model, request, locale);
    }

    private String resume(HttpServletRequest request, HttpServletResponse response, Model model, AssuranceLevel target)
            throws IOException {
        SavedRequest saved = this.requestCache.getRequest(request, response);
        if (saved != null) {
            response.sendRedirect(saved.getRedirectUrl());
            return null;
        }
        model.addAttribute("mode", "done");
        model.addAttribute("targetLevel", target.name());
        this.languageLinks.addTo(request, model);
        return "stepup";
    }

    private String page(
            String mode,
            AssuranceLevel target,
            List<String> problems,
            Model model,
            HttpServletRequest request,
            Locale locale) {
        model.addAttribute("mode", mode);
        model.addAttribute("targetLevel", target.name());
        model.addAttribute("problems", problems);
        boolean english = "en".equals(locale.getLanguage());
        model.addAttribute(
                "documentTypes",
                Arrays.stream(IdentityDocumentType.values())
                        .map((type) -> new DocumentTypeItem(
                                type.code(), english ? type.displayNameEn() : type.displayNameZh()))
                        .toList());
        this.languageLinks.addTo(request, model);
        return "stepup";
    }

    private List<String> explain(RealNameOutcome outcome, String notMatchedKey, Locale locale) {
        boolean english = "en".equals(locale.getLanguage());
        if (outcome instanceof RealNameOutcome.Invalid invalid) {
            return invalid.problems().stream()
                    .map((DocumentProblem p) -> english ? p.messageEn() : p.messageZh())
                    .toList();
        }
        String key = (outcome instanceof RealNameOutcome.AlreadyRegistered)
                ? "stepup.error.alreadyRegistered"
                : (outcome instanceof RealNameOutcome.NotMatched) ? notMatchedKey : "stepup.error.unavailable";
        return List.of(this.messages.getMessage(key, null, locale));
    }

    private void raise(SsoAuthentication sso, AssuranceLevel level, String method) {
        this.sessions.raiseAssurance(sso.getSession().sid(), level.acr(), method);
    }

    private void record(SsoAuthentication sso, String type, RealNameOutcome outcome) {
        String result = outcome.getClass().getSimpleName();
        this.audit.record(new AuditEvent(
                this.clock.instant(),
                type,
                "user",
                sso.getName(),
                null,
                sso.getSession().sid(),
                result.toLowerCase(Locale.ROOT),
                (outcome instanceof RealNameOutcome.Verified v) ? "level " + v.level() : null));
    }

    private static SsoAuthentication current() {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof SsoAuthentication sso) {
            return sso;
        }
        throw new IllegalStateException("Step-up needs a signed-in session");
    }

    private static AssuranceLevel parse(String level) {
        try {
            return AssuranceLevel.valueOf(level);
        } catch (IllegalArgumentException ex) {
            return AssuranceLevel.L2;
        }
    }
}
