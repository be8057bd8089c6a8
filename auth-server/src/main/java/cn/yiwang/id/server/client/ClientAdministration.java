package cn.yiwang.id.server.client;

import cn.yiwang.id.kit.registry.Change;
import cn.yiwang.id.kit.registry.Violation;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * Changes the relying-party registry on behalf of an administrator, the bootstrap file or a dynamic
 * registration: validates (the same rules for all three), writes with optimistic locking, records an
 * audit event naming who changed which fields, and refreshes this node's {@link ClientRegistry} at once.
 */
public final class ClientAdministration {

    private static final Logger log = LoggerFactory.getLogger(ClientAdministration.class);

    private final JdbcClientRepository repository;

    private final ClientRegistry registry;

    private final Validator validator;

    private final SectorIdentifiers sectors;

    private final AuditLog audit;

    private final Clock clock;

    private final SecureRandom random = new SecureRandom();

    private final Sha256SecretEncoder secrets = new Sha256SecretEncoder();

    public ClientAdministration(
            JdbcClientRepository repository,
            ClientRegistry registry,
            Validator validator,
            SectorIdentifiers sectors,
            AuditLog audit,
            Clock clock) {
        this.repository = repository;
        this.registry = registry;
        this.validator = validator;
        this.sectors = sectors;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * The outcome of a save.
     *
     * @param stored what is stored now
     * @param change what the save did
     */
    public record Saved(StoredClient stored, Change change) {}

    /** Every client, from the database. */
    public List<StoredClient> findAll() {
        return this.repository.findAll();
    }

    public Optional<StoredClient> find(String clientId) {
        return this.repository.findByClientId(clientId);
    }

    /**
     * Every rule a client must meet: field formats, {@link ClientDefinitionRules}, and for a pairwise client
     * with a sector identifier URI, that the document there lists every redirect URI.
     * @return the violations, field names as in the admin API (camel case); empty when the client may be stored
     */
    public List<Violation> validate(ClientDefinition definition) {
        List<Violation> violations = new ArrayList<>();
        for (ConstraintViolation<ClientDefinition> violation : this.validator.validate(definition)) {
            violations.add(new Violation(violation.getPropertyPath().toString(), violation.getMessage()));
        }
        for (String problem : ClientDefinitionRules.violations(definition)) {
            int colon = problem.indexOf(": ");
            violations.add(
                    (colon > 0)
                            ? new Violation(camelCase(problem.substring(0, colon)), problem.substring(colon + 2))
                            : new Violation("", problem));
        }
        if (violations.isEmpty() && definition.isPairwise() && definition.sectorIdentifierUri() != null) {
            this.sectors
                    .problem(definition.sectorIdentifierUri(), definition.redirectUris())
                    .ifPresent((problem) -> violations.add(new Violation("sectorIdentifierUri", problem)));
        }
        return violations;
    }

    /**
     * Creates or replaces a client. Nothing is written (nor audited) when nothing changes.
     * @param definition the new state; its client id names the client
     * @param expectedVersion the version the change is based on (the client must then exist at it), or null to
     *     create the client or replace whatever is stored
     * @param actor who asks, for the audit log
     * @param managedBy {@code bootstrap}, {@code admin} or {@code registration}
     * @throws InvalidClientException when a rule is broken
     * @throws OptimisticLockingFailureException when {@code expectedVersion} is given and differs
     */
    public Saved save(ClientDefinition definition, Integer expectedVersion, String actor, String managedBy) {
        List<Violation> violations = validate(definition);
        if (!violations.isEmpty()) {
            throw new InvalidClientException(violations);
        }
        for (int attempt = 1; attempt <= 3; attempt++) {
            Optional<StoredClient> before = this.repository.findByClientId(definition.clientId());
            if (expectedVersion != null
                    && before.map((b) -> b.version() != expectedVersion).orElse(true)) {
                throw new OptimisticLockingFailureException("Client '" + definition.clientId() + "' is "
                        + before.map((b) -> "at version " + b.version()).orElse("missing") + ", not at version "
                        + expectedVersion);
            }
            try {
                if (before.isEmpty()) {
                    StoredClient created = this.repository.create(definition, managedBy);
                    changed("client.created", created, actor, List.of());
                    return new Saved(created, Change.CREATED);
                }
                List<String> fields = changedFields(before.get().definition(), definition);
                if (fields.isEmpty() && managedBy.equals(before.get().managedBy())) {
                    return new Saved(before.get(), Change.UNCHANGED);
                }
                Optional<StoredClient> updated = this.repository.update(before.get(), definition, managedBy);
                if (updated.isPresent()) {
                    changed("client.updated", updated.get(), actor, fields);
                    return new Saved(updated.get(), Change.UPDATED);
                }
            } catch (DuplicateKeyException ex) {
                if (before.isPresent() || expectedVersion != null) {
                    throw ex;
                }
                log.debug("Client {} created concurrently, comparing again", definition.clientId());
            } catch (OptimisticLockingFailureException ex) {
                if (expectedVersion != null) {
                    throw ex;
                }
                log.debug("Client {} changed concurrently, comparing again", definition.clientId());
            }
        }
        throw new OptimisticLockingFailureException(
                "Client " + definition.clientId() + " kept changing while it was saved");
    }

    /**
     * Gives a confidential client a new random secret; the old one stops working at once.
     * @return the new secret, in plain text: it is shown once and stored only hashed
     */
    public RotatedSecret rotateSecret(String clientId, Integer expectedVersion, String actor) {
        StoredClient before = this.repository
                .findByClientId(clientId)
                .orElseThrow(() -> new OptimisticLockingFailureException("Client '" + clientId + "' is missing"));
        ClientDefinition definition = definitionOf(before);
        if (!definition.authenticationMethods().stream().anyMatch(ClientDefinition.SECRET_METHODS::contains)) {
            throw new InvalidClientException(List.of(new Violation(
                    "tokenEndpointAuthMethod",
                    "is " + definition.authenticationMethods().get(0) + ": this client has no secret to rotate")));
        }
        if (expectedVersion != null && before.version() != expectedVersion) {
            throw new OptimisticLockingFailureException("Client '" + clientId + "' is at version " + before.version());
        }
        byte[] bytes = new byte[32];
        this.random.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        StoredClient stored = this.repository
                .update(
                        before,
                        definition.withClientSecret("{sha256}" + this.secrets.encode(secret)),
                        before.managedBy())
                .orElseThrow(() -> new OptimisticLockingFailureException("Client '" + clientId + "' is missing"));
        record("client.secret-rotated", stored, actor, "secret rotated");
        refreshRegistry();
        return new RotatedSecret(stored, secret);
    }

    /**
     * A new secret and the client that now has it.
     *
     * @param stored the client as stored now
     * @param secret the secret in plain text
     */
    public record RotatedSecret(StoredClient stored, String secret) {}

    /**
     * Deletes a client.
     * @return whether one was deleted
     * @throws OptimisticLockingFailureException when {@code expectedVersion} is given and differs
     */
    public boolean delete(String clientId, Integer expectedVersion, String actor) {
        Optional<StoredClient> before = this.repository.findByClientId(clientId);
        boolean deleted = this.repository.delete(clientId, expectedVersion);
        if (deleted) {
            before.ifPresent((b) -> record("client.deleted", b, actor, "managed by " + b.managedBy()));
            log.info("Client {} deleted by {}", clientId, actor);
            refreshRegistry();
        }
        return deleted;
    }

    /** The definition of a stored client; one from before the registry kept definitions is rebuilt from it. */
    public static ClientDefinition definitionOf(StoredClient stored) {
        return (stored.definition() != null) ? stored.definition() : LegacyClients.definition(stored.client());
    }

    private void changed(String type, StoredClient stored, String actor, List<String> fields) {
        record(
                type,
                stored,
                actor,
                fields.isEmpty() ? "managed by " + stored.managedBy() : "changed: " + String.join(", ", fields));
        log.info(
                "Client {} {} by {}{}",
                stored.clientId(),
                type.substring("client.".length()),
                actor,
                fields.isEmpty() ? "" : ": changed " + fields);
        refreshRegistry();
    }

    private void record(String type, StoredClient stored, String actor, String detail) {
        this.audit.record(
                new AuditEvent(this.clock.instant(), type, actor, null, stored.clientId(), null, "success", detail));
    }

    // the change is committed: a failed reload must not turn it into an error, the next periodic one catches up
    private void refreshRegistry() {
        try {
            this.registry.refresh();
        } catch (RuntimeException ex) {
            log.warn("Client registry not refreshed after a change; the next periodic refresh will: {}", ex.toString());
        }
    }

    /** The names of the fields that differ (the secret by name only), in declaration order. */
    static List<String> changedFields(ClientDefinition before, ClientDefinition after) {
        return (before == null) ? List.of("definition") : ClientChanges.FIELDS.changedFields(before, after);
    }

    // redirect-uris -> redirectUris, as the admin API names the field
    static String camelCase(String kebab) {
        StringBuilder name = new StringBuilder();
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return name.toString();
    }
}
