package cn.yiwang.id.server.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** RFC 9457 problems the account and admin APIs answer with. */
final class ApiProblems {

    private ApiProblems() {}

    static ErrorResponseException notFound(String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail);
        problem.setTitle(title);
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }
}
