package cn.yiwang.id.server.web;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * The UserInfo endpoint's error responses (OIDC Core §5.3.3): a store outage is 503 {@code temporarily_unavailable}
 * with {@code Retry-After}, like the token endpoint's, never a 400 blaming the client; every other error is answered
 * as Spring Authorization Server answers it (401 {@code invalid_token}, 403 {@code insufficient_scope}, else 400).
 */
public final class UserInfoErrorResponseHandler implements AuthenticationFailureHandler {

    private static final Logger log = LoggerFactory.getLogger(UserInfoErrorResponseHandler.class);

    private final OAuth2ErrorHttpMessageConverter errors = new OAuth2ErrorHttpMessageConverter();

    private final MeterRegistry meters;

    public UserInfoErrorResponseHandler(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public void onAuthenticationFailure(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        OAuth2Error error = (exception instanceof OAuth2AuthenticationException oauth)
                ? oauth.getError()
                : new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST);
        HttpStatus status = HttpStatus.BAD_REQUEST;
        if (StoreOutageAuthenticationProvider.TEMPORARILY_UNAVAILABLE.equals(error.getErrorCode())) {
            String dependency = StoreFailures.unavailable(exception);
            log.warn("UserInfo request refused: {}", error.getDescription());
            this.meters
                    .counter("yiwang.unavailable", "dependency", (dependency != null) ? dependency : "unknown")
                    .increment();
            status = HttpStatus.SERVICE_UNAVAILABLE;
            response.setHeader("Retry-After", "5");
            error = new OAuth2Error(
                    error.getErrorCode(), "The service is temporarily unavailable; retry shortly", null);
        } else if (OAuth2ErrorCodes.INVALID_TOKEN.equals(error.getErrorCode())) {
            status = HttpStatus.UNAUTHORIZED;
        } else if (OAuth2ErrorCodes.INSUFFICIENT_SCOPE.equals(error.getErrorCode())) {
            status = HttpStatus.FORBIDDEN;
        }
        response.setHeader("Cache-Control", "no-store");
        ServletServerHttpResponse http = new ServletServerHttpResponse(response);
        http.setStatusCode(status);
        this.errors.write(error, null, http);
    }
}
