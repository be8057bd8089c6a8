package cn.yiwang.id.federation.registry;

import java.util.List;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
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
		List<Violation> violations = ex.violations();
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The identity provider has " + violations.size() + " invalid field(s): "
						+ violations.stream().map(Violation::field).distinct().collect(Collectors.joining(", ")));
		problem.setTitle("Invalid identity provider");
		problem.setProperty("errors", violations);
		return respond(problem, new HttpHeaders());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> raised(ErrorResponseException ex) {
		return respond(ex.getBody(), ex.getHeaders());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException ex) {
		String detail = "The body must be a JSON object describing an identity provider";
		// the parser's own message can echo input, including a secret: name only where it failed
		if (ex.getCause() instanceof JacksonException json && !json.getPath().isEmpty()) {
			detail += "; the value of '" + path(json) + "' has the wrong type or syntax";
		}
		else if (ex.getCause() == null) {
			detail += "; the body is missing";
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		problem.setTitle("Unreadable request body");
		return respond(problem, new HttpHeaders());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unsupportedMediaType(HttpMediaTypeNotSupportedException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
				"Send the identity provider as application/json");
		problem.setTitle("Unsupported media type");
		HttpHeaders headers = new HttpHeaders();
		headers.setAccept(List.of(MediaType.APPLICATION_JSON));
		return respond(problem, headers);
	}

	private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem, HttpHeaders headers) {
		return ResponseEntity.status(problem.getStatus())
			.headers(headers)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

	// e.g. claimMappings.name or scopes[1]
	private static String path(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append((path.length() > 0) ? "." : "").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

}
