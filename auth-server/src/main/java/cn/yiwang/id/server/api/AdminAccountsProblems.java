package cn.yiwang.id.server.api;

import cn.yiwang.id.account.search.InvalidAccountQueryException;
import cn.yiwang.id.kit.web.AdminProblems;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** RFC 9457 answers of the accounts admin API: a malformed search names each field that is wrong. */
@RestControllerAdvice(assignableTypes = AdminAccountsController.class)
public final class AdminAccountsProblems {

    @ExceptionHandler(InvalidAccountQueryException.class)
    public ResponseEntity<ProblemDetail> invalid(InvalidAccountQueryException ex) {
        return AdminProblems.respond(AdminProblems.invalid("account search", ex.violations()));
    }
}
