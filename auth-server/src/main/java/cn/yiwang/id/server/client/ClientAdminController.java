package cn.yiwang.id.server.client;

import cn.yiwang.id.kit.registry.Violation;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Administrators' API for the relying parties ({@code /admin/api/clients}, bearer token with scope
 * {@code yiwang.admin.clients} or {@code yiwang.admin}): list, read (with an {@code ETag}), create (POST),
 * replace (PUT, {@code If-Match} honoured), disable and enable, delete, and rotate a secret (the new one is in
 * that response only). The body is the bootstrap file's client in camel case ({@link ClientJson}); a client
 * created without a secret gets a generated one, returned once, unless its {@code tokenEndpointAuthMethod} is
 * {@code none} or {@code private_key_jwt}. Every change takes effect on every node
 * without a restart and is audited. Errors are RFC 9457 problems naming each field ({@link ClientAdminProblems}).
 */
@RestController
@RequestMapping(ClientAdminController.PATH)
public final class ClientAdminController {

    static final String PATH = "/admin/api/clients";

    // what the API shows beside the definition; sent back in a PUT, it is ignored
    private static final Set<String> READ_ONLY = Set.of("version", "managedBy", "updatedAt", "clientIdIssuedAt");

    private static final java.time.Duration LONGEST_INITIAL_ACCESS_TOKEN = java.time.Duration.ofDays(30);

    private final ClientAdministration administration;

    private final InitialAccessTokens initialAccessTokens;

    private final cn.yiwang.id.server.audit.AuditLog audit;

    private final java.time.Clock clock;

    public ClientAdminController(
            ClientAdministration administration,
            InitialAccessTokens initialAccessTokens,
            cn.yiwang.id.server.audit.AuditLog audit,
            java.time.Clock clock) {
        this.administration = administration;
        this.initialAccessTokens = initialAccessTokens;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Issues an initial access token for Dynamic Client Registration (RFC 7591 §3): body {@code {"scopes":
     * ["openid", ...], "uses": 1, "expiresIn": "24h"}}; the token is in this response only.
     */
    @PostMapping(path = "/registration-tokens", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ObjectNode> issueInitialAccessToken(
            @RequestBody JsonNode body, @AuthenticationPrincipal Jwt admin) {
        List<Violation> violations = new ArrayList<>();
        List<String> scopes = new ArrayList<>();
        JsonNode scopeNode = body.path("scopes");
        if (!scopeNode.isArray() || scopeNode.isEmpty()) {
            violations.add(new Violation("scopes", "must list the scopes registered clients may have"));
        } else {
            scopeNode.forEach((scope) -> {
                if (scope.isString() && scope.asString().matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,100}")) {
                    scopes.add(scope.asString());
                } else {
                    violations.add(new Violation("scopes", "must be scope tokens (RFC 6749 §3.3)"));
                }
            });
        }
        int uses = body.path("uses").isMissingNode() ? 1 : body.path("uses").asInt(-1);
        if (uses < 1 || uses > 1000) {
            violations.add(new Violation("uses", "must be a number of registrations from 1 to 1000"));
        }
        java.time.Duration lifetime = java.time.Duration.ofHours(24);
        if (body.has("expiresIn")) {
            try {
                lifetime = org.springframework.boot.convert.DurationStyle.detectAndParse(
                        body.path("expiresIn").asString());
            } catch (RuntimeException ex) {
                violations.add(new Violation("expiresIn", "must be a duration such as 24h or PT24H"));
            }
        }
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(LONGEST_INITIAL_ACCESS_TOKEN) > 0) {
            violations.add(new Violation("expiresIn", "must be positive and at most 30 days"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidClientException(violations);
        }
        String token = this.initialAccessTokens.issue(new java.util.LinkedHashSet<>(scopes), uses, lifetime);
        java.time.Instant expiresAt = this.clock.instant().plus(lifetime);
        this.audit.record(new cn.yiwang.id.server.audit.AuditEvent(
                this.clock.instant(),
                "client.registration-token-issued",
                actor(admin),
                null,
                null,
                null,
                "success",
                "scopes " + scopes + ", " + uses + " use(s), until " + expiresAt));
        ObjectNode response =
                tools.jackson.databind.json.JsonMapper.builder().build().createObjectNode();
        response.put("token", token);
        response.putPOJO("scopes", scopes);
        response.put("uses", uses);
        response.put("expiresAt", expiresAt.toString());
        return ResponseEntity.status(HttpStatus.CREATED)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(response);
    }

    @GetMapping
    public List<ObjectNode> list() {
        return this.administration.findAll().stream()
                .map(ClientAdminController::resource)
                .toList();
    }

    @GetMapping("/{clientId}")
    public ResponseEntity<ObjectNode> get(@PathVariable String clientId) {
        StoredClient stored = this.administration.find(clientId).orElseThrow(() -> notFound(clientId));
        return ResponseEntity.ok().eTag(etag(stored)).body(resource(stored));
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ObjectNode> create(@RequestBody JsonNode body, @AuthenticationPrincipal Jwt admin) {
        ClientDefinition definition = read(body, null);
        if (this.administration.find(definition.clientId()).isPresent()) {
            throw problem(
                    HttpStatus.CONFLICT,
                    "Client exists",
                    "A client with client_id '" + definition.clientId() + "' exists; PUT " + PATH + "/"
                            + definition.clientId() + " to change it");
        }
        String secret = null;
        // unlike the file, the API makes a confidential client unless told "none": it can hand out a secret
        if (!definition.hasSecret()
                && (definition.tokenEndpointAuthMethod() == null
                        || ClientDefinition.SECRET_METHODS.contains(definition.tokenEndpointAuthMethod()))) {
            secret = ClientSecretsGenerator.generate();
            definition = definition.withClientSecret(ClientSecretsGenerator.hash(secret));
        }
        ClientAdministration.Saved saved = this.administration.save(definition, null, actor(admin), "admin");
        URI location = ServletUriComponentsBuilder.fromCurrentContextPath()
                .path(PATH + "/{clientId}")
                .buildAndExpand(saved.stored().clientId())
                .toUri();
        ObjectNode body2 = resource(saved.stored());
        if (secret != null) {
            body2.put(ClientJson.SECRET, secret);
        }
        return ResponseEntity.created(location).eTag(etag(saved.stored())).body(body2);
    }

    @PutMapping(path = "/{clientId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ObjectNode> replace(
            @PathVariable String clientId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestBody JsonNode body,
            @AuthenticationPrincipal Jwt admin) {
        StoredClient current = this.administration.find(clientId).orElseThrow(() -> notFound(clientId));
        Integer expected = expectedVersion(current, ifMatch);
        ClientDefinition definition = read(body, clientId);
        ClientDefinition stored = ClientAdministration.definitionOf(current);
        if (!definition.hasSecret()
                && stored.hasSecret()
                && (definition.tokenEndpointAuthMethod() == null
                        || ClientDefinition.SECRET_METHODS.contains(definition.tokenEndpointAuthMethod()))) {
            // the secret is write-only: a definition read back and sent again keeps the stored one
            definition = definition.withClientSecret(stored.clientSecret());
        }
        ClientAdministration.Saved saved = this.administration.save(definition, expected, actor(admin), "admin");
        return ResponseEntity.ok().eTag(etag(saved.stored())).body(resource(saved.stored()));
    }

    @PostMapping("/{clientId}/disable")
    public ResponseEntity<ObjectNode> disable(
            @PathVariable String clientId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @AuthenticationPrincipal Jwt admin) {
        return setEnabled(clientId, ifMatch, false, admin);
    }

    @PostMapping("/{clientId}/enable")
    public ResponseEntity<ObjectNode> enable(
            @PathVariable String clientId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @AuthenticationPrincipal Jwt admin) {
        return setEnabled(clientId, ifMatch, true, admin);
    }

    /** A new secret, in this response only; the old one stops working at once. */
    @PostMapping("/{clientId}/secret")
    public ResponseEntity<ObjectNode> rotateSecret(
            @PathVariable String clientId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @AuthenticationPrincipal Jwt admin) {
        StoredClient current = this.administration.find(clientId).orElseThrow(() -> notFound(clientId));
        ClientAdministration.RotatedSecret rotated =
                this.administration.rotateSecret(clientId, expectedVersion(current, ifMatch), actor(admin));
        ObjectNode body = resource(rotated.stored());
        body.put(ClientJson.SECRET, rotated.secret());
        return ResponseEntity.ok()
                .eTag(etag(rotated.stored()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(body);
    }

    @DeleteMapping("/{clientId}")
    public ResponseEntity<Void> delete(
            @PathVariable String clientId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @AuthenticationPrincipal Jwt admin) {
        StoredClient current = this.administration.find(clientId).orElseThrow(() -> notFound(clientId));
        if (!this.administration.delete(clientId, expectedVersion(current, ifMatch), actor(admin))) {
            throw notFound(clientId);
        }
        return ResponseEntity.noContent().build();
    }

    private ResponseEntity<ObjectNode> setEnabled(String clientId, String ifMatch, boolean enabled, Jwt admin) {
        StoredClient current = this.administration.find(clientId).orElseThrow(() -> notFound(clientId));
        Integer expected = expectedVersion(current, ifMatch);
        ClientAdministration.Saved saved = this.administration.save(
                ClientAdministration.definitionOf(current).withEnabled(enabled),
                (expected != null) ? expected : current.version(),
                actor(admin),
                "admin");
        return ResponseEntity.ok().eTag(etag(saved.stored())).body(resource(saved.stored()));
    }

    private static ClientDefinition read(JsonNode body, String clientId) {
        List<Violation> violations = new ArrayList<>();
        if (body instanceof ObjectNode object) {
            READ_ONLY.forEach(object::remove);
            if (clientId != null) {
                JsonNode given = object.get("clientId");
                if (given != null && !given.isNull() && !clientId.equals(given.asString())) {
                    violations.add(new Violation(
                            "clientId",
                            "must be '" + clientId + "', the client id in the URL: a client id cannot change"));
                }
                object.put("clientId", clientId);
            }
        }
        ClientDefinition definition = ClientJson.read(body, violations);
        if (!violations.isEmpty() || definition == null) {
            throw new InvalidClientException(violations);
        }
        return definition;
    }

    /** The client as the API shows it: the definition without the secret, and what the registry adds. */
    static ObjectNode resource(StoredClient stored) {
        ObjectNode node = ClientJson.write(ClientAdministration.definitionOf(stored), false);
        node.put("version", stored.version());
        node.put("managedBy", stored.managedBy());
        if (stored.client().getClientIdIssuedAt() != null) {
            node.put("clientIdIssuedAt", stored.client().getClientIdIssuedAt().toString());
        }
        if (stored.updatedAt() != null) {
            node.put("updatedAt", stored.updatedAt().toString());
        }
        return node;
    }

    /** Who acts, for the audit log: the token's client (client credentials) or its subject. */
    static String actor(Jwt token) {
        if (token == null) {
            return "admin:unknown";
        }
        Object clientId = token.getClaim("client_id");
        return "admin:" + ((clientId != null) ? clientId : token.getSubject());
    }

    static String etag(StoredClient stored) {
        return "\"" + stored.version() + "\"";
    }

    // RFC 9110 §13.1.1: with If-Match, a different current version is 412 (strong comparison; "*" matches)
    private static Integer expectedVersion(StoredClient current, String ifMatch) {
        if (ifMatch == null) {
            return null;
        }
        for (String tag : ifMatch.split(",")) {
            String candidate = tag.strip();
            if ("*".equals(candidate) || etag(current).equals(candidate)) {
                return current.version();
            }
        }
        ErrorResponseException problem = problem(
                HttpStatus.PRECONDITION_FAILED,
                "Client changed",
                "The client '" + current.clientId() + "' has changed since the version in If-Match; its ETag is now "
                        + etag(current) + ". GET it again and reapply your change");
        problem.getHeaders().setETag(etag(current));
        throw problem;
    }

    private static ErrorResponseException notFound(String clientId) {
        return problem(HttpStatus.NOT_FOUND, "Client not found", "No client has the client_id '" + clientId + "'");
    }

    static ErrorResponseException problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }
}
