package cn.yiwang.id.federation.registry;

import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.kit.registry.Violation;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Administrators' API for the identity-provider registry ({@code /admin/api}, bearer token with
 * scope {@code yiwang.admin}, enforced by the auth-server): list, read, create, replace (with
 * {@code If-Match}), delete. Errors are RFC 9457 problem details ({@link IdentityProviderAdminProblems}).
 */
@RestController
@RequestMapping(IdentityProviderAdminController.PATH)
public final class IdentityProviderAdminController {

    static final String PATH = "/admin/api/identity-providers";

    private final IdentityProviderAdministration administration;

    private final ConnectionTester tester;

    public IdentityProviderAdminController(IdentityProviderAdministration administration, ConnectionTester tester) {
        this.administration = administration;
        this.tester = tester;
    }

    @GetMapping
    public List<IdentityProviderResource> list() {
        return this.administration.findAll().stream()
                .map(IdentityProviderResource::of)
                .toList();
    }

    @GetMapping("/{alias}")
    public ResponseEntity<IdentityProviderResource> get(@PathVariable String alias) {
        return representation(ResponseEntity.ok(), existing(alias));
    }

    @PostMapping
    public ResponseEntity<IdentityProviderResource> create(
            @RequestBody IdentityProviderResource request, @AuthenticationPrincipal Jwt admin) {
        IdentityProvider provider = request.toIdentityProvider(null);
        VersionedIdentityProvider created;
        try {
            created = this.administration.create(provider, actor(admin));
        } catch (DuplicateKeyException ex) {
            throw problem(
                    HttpStatus.CONFLICT,
                    "Identity provider exists",
                    "An identity provider with alias '" + provider.alias() + "' already exists; change it with PUT "
                            + PATH + "/" + provider.alias());
        }
        URI location = ServletUriComponentsBuilder.fromCurrentRequestUri()
                .path("/{alias}")
                .buildAndExpand(created.alias())
                .toUri();
        return representation(ResponseEntity.created(location), created);
    }

    // RFC 9110 §13.1.1 If-Match, and RFC 6585 §3 428 when it is missing: a replace based on a stale
    // read would silently undo another administrator's change
    @PutMapping("/{alias}")
    public ResponseEntity<IdentityProviderResource> replace(
            @PathVariable String alias,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestBody IdentityProviderResource request,
            @AuthenticationPrincipal Jwt admin) {
        if (ifMatch == null) {
            throw problem(
                    HttpStatus.PRECONDITION_REQUIRED,
                    "If-Match required",
                    "Send If-Match with the ETag of GET " + PATH + "/" + alias
                            + ", so that a concurrent change is not overwritten");
        }
        VersionedIdentityProvider current = existing(alias);
        requireMatch(ifMatch, current);
        IdentityProvider provider =
                request.toIdentityProvider(current.provider().clientSecret());
        List<Violation> violations = new ArrayList<>();
        if (!alias.equals(provider.alias())) {
            if (provider.alias() != null) {
                violations.add(new Violation(
                        "alias",
                        "must be '" + alias + "', the alias in the URL: an alias cannot"
                                + " be changed (create a new identity provider and delete this one instead)"));
            }
            provider = withAlias(provider, alias);
        }
        violations.addAll(IdentityProviderValidator.validate(provider));
        if (!violations.isEmpty()) {
            throw new InvalidIdentityProviderException(violations);
        }
        try {
            return representation(
                    ResponseEntity.ok(),
                    this.administration
                            .update(provider, current.version(), actor(admin))
                            .orElseThrow(() -> notFound(alias)));
        } catch (OptimisticLockingFailureException ex) {
            throw changedMeanwhile(existing(alias));
        }
    }

    @DeleteMapping("/{alias}")
    public ResponseEntity<Void> delete(
            @PathVariable String alias,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @AuthenticationPrincipal Jwt admin) {
        Integer expectedVersion = null;
        if (ifMatch != null) {
            VersionedIdentityProvider current = existing(alias);
            requireMatch(ifMatch, current);
            expectedVersion = current.version();
        }
        boolean deleted;
        try {
            deleted = this.administration.delete(alias, expectedVersion, actor(admin));
        } catch (OptimisticLockingFailureException ex) {
            throw changedMeanwhile(existing(alias));
        }
        if (!deleted) {
            throw notFound(alias);
        }
        return ResponseEntity.noContent().build();
    }

    /**
     * "Test connection": fetches the provider's discovery document and key set (OIDC) or metadata (SAML) as
     * registered now, and reports every finding; 200 whatever it finds ({@code ok} says whether sign-ins can
     * work), 404 for an unknown alias. Changes nothing, so it needs no {@code If-Match}.
     */
    @PostMapping("/{alias}/test-connection")
    public ConnectionReport testConnection(@PathVariable String alias) {
        return this.tester.test(existing(alias).provider());
    }

    /** Who acts, for the audit log: the token's client (client credentials) or its subject. */
    static String actor(Jwt token) {
        if (token == null) {
            return "admin:unknown";
        }
        Object clientId = token.getClaim("client_id");
        return "admin:" + ((clientId != null) ? clientId : token.getSubject());
    }

    static String etag(VersionedIdentityProvider stored) {
        return "\"" + stored.version() + "\"";
    }

    // strong comparison (RFC 9110 §8.8.3.2): a weak tag never matches; "*" matches any stored version
    static boolean matches(String ifMatch, VersionedIdentityProvider current) {
        for (String tag : ifMatch.split(",")) {
            String candidate = tag.strip();
            if ("*".equals(candidate)
                    || etag(current).equals(candidate)
                    || String.valueOf(current.version()).equals(candidate)) {
                return true;
            }
        }
        return false;
    }

    private VersionedIdentityProvider existing(String alias) {
        return this.administration.find(alias).orElseThrow(() -> notFound(alias));
    }

    private static void requireMatch(String ifMatch, VersionedIdentityProvider current) {
        if (!matches(ifMatch, current)) {
            throw changedMeanwhile(current);
        }
    }

    private static ResponseEntity<IdentityProviderResource> representation(
            ResponseEntity.BodyBuilder builder, VersionedIdentityProvider stored) {
        return builder.eTag(etag(stored)).body(IdentityProviderResource.of(stored));
    }

    private static IdentityProvider withAlias(IdentityProvider p, String alias) {
        return p.with(alias, p.updatedAt());
    }

    private static ErrorResponseException changedMeanwhile(VersionedIdentityProvider current) {
        ErrorResponseException problem = problem(
                HttpStatus.PRECONDITION_FAILED,
                "Identity provider changed",
                "The identity provider '" + current.alias() + "' has changed since the version in If-Match; its ETag"
                        + " is now " + etag(current) + ". GET it again and reapply your change");
        problem.getHeaders().setETag(etag(current));
        return problem;
    }

    private static ErrorResponseException notFound(String alias) {
        return problem(
                HttpStatus.NOT_FOUND,
                "Identity provider not found",
                "No identity provider has the alias '" + alias + "'");
    }

    private static ErrorResponseException problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }
}
