package cn.yiwang.id.server.qr;

import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The provincial app's side of QR sign-in, with the citizen's bearer access token (checked as for the
 * account API: ours, live, of a live session): {@code POST /qr/{id}/scan} (answers what asks: portal,
 * origin, browser, place, time, and three numbers to choose from), {@code POST /qr/{id}/confirm} with
 * {@code {"number": 42}}, and {@code POST /qr/{id}/cancel}. Refusals are RFC 9457 problems whose
 * {@code type} ends in a stable code ({@code qr-expired}, {@code qr-already-scanned} …).
 */
@RestController
public final class QrAppController {

    private static final String PROBLEM_BASE = "https://id.yiwang.cn/problems/";

    private final QrLoginService service;

    public QrAppController(QrLoginService service) {
        this.service = service;
    }

    /** The confirmation's body. */
    public record Confirmation(Integer number) {}

    @PostMapping(path = "/qr/{id}/scan", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> scan(@PathVariable String id, @AuthenticationPrincipal Jwt token) {
        return answer(QrLoginStore.isWellFormed(id) ? this.service.scan(id, token) : expired());
    }

    @PostMapping(path = "/qr/{id}/confirm", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> confirm(
            @PathVariable String id,
            @RequestBody(required = false) Confirmation confirmation,
            @AuthenticationPrincipal Jwt token) {
        Integer number = (confirmation != null) ? confirmation.number() : null;
        return answer(QrLoginStore.isWellFormed(id) ? this.service.confirm(id, token, number) : expired());
    }

    @PostMapping(path = "/qr/{id}/cancel", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> cancel(@PathVariable String id, @AuthenticationPrincipal Jwt token) {
        return answer(QrLoginStore.isWellFormed(id) ? this.service.cancel(id, token) : expired());
    }

    private static QrLoginService.AppAnswer expired() {
        return QrLoginService.AppAnswer.problem(
                org.springframework.http.HttpStatus.NOT_FOUND, "qr-expired", "This QR code has expired");
    }

    private static ResponseEntity<?> answer(QrLoginService.AppAnswer answer) {
        if (answer.problemType() == null) {
            return ResponseEntity.ok(answer.body());
        }
        ProblemDetail problem = ProblemDetail.forStatus(answer.status());
        problem.setType(URI.create(PROBLEM_BASE + answer.problemType()));
        problem.setTitle(answer.title());
        problem.setProperty("code", answer.problemType());
        return ResponseEntity.status(answer.status())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
