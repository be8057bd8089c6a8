package cn.yiwang.id.federation.registry;

import cn.yiwang.id.federation.IdentityProvider;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;

/**
 * Changes the identity-provider registry on behalf of an administrator or the bootstrap file:
 * validates, writes, logs and audits ({@link IdentityProviderAudit}) who changed what (never the secret), and
 * refreshes this node's {@link IdentityProviderRegistry} at once.
 */
@Component
public final class IdentityProviderAdministration {

    private static final Logger log = LoggerFactory.getLogger(IdentityProviderAdministration.class);

    private final IdentityProviderRepository repository;

    private final IdentityProviderRegistry registry;

    private final IdentityProviderAudit audit;

    public IdentityProviderAdministration(
            IdentityProviderRepository repository,
            IdentityProviderRegistry registry,
            ObjectProvider<IdentityProviderAudit> audit) {
        this.repository = repository;
        this.registry = registry;
        this.audit = audit.getIfAvailable(() -> (type, alias, actor, detail) -> {});
    }

    /** @return every provider with its version, from the database (not the cached snapshot) */
    public List<VersionedIdentityProvider> findAll() {
        return this.repository.findAll();
    }

    /**
     * @param alias the provider's alias
     * @return the provider with its version, from the database, or empty
     */
    public Optional<VersionedIdentityProvider> find(String alias) {
        return this.repository.findByAlias(alias);
    }

    /**
     * Creates a provider.
     * @param provider the new provider
     * @param actor who asks, for the audit log
     * @return what was stored, at version 1
     * @throws InvalidIdentityProviderException when a rule is broken
     * @throws org.springframework.dao.DuplicateKeyException when the alias is taken
     */
    public VersionedIdentityProvider create(IdentityProvider provider, String actor) {
        IdentityProviderValidator.requireValid(provider);
        VersionedIdentityProvider created = this.repository.create(provider);
        log.info("Identity provider {} created by {}: {}", provider.alias(), actor, created.provider());
        this.audit.changed("idp.created", provider.alias(), actor, "version " + created.version());
        refreshRegistry();
        return created;
    }

    /**
     * Replaces a provider if nobody changed it since the caller read it.
     * @param provider the new state; its alias names the provider
     * @param expectedVersion the version the change is based on
     * @param actor who asks, for the audit log
     * @return what was stored, or empty when no provider has this alias
     * @throws InvalidIdentityProviderException when a rule is broken
     * @throws OptimisticLockingFailureException when the stored version is not {@code expectedVersion}
     */
    public Optional<VersionedIdentityProvider> update(IdentityProvider provider, int expectedVersion, String actor) {
        IdentityProviderValidator.requireValid(provider);
        Optional<VersionedIdentityProvider> before = this.repository.findByAlias(provider.alias());
        if (before.isEmpty()) {
            return Optional.empty();
        }
        Optional<VersionedIdentityProvider> updated = this.repository.update(provider, expectedVersion);
        updated.ifPresent((after) -> {
            // field names only: the secret's value must never reach a log
            log.info(
                    "Identity provider {} updated by {} (version {} -> {}), changed: {}",
                    provider.alias(),
                    actor,
                    expectedVersion,
                    after.version(),
                    IdentityProviderChanges.changedFields(before.get().provider(), after.provider()));
            this.audit.changed(
                    "idp.updated",
                    provider.alias(),
                    actor,
                    "version " + expectedVersion + " -> " + after.version() + ", changed: "
                            + String.join(
                                    ", ",
                                    IdentityProviderChanges.changedFields(
                                            before.get().provider(), after.provider())));
            refreshRegistry();
        });
        return updated;
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
        boolean deleted = (expectedVersion != null)
                ? this.repository.delete(alias, expectedVersion)
                : this.repository.delete(alias);
        if (deleted) {
            log.info("Identity provider {} deleted by {}", alias, actor);
            this.audit.changed(
                    "idp.deleted",
                    alias,
                    actor,
                    (expectedVersion != null) ? "version " + expectedVersion : "any version");
            refreshRegistry();
        }
        return deleted;
    }

    // the change is committed: a failed reload must not turn it into an error, the next periodic one catches up
    private void refreshRegistry() {
        try {
            this.registry.refresh();
        } catch (RuntimeException ex) {
            log.warn(
                    "Identity-provider registry not refreshed after a change; the next periodic refresh will: {}",
                    ex.toString());
        }
    }
}
