package cn.yiwang.id.server.delegation;

import cn.yiwang.id.kit.web.AdminProblems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** RFC 9457 problems for the agent admin API's malformed requests (unreadable body, wrong media type). */
@RestControllerAdvice(assignableTypes = AgentAdminController.class)
public final class AgentAdminProblems extends ResponseEntityExceptionHandler {

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return handleExceptionInternal(
                ex,
                AdminProblems.unreadable("The body must be {\"region\": \"<GB/T 2260 code>\"}", ex),
                headers,
                status,
                request);
    }
}
