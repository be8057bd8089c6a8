package cn.yiwang.id.server.saml.registry;

import cn.yiwang.id.kit.registry.Change;
import cn.yiwang.id.kit.registry.Violation;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;

/**
 * Changes the SAML service-provider registry on behalf of an administrator, the bootstrap file or a
 * test: validates (including that an entity ID names one provider only), writes, records an audit
 * event with who changed which fields, and refreshes this node's {@link ServiceProviderRegistry} at once.
 */
@Component
public final class ServiceProviderAdministration {

    private static final Logger log = LoggerFactory.getLogger(ServiceProviderAdministration.class);

    private static final int MAX_ATTEMPTS = 3;

    private final ServiceProviderRepository repository;

    private final ServiceProviderRegistry registry;

    private final AuditLog audit;

    private final Clock clock;

    public ServiceProviderAdministration(
            ServiceProviderRepository repository, ServiceProviderRegistry registry, AuditLog audit, Clock clock) {
        this.repository = repository;
        this.registry = registry;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * The outcome of a save.
     *
     * @param stored what is stored now, with its version
     * @param change what the save did
     */
    public record Saved(VersionedServiceProvider stored, Change change) {}

    /** @return every provider with its version, from the database (not the cached snapshot) */
    public List<VersionedServiceProvider> findAll() {
        return this.repository.findAll();
    }

    /**
     * @param alias the provider's alias
     * @return the provider with its version, from the database, or empty
     */
    public Optional<VersionedServiceProvider> find(String alias) {
        return this.repository.findByAlias(alias);
    }

    /**
     * Creates or replaces a provider, whatever version is stored, as the system: for tests and tools.
     * The registry the SSO endpoints read is refreshed before this returns.
     * @param provider the provider; its alias names it
     * @return what is stored now
     * @throws InvalidServiceProviderException when a rule is broken
     */
    public VersionedServiceProvider save(ServiceProvider provider) {
        return save(provider, null, "system").stored();
    }

    /**
     * Creates or replaces a provider. Nothing is written (nor audited) when nothing changes.
     * @param provider the new state; its alias names the provider
     * @param expectedVersion the version the change is based on (the provider must then exist at that
     *     version), or null to create it or replace whatever is stored
     * @param actor who asks, for the audit log
     * @return what is stored now and what was done
     * @throws InvalidServiceProviderException when a rule is broken, including an entity ID that another
     *     provider has
     * @throws OptimisticLockingFailureException when {@code expectedVersion} is given and the provider is
     *     missing or at another version
     * @throws DuplicateKeyException when another provider took the entity ID at the same moment
     */
    public Saved save(ServiceProvider provider, Integer expectedVersion, String actor) {
        requireValid(provider);
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<VersionedServiceProvider> before = this.repository.findByAlias(provider.alias());
            if (expectedVersion != null
                    && before.map((b) -> b.version() != expectedVersion).orElse(true)) {
                throw new OptimisticLockingFailureException("Service provider '" + provider.alias() + "' is "
                        + before.map((b) -> "at version " + b.version()).orElse("missing") + ", not at version "
                        + expectedVersion);
            }
            try {
                if (before.isEmpty()) {
                    VersionedServiceProvider created = this.repository.create(provider);
                    changed("saml.sp.created", created.provider(), actor, List.of());
                    return new Saved(created, Change.CREATED);
                }
                List<String> fields =
                        ServiceProviderChanges.changedFields(before.get().provider(), provider);
                if (fields.isEmpty()) {
                    return new Saved(before.get(), Change.UNCHANGED);
                }
                Optional<VersionedServiceProvider> updated =
                        this.repository.update(provider, before.get().version());
                if (updated.isPresent()) {
                    changed("saml.sp.updated", updated.get().provider(), actor, fields);
                    return new Saved(updated.get(), Change.UPDATED);
                }
            } catch (DuplicateKeyException ex) {
                // a concurrent create of the same alias is compared again below; a taken entity ID is final
                if (before.isPresent()
                        || expectedVersion != null
                        || this.repository.findByAlias(provider.alias()).isEmpty()) {
                    throw ex;
                }
                log.debug("Service provider {} created concurrently, comparing again", provider.alias());
            } catch (OptimisticLockingFailureException ex) {
                // the caller's change was based on a version that is gone now
                if (expectedVersion != null) {
                    throw ex;
                }
                log.debug("Service provider {} changed concurrently, comparing again", provider.alias());
            }
        }
        throw new OptimisticLockingFailureException("Service provider " + provider.alias() + " kept changing while "
                + "it was saved; " + MAX_ATTEMPTS + " attempts failed");
    }

    /**
     * Deletes a provider.
     * @param alias its alias
     * @param expectedVersion the version the decision is based on, or null to delete whatever is stored
     * @param actor who asks, for the audit log
     * @return whether a provider was deleted
     * @throws OptimisticLockingFailureException when {@code expectedVersion} is given and differs
     */
    public boolean delete(String alias, Integer expectedVersion, String actor) {
        Optional<VersionedServiceProvider> before = this.repository.findByAlias(alias);
        boolean deleted = this.repository.delete(alias, expectedVersion);
        if (deleted) {
            String entityId = before.map((b) -> b.provider().entityId()).orElse("?");
            this.audit.record(new AuditEvent(
                    this.clock.instant(),
                    "saml.sp.deleted",
                    actor,
                    null,
                    alias,
                    null,
                    "success",
                    "entityId=" + entityId));
            log.info("SAML service provider {} ({}) deleted by {}", alias, entityId, actor);
            refreshRegistry();
        }
        return deleted;
    }

    /**
     * Every rule of {@link ServiceProviderValidator}, and that no other provider has the entity ID.
     * @param provider the provider to check
     * @return every violation, empty when the provider may be stored
     */
    public List<Violation> validate(ServiceProvider provider) {
        List<Violation> violations = new ArrayList<>(ServiceProviderValidator.validate(provider));
        if (provider.entityId() != null
                && violations.stream().noneMatch((v) -> v.field().equals("entityId"))) {
            this.repository
                    .findByEntityId(provider.entityId())
                    .filter((other) -> !other.alias().equals(provider.alias()))
                    .ifPresent((other) -> violations.add(new Violation(
                            "entityId",
                            "is already registered as the " + "service provider '" + other.alias()
                                    + "'; an entity ID names one provider only")));
        }
        return violations;
    }

    private void requireValid(ServiceProvider provider) {
        List<Violation> violations = validate(provider);
        if (!violations.isEmpty()) {
            throw new InvalidServiceProviderException(violations);
        }
    }

    private void changed(String type, ServiceProvider provider, String actor, List<String> fields) {
        String detail =
                "entityId=" + provider.entityId() + (fields.isEmpty() ? "" : "; changed: " + String.join(", ", fields));
        this.audit.record(
                new AuditEvent(this.clock.instant(), type, actor, null, provider.alias(), null, "success", detail));
        log.info(
                "SAML service provider {} {} by {}: {}",
                provider.alias(),
                type.substring("saml.sp.".length()),
                actor,
                fields.isEmpty() ? provider : "changed " + fields);
        refreshRegistry();
    }

    // the change is committed: a failed reload must not turn it into an error, the next periodic one catches up
    private void refreshRegistry() {
        try {
            this.registry.refresh();
        } catch (RuntimeException ex) {
            log.warn(
                    "SAML service-provider registry not refreshed after a change; the next periodic refresh "
                            + "will: {}",
                    ex.toString());
        }
    }
}
