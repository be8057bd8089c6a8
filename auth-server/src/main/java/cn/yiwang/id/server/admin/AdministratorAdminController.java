package cn.yiwang.id.server.admin;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The administrators API ({@code /admin/api/administrators}, scope {@code yiwang.admin.admins}, the security
 * administrators' permissions): list, read (with an {@code ETag}), create (the new administrator enrols an
 * authenticator at the first sign-in), change display name, role and enabled flag ({@code PUT} with
 * {@code If-Match}, required), disable. RFC 9457 problems name each invalid field
 * ({@link AdministratorAdminProblems}). Every change is audited with the client that made it.
 */
@RestController
@RequestMapping(AdministratorAdminController.PATH)
public final class AdministratorAdminController {

    static final String PATH = "/admin/api/administrators";

    private final AdministratorAdministration administration;

    public AdministratorAdminController(AdministratorAdministration administration) {
        this.administration = administration;
    }

    /**
     * An administrator as the API shows it (never the password hash nor the TOTP secret).
     *
     * @param username the sign-in name
     * @param displayName how the console shows the person
     * @param role the one role held
     * @param enabled false when disabled
     * @param totpEnrolled whether the authenticator is enrolled (else it is at the first sign-in)
     * @param locked whether sign-in is locked after failures
     * @param version the version, also the {@code ETag}
     * @param createdAt when created
     * @param createdBy who created it
     * @param updatedAt the last change
     */
    public record AdministratorView(
            String username,
            String displayName,
            String role,
            boolean enabled,
            boolean totpEnrolled,
            boolean locked,
            int version,
            Instant createdAt,
            String createdBy,
            Instant updatedAt) {

        static AdministratorView of(Administrator administrator) {
            return new AdministratorView(
                    administrator.username(),
                    administrator.displayName(),
                    administrator.role().name(),
                    administrator.enabled(),
                    administrator.totpEnrolled(),
                    administrator.lockedAt(Instant.now()),
                    administrator.version(),
                    administrator.createdAt(),
                    administrator.createdBy(),
                    administrator.updatedAt());
        }
    }

    @GetMapping
    public List<AdministratorView> list() {
        return this.administration.findAll().stream().map(AdministratorView::of).toList();
    }

    @GetMapping("/{username}")
    public ResponseEntity<AdministratorView> get(@PathVariable String username) {
        Administrator administrator = find(username);
        return ResponseEntity.ok().eTag(etag(administrator)).body(AdministratorView.of(administrator));
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<AdministratorView> create(
            @RequestBody AdministratorAdministration.NewAdministrator body, @AuthenticationPrincipal Jwt client) {
        Administrator created = this.administration.create(body, actor(client));
        return ResponseEntity.created(URI.create(PATH + "/" + created.username()))
                .eTag(etag(created))
                .body(AdministratorView.of(created));
    }

    @PutMapping(path = "/{username}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<AdministratorView> update(
            @PathVariable String username,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestBody AdministratorAdministration.Change body,
            @AuthenticationPrincipal Jwt client) {
        Administrator current = find(username);
        Administrator updated =
                this.administration.update(username, body, expectedVersion(current, ifMatch), actor(client), null);
        return ResponseEntity.ok().eTag(etag(updated)).body(AdministratorView.of(updated));
    }

    @PostMapping("/{username}/disable")
    public ResponseEntity<AdministratorView> disable(
            @PathVariable String username,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @AuthenticationPrincipal Jwt client) {
        Administrator current = find(username);
        Administrator updated = this.administration.update(
                username,
                new AdministratorAdministration.Change(
                        current.displayName(), current.role().name(), false),
                expectedVersion(current, ifMatch),
                actor(client),
                null);
        return ResponseEntity.ok().eTag(etag(updated)).body(AdministratorView.of(updated));
    }

    private Administrator find(String username) {
        return this.administration
                .find(username)
                .orElseThrow(() -> problem(
                        HttpStatus.NOT_FOUND, "No such administrator", "No administrator is named '" + username + "'"));
    }

    /** Who acts, for the audit trail: the token's client. */
    static String actor(Jwt token) {
        if (token == null) {
            return "admin:unknown";
        }
        Object clientId = token.getClaim("client_id");
        return "admin:" + ((clientId != null) ? clientId : token.getSubject());
    }

    static String etag(Administrator administrator) {
        return "\"" + administrator.version() + "\"";
    }

    // RFC 9110 §13.1.1 and RFC 6585 §3: a change must name the version it was made against
    private static int expectedVersion(Administrator current, String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw problem(
                    HttpStatus.PRECONDITION_REQUIRED,
                    "If-Match required",
                    "Send If-Match with the ETag of the administrator as you read it");
        }
        String value = ifMatch.strip();
        if ("*".equals(value)) {
            return current.version();
        }
        if (!value.equals(etag(current))) {
            throw new StaleAdministratorException(current);
        }
        return current.version();
    }

    private static ErrorResponseException problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }
}
