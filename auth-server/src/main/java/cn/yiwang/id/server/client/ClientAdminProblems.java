package cn.yiwang.id.server.client;

import cn.yiwang.id.kit.web.AdminProblems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * RFC 9457 problem details for the clients admin API: 400 with {@code errors} ({@code field}, {@code message})
 * for an invalid client, 400 for unreadable JSON, 404, 409 for a client id taken, 412 for a stale version, 415.
 */
@RestControllerAdvice(assignableTypes = ClientAdminController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class ClientAdminProblems {

    @ExceptionHandler
    ResponseEntity<ProblemDetail> invalid(InvalidClientException ex) {
        return AdminProblems.respond(AdminProblems.invalid("client", ex.violations()));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> raised(ErrorResponseException ex) {
        return AdminProblems.raised(ex);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> stale(OptimisticLockingFailureException ex) {
        return AdminProblems.changedMeanwhile("Client");
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> taken(DuplicateKeyException ex) {
        return AdminProblems.takenMeanwhile(
                "Client exists", "Another client was created with this client_id at the same moment");
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException ex) {
        return AdminProblems.respond(
                AdminProblems.unreadable("The body must be a JSON object describing a client", ex));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unsupportedMediaType(HttpMediaTypeNotSupportedException ex) {
        return AdminProblems.unsupportedMediaType("Send a client as application/json", ex.getSupportedMediaTypes());
    }
}
