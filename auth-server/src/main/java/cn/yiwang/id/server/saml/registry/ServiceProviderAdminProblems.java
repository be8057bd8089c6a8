package cn.yiwang.id.server.saml.registry;

import cn.yiwang.id.kit.web.AdminProblems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * RFC 9457 problem details for the service-provider admin API: 400 with an {@code errors} list of
 * {@code {field, message}} for invalid definitions and unusable metadata, 400 for unreadable JSON, 409
 * when another provider took the entity ID meanwhile, 412 for a stale version, 415 for another media
 * type, 502 when metadata cannot be fetched, and the 404/412/413 the controller raises. Scoped to that
 * controller, so the rest of the server keeps its own error handling.
 */
@RestControllerAdvice(assignableTypes = ServiceProviderAdminController.class)
// ahead of any application-wide advice, which would not know the errors extension
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class ServiceProviderAdminProblems {

    @ExceptionHandler
    ResponseEntity<ProblemDetail> invalid(InvalidServiceProviderException ex) {
        return AdminProblems.respond(AdminProblems.invalid("service provider", ex.violations()));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> raised(ErrorResponseException ex) {
        return AdminProblems.raised(ex);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> stale(OptimisticLockingFailureException ex) {
        return AdminProblems.changedMeanwhile("Service provider");
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> entityIdTaken(DuplicateKeyException ex) {
        return AdminProblems.takenMeanwhile(
                "Entity ID registered",
                "Another service provider was registered with this entity ID at the same moment");
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unavailable(MetadataUnavailableException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, ex.getMessage());
        problem.setTitle("Metadata not fetched");
        return AdminProblems.respond(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException ex) {
        return AdminProblems.respond(AdminProblems.unreadable(
                "The body must be a JSON object describing a service provider (or a metadata import)", ex));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unsupportedMediaType(HttpMediaTypeNotSupportedException ex) {
        return AdminProblems.unsupportedMediaType(
                "Send a service provider as application/json; metadata as "
                        + ServiceProviderAdminController.SAML_METADATA + " (or application/xml), or its URL as "
                        + "application/json {\"metadataUrl\": \"https://...\"}",
                ex.getSupportedMediaTypes());
    }
}
