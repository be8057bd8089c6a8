package cn.yiwang.id.server.saml.registry;

import cn.yiwang.id.kit.registry.Change;
import cn.yiwang.id.kit.registry.Violation;
import cn.yiwang.id.saml.metadata.EntityMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
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
 * Administrators' API for the SAML service-provider registry ({@code /admin/api}, bearer token with
 * scope {@code yiwang.admin}): list, read, create or replace (PUT, {@code If-Match} optional), delete,
 * and import SP metadata (an uploaded document or a URL). Errors are RFC 9457 problem details
 * ({@link ServiceProviderAdminProblems}).
 */
@RestController
@RequestMapping(ServiceProviderAdminController.PATH)
public final class ServiceProviderAdminController {

    static final String PATH = "/admin/api/saml/service-providers";

    /** RFC 7580 / SAML metadata's registered media type. */
    static final String SAML_METADATA = "application/samlmetadata+xml";

    private final ServiceProviderAdministration administration;

    private final MetadataFetcher fetcher;

    public ServiceProviderAdminController(ServiceProviderAdministration administration, MetadataFetcher fetcher) {
        this.administration = administration;
        this.fetcher = fetcher;
    }

    @GetMapping
    public List<ServiceProviderResource> list() {
        return this.administration.findAll().stream()
                .map(ServiceProviderResource::of)
                .toList();
    }

    @GetMapping("/{alias}")
    public ResponseEntity<ServiceProviderResource> get(@PathVariable String alias) {
        VersionedServiceProvider stored = this.administration.find(alias).orElseThrow(() -> notFound(alias));
        return ResponseEntity.ok().eTag(etag(stored)).body(ServiceProviderResource.of(stored));
    }

    @PutMapping(path = "/{alias}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ServiceProviderResource> put(
            @PathVariable String alias,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestBody ServiceProviderResource request,
            @AuthenticationPrincipal Jwt admin) {
        Integer expectedVersion = expectedVersion(alias, ifMatch);
        List<Violation> violations = new ArrayList<>();
        if (request.alias() != null && !request.alias().equals(alias)) {
            violations.add(new Violation(
                    "alias",
                    "must be '" + alias + "', the alias in the URL: an alias cannot be "
                            + "changed (register the provider under the new alias and delete this one instead)"));
        }
        ServiceProvider provider = request.toServiceProvider(violations).withAlias(alias);
        violations.addAll(this.administration.validate(provider));
        if (!violations.isEmpty()) {
            throw new InvalidServiceProviderException(violations);
        }
        return respond(this.administration.save(provider, expectedVersion, actor(admin)));
    }

    @DeleteMapping("/{alias}")
    public ResponseEntity<Void> delete(
            @PathVariable String alias,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @AuthenticationPrincipal Jwt admin) {
        if (!this.administration.delete(alias, expectedVersion(alias, ifMatch), actor(admin))) {
            throw notFound(alias);
        }
        return ResponseEntity.noContent().build();
    }

    /** Imports an uploaded metadata document; the stored policy (attributes, NameID format …) is kept. */
    @PostMapping(
            path = "/{alias}/metadata",
            consumes = {SAML_METADATA, MediaType.APPLICATION_XML_VALUE, MediaType.TEXT_XML_VALUE})
    public ResponseEntity<ServiceProviderResource> importDocument(
            @PathVariable String alias, InputStream body, @AuthenticationPrincipal Jwt admin) throws IOException {
        byte[] xml = body.readNBytes(MetadataFetcher.MAX_BYTES + 1);
        if (xml.length > MetadataFetcher.MAX_BYTES) {
            throw problem(
                    HttpStatus.CONTENT_TOO_LARGE,
                    "Metadata too large",
                    "SP metadata may have at most " + MetadataFetcher.MAX_BYTES + " bytes");
        }
        return importMetadata(alias, ImportedServiceProviderMetadata.read(xml), null, null, null, admin);
    }

    /** Fetches the metadata from {@code metadataUrl} and imports it; the stored policy is kept. */
    @PostMapping(path = "/{alias}/metadata", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ServiceProviderResource> importFromUrl(
            @PathVariable String alias,
            @RequestBody MetadataImportRequest request,
            @AuthenticationPrincipal Jwt admin) {
        String url = request.metadataUrl();
        EntityMetadata metadata = ImportedServiceProviderMetadata.read(this.fetcher.fetch(url));
        return importMetadata(alias, metadata, url, request.displayNameZh(), request.displayNameEn(), admin);
    }

    private ResponseEntity<ServiceProviderResource> importMetadata(
            String alias, EntityMetadata metadata, String url, String displayNameZh, String displayNameEn, Jwt admin) {
        Optional<VersionedServiceProvider> existing = this.administration.find(alias);
        ServiceProvider policy = existing.map(VersionedServiceProvider::provider)
                .orElseGet(() -> ImportedServiceProviderMetadata.newPolicy(alias, displayNameZh, displayNameEn));
        ServiceProvider provider = ImportedServiceProviderMetadata.apply(metadata, policy, url);
        // based on the version read: a concurrent change to the policy must not be overwritten silently
        return respond(this.administration.save(
                provider, existing.map(VersionedServiceProvider::version).orElse(null), actor(admin)));
    }

    /** Who acts, for the audit log: the token's client (client credentials) or its subject. */
    static String actor(Jwt token) {
        if (token == null) {
            return "admin:unknown";
        }
        Object clientId = token.getClaim("client_id");
        return "admin:" + ((clientId != null) ? clientId : token.getSubject());
    }

    static String etag(VersionedServiceProvider stored) {
        return "\"" + stored.version() + "\"";
    }

    // strong comparison (RFC 9110 §8.8.3.2): a weak tag never matches; "*" matches any stored version
    static boolean matches(String ifMatch, VersionedServiceProvider current) {
        for (String tag : ifMatch.split(",")) {
            String candidate = tag.strip();
            if ("*".equals(candidate) || etag(current).equals(candidate)) {
                return true;
            }
        }
        return false;
    }

    // RFC 9110 §13.1.1: with If-Match, a missing or different current version is 412
    private Integer expectedVersion(String alias, String ifMatch) {
        if (ifMatch == null) {
            return null;
        }
        VersionedServiceProvider current = this.administration
                .find(alias)
                .orElseThrow(() -> problem(
                        HttpStatus.PRECONDITION_FAILED,
                        "Service provider changed",
                        "If-Match was sent but no service provider has the alias '" + alias + "'"));
        if (!matches(ifMatch, current)) {
            ErrorResponseException problem = problem(
                    HttpStatus.PRECONDITION_FAILED,
                    "Service provider changed",
                    "The service provider '" + alias + "' has changed since the version in If-Match; its ETag is now "
                            + etag(current) + ". GET it again and reapply your change");
            problem.getHeaders().setETag(etag(current));
            throw problem;
        }
        return current.version();
    }

    private static ResponseEntity<ServiceProviderResource> respond(ServiceProviderAdministration.Saved saved) {
        VersionedServiceProvider stored = saved.stored();
        ResponseEntity.BodyBuilder builder = ResponseEntity.ok();
        if (saved.change() == Change.CREATED) {
            URI location = ServletUriComponentsBuilder.fromCurrentContextPath()
                    .path(PATH + "/{alias}")
                    .buildAndExpand(stored.alias())
                    .toUri();
            builder = ResponseEntity.created(location);
        }
        return builder.eTag(etag(stored)).body(ServiceProviderResource.of(stored));
    }

    private static ErrorResponseException notFound(String alias) {
        return problem(
                HttpStatus.NOT_FOUND,
                "Service provider not found",
                "No SAML service provider has the alias '" + alias + "'");
    }

    static ErrorResponseException problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }
}
