package cn.yiwang.id.server.saml.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import cn.yiwang.id.kit.registry.Change;
import cn.yiwang.id.kit.registry.Violation;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.dao.OptimisticLockingFailureException;

/** {@link ServiceProviderAdministration}: create or replace, versions, unique entity IDs, the registry kept fresh. */
class ServiceProviderAdministrationTests {

    private final InMemoryServiceProviderRepository repository = new InMemoryServiceProviderRepository();

    private final ServiceProviderRegistry registry = new ServiceProviderRegistry(
            this.repository,
            new ServiceProviderRegistryProperties(
                    "file:none.yml", Duration.ofSeconds(15), Duration.ofSeconds(2), Duration.ofHours(6)));

    private final List<AuditEvent> events = new ArrayList<>();

    private final ServiceProviderAdministration administration = new ServiceProviderAdministration(
            this.repository, this.registry, new RecordingAuditLog(this.events), Clock.systemUTC());

    @Test
    void saveWhenNewThenChangedThenSameThenCreatedUpdatedUnchangedAndRegistryFresh() {
        TestServiceProviders.Builder builder = TestServiceProviders.builder();
        ServiceProvider provider = builder.build();

        assertThat(this.administration.save(provider, null, "admin:a").change()).isEqualTo(Change.CREATED);
        assertThat(this.registry.findEnabledByEntityId(provider.entityId())).isPresent();

        ServiceProvider disabled = builder.enabled(false).build();
        ServiceProviderAdministration.Saved saved = this.administration.save(disabled, 1, "admin:a");
        assertThat(saved.change()).isEqualTo(Change.UPDATED);
        assertThat(saved.stored().version()).isEqualTo(2);
        assertThat(this.registry.findEnabledByEntityId(provider.entityId())).isEmpty();
        assertThat(this.registry.findByAlias(provider.alias())).isPresent();

        assertThat(this.administration.save(disabled, null, "admin:a").change()).isEqualTo(Change.UNCHANGED);
        assertThat(this.events).extracting(AuditEvent::type).containsExactly("saml.sp.created", "saml.sp.updated");
        assertThat(this.events.get(1).detail()).isEqualTo("entityId=" + provider.entityId() + "; changed: enabled");
    }

    @Test
    void saveWhenExpectedVersionStaleOrMissingThenOptimisticLockingFailure() {
        ServiceProvider provider = TestServiceProviders.serviceProvider();
        this.administration.save(provider);

        assertThatExceptionOfType(OptimisticLockingFailureException.class)
                .isThrownBy(() -> this.administration.save(provider, 2, "admin:a"));
        assertThatExceptionOfType(OptimisticLockingFailureException.class)
                .isThrownBy(() -> this.administration.save(TestServiceProviders.serviceProvider(), 1, "admin:a"));
    }

    @Test
    void saveWhenEntityIdOfAnotherAliasThenViolationAndNothingStored() {
        ServiceProvider first = TestServiceProviders.serviceProvider();
        this.administration.save(first);
        ServiceProvider second =
                TestServiceProviders.builder().entityId(first.entityId()).build();

        assertThatExceptionOfType(InvalidServiceProviderException.class)
                .isThrownBy(() -> this.administration.save(second))
                .satisfies((ex) -> assertThat(ex.violations())
                        .containsExactly(new Violation(
                                "entityId",
                                "is already registered as the service provider '" + first.alias()
                                        + "'; an entity ID names one provider only")));
        assertThat(this.repository.findByAlias(second.alias())).isEmpty();
    }

    @Test
    void deleteWhenPresentThenGoneFromRegistryAndAudited() {
        ServiceProvider provider = TestServiceProviders.serviceProvider();
        this.administration.save(provider);

        assertThat(this.administration.delete(provider.alias(), null, "admin:a"))
                .isTrue();
        assertThat(this.registry.all()).isEmpty();
        assertThat(this.administration.delete(provider.alias(), null, "admin:a"))
                .isFalse();
        assertThat(this.events).extracting(AuditEvent::type).containsExactly("saml.sp.created", "saml.sp.deleted");
    }

    /** Keeps audit events in a list. */
    record RecordingAuditLog(List<AuditEvent> events) implements AuditLog {

        @Override
        public void record(AuditEvent event) {
            this.events.add(event);
        }

        @Override
        public List<AuditEvent> forSession(String sessionId) {
            return List.of();
        }

        @Override
        public List<AuditEvent> forAccount(String accountId, int limit) {
            return List.of();
        }
    }
}
