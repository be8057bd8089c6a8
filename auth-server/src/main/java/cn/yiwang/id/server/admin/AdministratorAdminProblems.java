package cn.yiwang.id.server.admin;

import cn.yiwang.id.kit.web.AdminProblems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * RFC 9457 problems of the administrators API: 400 with {@code errors} ({@code field}, {@code message}), 400 for
 * unreadable JSON, 404, 412 for a stale version (with the current {@code ETag}), 415, 428.
 */
@RestControllerAdvice(assignableTypes = AdministratorAdminController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class AdministratorAdminProblems {

    @ExceptionHandler
    ResponseEntity<ProblemDetail> invalid(InvalidAdministratorException ex) {
        return AdminProblems.respond(AdminProblems.invalid("administrator", ex.violations()));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> stale(StaleAdministratorException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.PRECONDITION_FAILED,
                "The administrator changed since you read it (now version "
                        + ex.current().version() + "); GET it again and reapply your change");
        problem.setTitle("Administrator changed");
        HttpHeaders headers = new HttpHeaders();
        headers.setETag(AdministratorAdminController.etag(ex.current()));
        return AdminProblems.respond(problem, headers);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> raised(ErrorResponseException ex) {
        return AdminProblems.raised(ex);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException ex) {
        return AdminProblems.respond(
                AdminProblems.unreadable("The body must be a JSON object describing an administrator", ex));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unsupportedMediaType(HttpMediaTypeNotSupportedException ex) {
        return AdminProblems.unsupportedMediaType(
                "Send an administrator as application/json", ex.getSupportedMediaTypes());
    }
}
