package cn.yiwang.id.server.device;

import cn.yiwang.id.server.web.LanguageLinks;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The citizen's pages of the device grant: {@code /activate} to type the code a kiosk shows (the
 * framework's filter takes over once a code is sent), {@code /activate/consent} to confirm the device,
 * the code and the scopes, and {@code /activate/done} with the outcome. Large type, one thing per page:
 * many who use a service-hall kiosk are elderly.
 */
@Controller
public final class DeviceActivationController {

    private static final int MAX_SHOWN = 100;

    private final RegisteredClientRepository clients;
    private final MessageSource messages;
    private final LanguageLinks languageLinks;

    public DeviceActivationController(
            RegisteredClientRepository clients, MessageSource messages, LanguageLinks languageLinks) {
        this.clients = clients;
        this.messages = messages;
        this.languageLinks = languageLinks;
    }

    /** One scope as the confirmation page shows it. */
    public record ScopeItem(String scope, String description) {}

    @GetMapping(DeviceEndpoints.VERIFICATION_PATH)
    public String enterCode(
            @RequestParam(name = "error", required = false) String error,
            @RequestParam(name = "wait", required = false) Long wait,
            HttpServletRequest request,
            Model model) {
        if (error != null && List.of("unknown", "malformed", "throttled").contains(error)) {
            model.addAttribute("error", error);
            if (wait != null && wait > 0 && wait <= 86_400) {
                model.addAttribute("waitMinutes", Math.max(1, (wait + 59) / 60));
            }
        }
        this.languageLinks.addTo(request, model);
        return "activate";
    }

    @GetMapping(DeviceEndpoints.CONSENT_PATH)
    public String confirm(
            @RequestParam(name = "client_id") String clientId,
            @RequestParam(name = "scope", defaultValue = "") String scope,
            @RequestParam(name = "state") String state,
            @RequestParam(name = "user_code") String userCode,
            HttpServletRequest request,
            Model model,
            Locale locale) {
        RegisteredClient client = (clientId.length() <= MAX_SHOWN) ? this.clients.findByClientId(clientId) : null;
        if (client == null
                || state.length() > 200
                || !UserCodes.FORMAT.matcher(userCode).matches()) {
            return "redirect:" + DeviceEndpoints.VERIFICATION_PATH + "?error=malformed";
        }
        List<ScopeItem> scopes = new ArrayList<>();
        for (String requested : new LinkedHashSet<>(Arrays.asList(scope.split(" ")))) {
            if (!requested.isBlank() && client.getScopes().contains(requested)) {
                scopes.add(new ScopeItem(
                        requested, this.messages.getMessage("scope." + requested, null, requested, locale)));
            }
        }
        model.addAttribute("clientId", client.getClientId());
        model.addAttribute("deviceName", client.getClientName());
        model.addAttribute("state", state);
        model.addAttribute("userCode", userCode);
        model.addAttribute("scopes", scopes);
        this.languageLinks.addTo(request, model);
        return "activate-consent";
    }

    @GetMapping(DeviceEndpoints.VERIFICATION_PATH + "/done")
    public String done(
            @RequestParam(name = "client_id", required = false) String clientId,
            @RequestParam(name = "denied", required = false) String denied,
            HttpServletRequest request,
            Model model) {
        RegisteredClient client =
                (clientId != null && clientId.length() <= MAX_SHOWN) ? this.clients.findByClientId(clientId) : null;
        model.addAttribute("denied", denied != null);
        model.addAttribute("deviceName", (client != null) ? client.getClientName() : null);
        this.languageLinks.addTo(request, model);
        return "activate-done";
    }
}
