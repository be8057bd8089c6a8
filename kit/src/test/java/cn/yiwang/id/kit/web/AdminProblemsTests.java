package cn.yiwang.id.kit.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.kit.registry.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.mock.http.MockHttpInputMessage;

class AdminProblemsTests {

    @Test
    void invalidWhenViolationsThenBadRequestListingFieldsOnce() {
        ProblemDetail problem = AdminProblems.invalid(
                "thing",
                List.of(
                        new Violation("alias", "is required"),
                        new Violation("alias", "too long"),
                        new Violation("order", "negative")));
        assertThat(problem.getStatus()).isEqualTo(400);
        assertThat(problem.getTitle()).isEqualTo("Invalid thing");
        assertThat(problem.getDetail()).isEqualTo("The thing has 3 invalid field(s): alias, order");
        assertThat(problem.getProperties()).containsKey("errors");
    }

    @Test
    void unreadableWhenNoBodyThenSaysSoWithoutEchoingInput() {
        ProblemDetail problem = AdminProblems.unreadable(
                "The body must be a JSON object",
                new HttpMessageNotReadableException("secret=abc", new MockHttpInputMessage(new byte[0])));
        assertThat(problem.getDetail()).isEqualTo("The body must be a JSON object; the body is missing");
    }

    @Test
    void unsupportedMediaTypeWhenRespondingThenProblemJsonWithAccept() {
        ResponseEntity<ProblemDetail> response =
                AdminProblems.unsupportedMediaType("Send JSON", List.of(MediaType.APPLICATION_JSON));
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getHeaders().getAccept()).containsExactly(MediaType.APPLICATION_JSON);
    }
}
