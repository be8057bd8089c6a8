package cn.yiwang.id.server.enterprise;

import cn.yiwang.id.server.session.SsoAuthentication;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriUtils;

/**
 * Sends a signed-in citizen whose relying party asks for scope {@code enterprise} to the choice page
 * ({@code /enterprise/choose}: "以个人身份 / 以 XX 公司身份"), and lets the request through once it carries the
 * {@value EnterpriseChoices#PARAMETER} the citizen chose there, in this session, for this client. A value the
 * relying party put there itself finds no choice and goes to the page again: it cannot skip the choice.
 * With {@code prompt=none} there is nobody to ask, so the request goes on as a personal sign-in.
 */
public final class EnterpriseChoiceFilter extends OncePerRequestFilter {

    /** The scope that asks for the choice. */
    public static final String SCOPE = "enterprise";

    private static final String ENDPOINT = "/oauth2/authorize";

    private final EnterpriseChoices choices;

    private final RequestCache requestCache;

    public EnterpriseChoiceFilter(EnterpriseChoices choices, RequestCache requestCache) {
        this.choices = choices;
        this.requestCache = requestCache;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // an authorization request proper: the consent POST carries no response_type
        return !ENDPOINT.equals(request.getRequestURI()
                        .substring(request.getContextPath().length()))
                || request.getParameter("response_type") == null
                || !hasEnterpriseScope(request.getParameter("scope"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!(SecurityContextHolder.getContext().getAuthentication() instanceof SsoAuthentication sso)
                || isPromptNone(request.getParameter("prompt"))) {
            chain.doFilter(request, response);
            return;
        }
        String clientId = request.getParameter("client_id");
        String carried = request.getParameter(EnterpriseChoices.PARAMETER);
        if (carried != null && clientId != null) {
            Optional<String> chosen = this.choices.take(sso.getSession().sid(), clientId);
            if (chosen.isPresent() && chosen.get().equals(carried)) {
                chain.doFilter(request, response);
                return;
            }
        }
        this.requestCache.saveRequest(request, response);
        response.sendRedirect(request.getContextPath() + "/enterprise/choose?client_id="
                + UriUtils.encodeQueryParam(
                        (clientId != null) ? clientId : "", java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Whether a {@code scope} parameter contains {@value #SCOPE}. */
    public static boolean hasEnterpriseScope(String scope) {
        return scope != null && Arrays.asList(scope.trim().split("\\s+")).contains(SCOPE);
    }

    private static boolean isPromptNone(String prompt) {
        return prompt != null && Arrays.asList(prompt.trim().split("\\s+")).contains("none");
    }
}
