package cn.yiwang.id.server.client;

import cn.yiwang.id.kit.registry.Violation;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Dynamic Client Registration (RFC 7591, OIDC Registration 1.0) gated by an initial access token an
 * administrator issued, and its management protocol (RFC 7592) with the registration access token returned at
 * registration. Registrations obey the admin API's rules, are audited and are served at once on every node.
 * Errors are the RFCs' own: {@code invalid_redirect_uri} and {@code invalid_client_metadata} (400), and
 * {@code invalid_token} (401) with a Bearer challenge.
 */
@RestController
public final class ClientRegistrationController {

    /** The registration endpoint, announced as {@code registration_endpoint}. */
    public static final String PATH = "/connect/register";

    private final ClientAdministration administration;

    private final JdbcClientRepository repository;

    private final InitialAccessTokens initialAccessTokens;

    private final SecureRandom random = new SecureRandom();

    public ClientRegistrationController(
            ClientAdministration administration, JdbcClientRepository repository, InitialAccessTokens tokens) {
        this.administration = administration;
        this.repository = repository;
        this.initialAccessTokens = tokens;
    }

    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Object> register(
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestBody JsonNode metadata) {
        Optional<Set<String>> allowed = this.initialAccessTokens.consume(bearer(authorization));
        if (allowed.isEmpty()) {
            return invalidToken();
        }
        String clientId = "dcr-" + randomValue(12);
        String method = metadata.path("token_endpoint_auth_method").asString("client_secret_basic");
        String secret = ClientDefinition.SECRET_METHODS.contains(method) ? randomValue(32) : null;
        List<Violation> problems = new ArrayList<>();
        RegistrationMetadata.unknown(metadata)
                .forEach((member) -> problems.add(new Violation(member, "is not supported")));
        ClientDefinition definition = RegistrationMetadata.toDefinition(
                metadata,
                clientId,
                (secret != null) ? ClientSecretsGenerator.hash(secret) : null,
                allowed.get(),
                problems);
        if (definition != null && problems.isEmpty()) {
            problems.addAll(this.administration.validate(definition));
        }
        if (!problems.isEmpty()) {
            return invalidMetadata(problems);
        }
        StoredClient stored = this.administration
                .save(definition, null, "registration:initial-access-token", "registration")
                .stored();
        String registrationToken = randomValue(32);
        this.repository.setRegistrationTokenHash(clientId, digest(registrationToken));
        ObjectNode body = RegistrationMetadata.toJson(definition);
        if (secret != null) {
            body.put("client_secret", secret);
            body.put("client_secret_expires_at", 0);
        }
        body.put("client_id_issued_at", stored.client().getClientIdIssuedAt().getEpochSecond());
        body.put("registration_access_token", registrationToken);
        URI location = ServletUriComponentsBuilder.fromCurrentContextPath()
                .path(PATH + "/{clientId}")
                .buildAndExpand(clientId)
                .toUri();
        body.put("registration_client_uri", location.toString());
        return ResponseEntity.created(location)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .contentType(MediaType.APPLICATION_JSON)
                .body(body);
    }

    @GetMapping(PATH + "/{clientId}")
    public ResponseEntity<Object> read(
            @PathVariable String clientId,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        Optional<StoredClient> stored = registered(clientId, authorization);
        if (stored.isEmpty()) {
            return invalidToken();
        }
        ObjectNode body = RegistrationMetadata.toJson(ClientAdministration.definitionOf(stored.get()));
        body.put("registration_client_uri", currentUri());
        return ResponseEntity.ok()
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .contentType(MediaType.APPLICATION_JSON)
                .body(body);
    }

    @PutMapping(path = PATH + "/{clientId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Object> update(
            @PathVariable String clientId,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestBody JsonNode metadata) {
        Optional<StoredClient> stored = registered(clientId, authorization);
        if (stored.isEmpty()) {
            return invalidToken();
        }
        ClientDefinition before = ClientAdministration.definitionOf(stored.get());
        List<Violation> problems = new ArrayList<>();
        RegistrationMetadata.unknown(metadata)
                .forEach((member) -> problems.add(new Violation(member, "is not supported")));
        if (metadata.has("client_id")
                && !clientId.equals(metadata.path("client_id").asString())) {
            problems.add(new Violation("client_id", "must be the registered client_id (RFC 7592 §2.2)"));
        }
        ClientDefinition definition = RegistrationMetadata.toDefinition(
                metadata, clientId, before.clientSecret(), Set.copyOf(before.scopes()), problems);
        if (definition != null && problems.isEmpty()) {
            problems.addAll(this.administration.validate(definition));
        }
        if (!problems.isEmpty()) {
            return invalidMetadata(problems);
        }
        this.administration.save(definition, stored.get().version(), "registration:" + clientId, "registration");
        ObjectNode body = RegistrationMetadata.toJson(definition);
        body.put("registration_client_uri", currentUri());
        return ResponseEntity.ok()
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .contentType(MediaType.APPLICATION_JSON)
                .body(body);
    }

    @DeleteMapping(PATH + "/{clientId}")
    public ResponseEntity<Object> delete(
            @PathVariable String clientId,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        Optional<StoredClient> stored = registered(clientId, authorization);
        if (stored.isEmpty()) {
            return invalidToken();
        }
        this.administration.delete(clientId, null, "registration:" + clientId);
        return ResponseEntity.noContent().build();
    }

    // RFC 7592 §2: a wrong token and an unknown client are answered alike, so neither is revealed
    private Optional<StoredClient> registered(String clientId, String authorization) {
        String token = bearer(authorization);
        if (token == null || clientId.length() > 100) {
            return Optional.empty();
        }
        Optional<String> hash = this.repository.registrationTokenHash(clientId);
        if (hash.isEmpty()
                || !MessageDigest.isEqual(
                        hash.get().getBytes(StandardCharsets.US_ASCII),
                        digest(token).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        return this.administration.find(clientId);
    }

    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }

    private static ResponseEntity<Object> invalidToken() {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("error", "invalid_token"));
    }

    // RFC 7591 §3.2.2: invalid_redirect_uri when a redirect URI is the problem, else invalid_client_metadata
    private static ResponseEntity<Object> invalidMetadata(List<Violation> problems) {
        boolean redirect = problems.stream()
                .anyMatch((v) -> v.field().equals("redirectUris") || v.field().equals("redirect_uris"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", redirect ? "invalid_redirect_uri" : "invalid_client_metadata");
        body.put(
                "error_description",
                problems.stream()
                        .map((v) -> RegistrationMetadata.member(v.field()) + ": " + v.message())
                        .collect(Collectors.joining("; ")));
        return ResponseEntity.badRequest()
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .contentType(MediaType.APPLICATION_JSON)
                .body(body);
    }

    private static String currentUri() {
        return ServletUriComponentsBuilder.fromCurrentRequestUri().build().toUriString();
    }

    private String randomValue(int bytes) {
        byte[] value = new byte[bytes];
        this.random.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    static String digest(String token) {
        return InitialAccessTokens.digest(token);
    }
}
