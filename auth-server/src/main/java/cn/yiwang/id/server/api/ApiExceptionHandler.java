package cn.yiwang.id.server.api;

import cn.yiwang.id.kit.web.AdminProblems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Writes the account and admin APIs' errors as RFC 9457 problem details with their full body
 * (validation errors, not-found details), limited to this package so browser pages keep their
 * friendly error page. An unreadable body names the field that broke it, as the registry admin APIs do.
 */
@RestControllerAdvice(basePackageClasses = ApiExceptionHandler.class)
public final class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return handleExceptionInternal(
                ex,
                AdminProblems.unreadable("The body must be the JSON object this API expects", ex),
                headers,
                status,
                request);
    }
}
