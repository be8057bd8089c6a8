package cn.yiwang.id.federation.registry;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.federation.IdentityProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link IdentityProviderRegistry}: the in-memory snapshot, refreshed on local changes and periodically. */
@SpringBootTest(classes = FederationTestApplication.class)
class IdentityProviderRegistryIntegrationTests {

    @Autowired
    private IdentityProviderRegistry registry;

    @Autowired
    private IdentityProviderAdministration administration;

    @Autowired
    private IdentityProviderRepository repository;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private RecordingIdentityProviderAudit audit;

    private final List<String> created = new ArrayList<>();

    @AfterEach
    void deleteCreated() {
        this.created.forEach((alias) -> this.jdbc
                .sql("delete from identity_provider where alias = ?")
                .param(alias)
                .update());
        this.registry.refresh();
    }

    @Test
    void findEnabledWhenCreatedThroughThisNodeThenSeenAtOnce() {
        IdentityProvider provider = create(TestIdentityProviders.identityProvider());
        assertThat(this.registry.findEnabled(provider.alias()))
                .get()
                .satisfies((cached) -> assertThat(cached.clientSecret()).isEqualTo(provider.clientSecret()));
        assertThat(this.registry.loginPage())
                .extracting(IdentityProvider::alias)
                .contains(provider.alias());
        assertThat(this.registry.findEnabled(TestIdentityProviders.alias())).isEmpty();
        assertThat(this.registry.findEnabled(null)).isEmpty();
    }

    @Test
    void administrationWhenCreatedUpdatedDeletedThenEachChangeAuditedWithTheActorAndFieldNamesOnly() {
        IdentityProvider provider = create(TestIdentityProviders.identityProvider());
        IdentityProvider hidden = TestIdentityProviders.builder()
                .alias(provider.alias())
                .shownOnLoginPage(false)
                .clientSecret("another-secret-value")
                .build();
        this.administration.update(hidden, 1, "admin:sysadmin").orElseThrow();
        this.administration.delete(provider.alias(), 2, "admin:sysadmin");

        List<String> changes = this.audit.of(provider.alias());
        assertThat(changes).hasSize(3);
        assertThat(changes.get(0)).startsWith("idp.created " + provider.alias() + " ");
        assertThat(changes.get(1))
                .startsWith("idp.updated " + provider.alias() + " admin:sysadmin: version 1 -> 2, changed: ")
                .contains("clientSecret", "shownOnLoginPage")
                .doesNotContain("another-secret-value");
        assertThat(changes.get(2)).isEqualTo("idp.deleted " + provider.alias() + " admin:sysadmin: version 2");
    }

    @Test
    void loginPageWhenDisabledOrHiddenThroughThisNodeThenLeftOutAtOnce() {
        IdentityProvider provider = create(TestIdentityProviders.identityProvider());
        IdentityProvider hidden = TestIdentityProviders.builder()
                .alias(provider.alias())
                .shownOnLoginPage(false)
                .build();
        this.administration.update(hidden, 1, "test").orElseThrow();
        assertThat(this.registry.loginPage())
                .extracting(IdentityProvider::alias)
                .doesNotContain(provider.alias());
        assertThat(this.registry.findEnabled(provider.alias())).isPresent();
        IdentityProvider disabled = TestIdentityProviders.builder()
                .alias(provider.alias())
                .enabled(false)
                .build();
        this.administration.update(disabled, 2, "test").orElseThrow();
        assertThat(this.registry.findEnabled(provider.alias())).isEmpty();
        assertThat(this.registry.all()).extracting(IdentityProvider::alias).contains(provider.alias());
        this.administration.delete(provider.alias(), null, "test");
        assertThat(this.registry.all()).extracting(IdentityProvider::alias).doesNotContain(provider.alias());
    }

    @Test
    void loginPageWhenSeveralThenInTheirOrder() {
        String prefix = TestIdentityProviders.alias();
        create(TestIdentityProviders.builder()
                .alias(prefix + "-late")
                .order(-2000)
                .build());
        create(TestIdentityProviders.builder()
                .alias(prefix + "-early")
                .order(-2001)
                .build());
        assertThat(this.registry.loginPage())
                .extracting(IdentityProvider::alias)
                .containsSubsequence(prefix + "-early", prefix + "-late");
    }

    @Test
    void findEnabledWhenChangedByAnotherNodeThenSeenAfterThePeriodicRefresh() throws InterruptedException {
        IdentityProviderRegistry otherNodeView = new IdentityProviderRegistry(
                this.repository,
                new FederationRegistryProperties(FederationTestApplication.NO_BOOTSTRAP_FILE, Duration.ofMillis(200)));
        otherNodeView.afterPropertiesSet();
        otherNodeView.start();
        try {
            IdentityProvider provider = TestIdentityProviders.identityProvider();
            // written straight to the database, as another node would: this node's snapshot is not told
            this.repository.create(provider);
            this.created.add(provider.alias());
            assertThat(otherNodeView.findEnabled(provider.alias())).isEmpty();
            assertThat(awaitPresent(otherNodeView, provider.alias(), Duration.ofSeconds(5)))
                    .isPresent();
        } finally {
            otherNodeView.stop();
        }
        assertThat(otherNodeView.isRunning()).isFalse();
    }

    @Test
    void refreshWhenHundredsOfProvidersThenOneRepositoryQueryLoadsThemAll() {
        String prefix = TestIdentityProviders.alias();
        for (int i = 0; i < 300; i++) {
            IdentityProvider provider =
                    TestIdentityProviders.builder().alias(prefix + "-" + i).build();
            this.repository.create(provider);
            this.created.add(provider.alias());
        }
        AtomicInteger queries = new AtomicInteger();
        IdentityProviderRepository counting = new CountingRepository(this.repository, queries);
        IdentityProviderRegistry fresh = new IdentityProviderRegistry(
                counting,
                new FederationRegistryProperties(FederationTestApplication.NO_BOOTSTRAP_FILE, Duration.ofSeconds(15)));
        fresh.afterPropertiesSet();
        assertThat(queries).hasValue(1);
        assertThat(fresh.all())
                .extracting(IdentityProvider::alias)
                .filteredOn((alias) -> alias.startsWith(prefix))
                .hasSize(300);
        for (int i = 0; i < 300; i++) {
            assertThat(fresh.findEnabled(prefix + "-" + i)).isPresent();
        }
        assertThat(queries).hasValue(1);
    }

    private IdentityProvider create(IdentityProvider provider) {
        this.created.add(provider.alias());
        return this.administration.create(provider, "test").provider();
    }

    private static Optional<IdentityProvider> awaitPresent(
            IdentityProviderRegistry registry, String alias, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Optional<IdentityProvider> found = registry.findEnabled(alias);
            if (found.isPresent()) {
                return found;
            }
            Thread.sleep(50);
        }
        return Optional.empty();
    }

    /** Counts the reads the registry makes. */
    private record CountingRepository(IdentityProviderRepository delegate, AtomicInteger queries)
            implements IdentityProviderRepository {

        @Override
        public List<VersionedIdentityProvider> findAll() {
            this.queries.incrementAndGet();
            return this.delegate.findAll();
        }

        @Override
        public List<IdentityProvider> findEnabledForLoginPage() {
            this.queries.incrementAndGet();
            return this.delegate.findEnabledForLoginPage();
        }

        @Override
        public Optional<VersionedIdentityProvider> findByAlias(String alias) {
            this.queries.incrementAndGet();
            return this.delegate.findByAlias(alias);
        }

        @Override
        public VersionedIdentityProvider create(IdentityProvider provider) {
            return this.delegate.create(provider);
        }

        @Override
        public Optional<VersionedIdentityProvider> update(IdentityProvider provider, int expectedVersion) {
            return this.delegate.update(provider, expectedVersion);
        }

        @Override
        public boolean delete(String alias) {
            return this.delegate.delete(alias);
        }

        @Override
        public boolean delete(String alias, int expectedVersion) {
            return this.delegate.delete(alias, expectedVersion);
        }
    }
}
