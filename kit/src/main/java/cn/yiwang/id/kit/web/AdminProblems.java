package cn.yiwang.id.kit.web;

import cn.yiwang.id.kit.registry.Violation;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponseException;
import tools.jackson.core.JacksonException;

/**
 * The RFC 9457 problems the registry admin APIs share (identity providers, SAML service providers):
 * invalid definitions with their {@code errors}, unreadable bodies that name only where they failed
 * (the parser's own message can echo a secret), another media type, and the response.
 *
 * <p>Each admin API keeps a {@code @RestControllerAdvice} scoped to its controller (so the rest of the
 * server keeps its own error handling) whose handlers are one call here each.
 */
public final class AdminProblems {

    private AdminProblems() {}

    /** 400 with {@code errors}: {@code [{field, message}]}. */
    public static ProblemDetail invalid(String noun, List<Violation> violations) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST,
                "The " + noun + " has " + violations.size() + " invalid field(s): "
                        + violations.stream().map(Violation::field).distinct().collect(Collectors.joining(", ")));
        problem.setTitle("Invalid " + noun);
        problem.setProperty("errors", violations);
        return problem;
    }

    /**
     * 400 for a body that is not the JSON expected, saying where it went wrong but not what it held: the field in
     * {@code detail} and in {@code errors} ({@code [{field, message}]}) when the parser knows it.
     */
    public static ProblemDetail unreadable(String expected, HttpMessageNotReadableException ex) {
        String detail = expected;
        Violation violation = null;
        if (ex.getCause() instanceof JacksonException json && !json.getPath().isEmpty()) {
            String field = path(json);
            if (json instanceof StrictJson.ControlCharacterException) {
                violation = new Violation(field, "must not contain control characters");
                detail += "; the value of '" + field + "' contains a control character";
            } else {
                violation = new Violation(field, "has the wrong JSON type or syntax");
                detail += "; the value of '" + field + "' has the wrong type or syntax";
            }
        } else if (ex.getCause() == null) {
            detail += "; the body is missing";
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Unreadable request body");
        if (violation != null) {
            problem.setProperty("errors", List.of(violation));
        }
        return problem;
    }

    /** 415, with {@code Accept} naming what the API takes. */
    public static ResponseEntity<ProblemDetail> unsupportedMediaType(String detail, List<MediaType> accepted) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE, detail);
        problem.setTitle("Unsupported media type");
        HttpHeaders headers = new HttpHeaders();
        headers.setAccept(accepted);
        return respond(problem, headers);
    }

    /**
     * 412 for an entry another request changed between this request's read and its write (optimistic locking).
     * @param noun what changed, capitalised as a title starts ({@code "Client"})
     */
    public static ResponseEntity<ProblemDetail> changedMeanwhile(String noun) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.PRECONDITION_FAILED,
                "The " + noun.toLowerCase(Locale.ROOT)
                        + " changed while this request was handled; GET it again and reapply your change");
        problem.setTitle(noun + " changed");
        return respond(problem);
    }

    /** 409 for a unique key another request took at the same moment. */
    public static ResponseEntity<ProblemDetail> takenMeanwhile(String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, detail);
        problem.setTitle(title);
        return respond(problem);
    }

    /** A problem the controller raised (404, 409, 412, 428…), as it raised it. */
    public static ResponseEntity<ProblemDetail> raised(ErrorResponseException ex) {
        return respond(ex.getBody(), ex.getHeaders());
    }

    /** A problem with no headers of its own. */
    public static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return respond(problem, new HttpHeaders());
    }

    public static ResponseEntity<ProblemDetail> respond(ProblemDetail problem, HttpHeaders headers) {
        return ResponseEntity.status(problem.getStatus())
                .headers(headers)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    // e.g. claimMappings.name or assertionConsumerServices[0].index
    private static String path(JacksonException ex) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : ex.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append((path.length() > 0) ? "." : "").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
