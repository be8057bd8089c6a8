package cn.yiwang.id.federation.registry;

import cn.yiwang.id.kit.web.AdminProblems;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * RFC 9457 problem details for the identity-provider admin API: 400 with an {@code errors} list of
 * {@code {field, message}} for invalid definitions, 400 for unreadable JSON, 415 for another media
 * type, and the 404/409/412/428 the controller raises. Scoped to that controller, so the rest of the
 * server keeps its own error handling.
 */
@RestControllerAdvice(assignableTypes = IdentityProviderAdminController.class)
// ahead of any application-wide advice, which would not know the errors extension
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class IdentityProviderAdminProblems {

    @ExceptionHandler
    ResponseEntity<ProblemDetail> invalid(InvalidIdentityProviderException ex) {
        return AdminProblems.respond(AdminProblems.invalid("identity provider", ex.violations()));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> raised(ErrorResponseException ex) {
        return AdminProblems.raised(ex);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException ex) {
        return AdminProblems.respond(
                AdminProblems.unreadable("The body must be a JSON object describing an identity provider", ex));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unsupportedMediaType(HttpMediaTypeNotSupportedException ex) {
        return AdminProblems.unsupportedMediaType(
                "Send the identity provider as application/json", List.of(MediaType.APPLICATION_JSON));
    }
}
