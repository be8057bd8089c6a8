package cn.yiwang.id.server.device;

import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceVerificationAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * What the citizen's browser sees after {@code /activate}: on approval, a page saying the device is
 * signed in; on refusal or any problem, the code page again with the reason in plain words (never the
 * framework's bare HTTP 400). Approvals and refusals are audited.
 */
public final class DeviceVerificationHandlers implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

    private static final Logger log = LoggerFactory.getLogger(DeviceVerificationHandlers.class);

    private final AuditLog audit;
    private final Clock clock;

    public DeviceVerificationHandlers(AuditLog audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void onAuthenticationSuccess(
            HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException {
        OAuth2DeviceVerificationAuthenticationToken approved =
                (OAuth2DeviceVerificationAuthenticationToken) authentication;
        Authentication principal = (Authentication) approved.getPrincipal();
        record("device.approved", principal.getName(), approved.getClientId(), "success");
        response.sendRedirect(UriComponentsBuilder.fromPath(request.getContextPath() + "/activate/done")
                .queryParam(OAuth2ParameterNames.CLIENT_ID, approved.getClientId())
                .encode()
                .build()
                .toUriString());
    }

    @Override
    public void onAuthenticationFailure(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        String code = (exception instanceof OAuth2AuthenticationException oauth)
                ? oauth.getError().getErrorCode()
                : OAuth2ErrorCodes.INVALID_REQUEST;
        Authentication principal = SecurityContextHolder.getContext().getAuthentication();
        String account = (principal != null) ? principal.getName() : null;
        UriComponentsBuilder target = UriComponentsBuilder.fromPath(request.getContextPath() + "/activate");
        switch (code) {
            case OAuth2ErrorCodes.ACCESS_DENIED -> {
                record("device.denied", account, request.getParameter(OAuth2ParameterNames.CLIENT_ID), "denied");
                target = UriComponentsBuilder.fromPath(request.getContextPath() + "/activate/done")
                        .queryParam("denied", "");
            }
            case OAuth2ErrorCodes.INVALID_GRANT -> target.queryParam("error", "unknown");
            case DeviceVerificationProvider.THROTTLED -> {
                log.info("User codes refused for a while after too many wrong ones (account {})", account);
                target.queryParam("error", "throttled")
                        .queryParam(
                                "wait",
                                ((OAuth2AuthenticationException) exception)
                                        .getError()
                                        .getDescription());
            }
            default -> target.queryParam("error", "malformed");
        }
        response.sendRedirect(target.encode().build().toUriString());
    }

    private void record(String type, String account, String clientId, String outcome) {
        this.audit.record(new AuditEvent(this.clock.instant(), type, "user", account, clientId, null, outcome, null));
    }
}
