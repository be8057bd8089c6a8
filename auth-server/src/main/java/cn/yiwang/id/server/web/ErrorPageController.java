package cn.yiwang.id.server.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Every error a user or client can see: a friendly page for browsers, RFC 9457 problem JSON for
 * everyone else. Never an exception message or stack trace.
 */
@Controller
public final class ErrorPageController implements ErrorController {

    // Spring Authorization Server names the offending parameter so: "OAuth 2.0 Parameter: client_id"
    private static final Pattern PARAMETER = Pattern.compile("Parameter: ([a-z_]{1,40})\\b");

    private static final Pattern KNOWN_CODE = Pattern.compile("[a-z_]{1,60}");

    private final LanguageLinks languageLinks;

    private final MessageSource messages;

    public ErrorPageController(LanguageLinks languageLinks, MessageSource messages) {
        this.languageLinks = languageLinks;
        this.messages = messages;
    }

    @RequestMapping(value = "/error", produces = MediaType.TEXT_HTML_VALUE)
    public String page(HttpServletRequest request, Model model) {
        HttpStatus status = status(request);
        model.addAttribute("status", status.value());
        Object code = request.getAttribute(ErrorPages.ERROR_CODE);
        model.addAttribute("errorCode", code);
        // The description is for developers (it stays in the JSON form); the page says it in the reader's
        // language, by error code, naming the parameter when a protocol check names one.
        model.addAttribute("errorMessageKey", messageKey(code));
        model.addAttribute("errorParameter", parameter(request.getAttribute(ErrorPages.ERROR_DESCRIPTION)));
        this.languageLinks.addTo(request, model);
        return "error";
    }

    @RequestMapping("/error")
    @ResponseBody
    public ResponseEntity<Map<String, Object>> problem(HttpServletRequest request) {
        HttpStatus status = status(request);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        Object code = request.getAttribute(ErrorPages.ERROR_CODE);
        if (code != null) {
            body.put("error", code);
        }
        Object description = request.getAttribute(ErrorPages.ERROR_DESCRIPTION);
        if (description != null) {
            body.put("detail", description);
        }
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(body);
    }

    private String messageKey(Object code) {
        if (code instanceof String value && KNOWN_CODE.matcher(value).matches()) {
            String key = "error.message." + value;
            if (this.messages.getMessage(key, null, null, Locale.SIMPLIFIED_CHINESE) != null) {
                return key;
            }
        }
        return "error.message.generic";
    }

    private static String parameter(Object description) {
        if (description instanceof String value) {
            Matcher matcher = PARAMETER.matcher(value);
            if (matcher.find()) {
                return matcher.group(1);
            }
        }
        return null;
    }

    private static HttpStatus status(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (code == null) {
            // /error asked for directly, not reached through an error: there is nothing here
            return HttpStatus.NOT_FOUND;
        }
        if (code instanceof Integer value) {
            HttpStatus status = HttpStatus.resolve(value);
            if (status != null) {
                return status;
            }
        }
        return HttpStatus.INTERNAL_SERVER_ERROR;
    }
}
