package cn.yiwang.id.server.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.List;
import org.springframework.util.StringUtils;

/** Reading an authorization request the way OIDC Core §3.1.2.1 defines its parameters. */
public final class AuthorizationRequests {

    public static final String ENDPOINT = "/oauth2/authorize";

    private AuthorizationRequests() {}

    /** An authorization request proper (not the consent POST, which carries no response_type). */
    public static boolean isAuthorizationRequest(HttpServletRequest request) {
        return ENDPOINT.equals(request.getRequestURI()
                        .substring(request.getContextPath().length()))
                && request.getParameter("response_type") != null;
    }

    /** The space-separated {@code prompt} values. */
    public static List<String> prompts(String prompt) {
        return StringUtils.hasText(prompt) ? Arrays.asList(prompt.trim().split("\\s+")) : List.of();
    }

    public static boolean hasPrompt(HttpServletRequest request, String value) {
        return prompts(request.getParameter("prompt")).contains(value);
    }
}
