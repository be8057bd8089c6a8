package cn.yiwang.id.server.keys;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.server.config.AuthServerSchemaConfiguration;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyUse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Key rotation on the migrated schema (H2 in PostgreSQL mode, as the embedded default runs it; PostgreSQL itself is
 * covered by the two-node integration test): bootstrap, the schedule, rotation on demand, retention, and nodes that
 * agree on the active key at every instant because activation is stored as a time.
 */
class SigningKeyRotationH2Tests {

    private static final String MASTER_KEY = "dGVzdC1vbmx5LW1hc3Rlci1rZXktMzItYnl0ZXMhISE=";

    private static final Duration PERIOD = Duration.ofDays(90);

    private static final Duration PUBLICATION = Duration.ofDays(7);

    private static final Duration RETENTION = Duration.ofDays(2);

    private final TestClock clock = new TestClock(Instant.parse("2026-03-01T00:00:00Z"));

    private final List<SigningKeys> nodes = new ArrayList<>();

    private DataSource dataSource;

    @BeforeEach
    void migrate() {
        this.dataSource = new DriverManagerDataSource(
                "jdbc:h2:mem:" + UUID.randomUUID()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                "sa",
                "");
        new AuthServerSchemaConfiguration().authServerFlyway(this.dataSource).migrate();
    }

    @AfterEach
    void stopNodes() {
        this.nodes.forEach(SigningKeys::close);
    }

    @Test
    void startWhenNoKeysThenEachRoleAndAlgorithmGetsAnActiveAndANextKeyPublishedWithItsUse() {
        SigningKeys keys = node();

        for (KeyRole role : KeyRole.values()) {
            for (com.nimbusds.jose.Algorithm algorithm : role.algorithms()) {
                List<StoredKey> line = keys.ring().of(role, algorithm.getName());
                assertThat(line).hasSize(2);
                assertThat(line.get(0).activatesAt()).isEqualTo(this.clock.instant());
                assertThat(line.get(1).activatesAt())
                        .isEqualTo(this.clock.instant().plus(PERIOD));
                assertThat(line)
                        .allSatisfy((key) -> assertThat(key.jwk().getKeyUse()).isEqualTo(role.use()));
                assertThat(keys.active(role, algorithm.getName())).isEqualTo(line.get(0));
            }
            assertThat(keys.published(role)).hasSize(2 * role.algorithms().size());
        }
        assertThat(keys.published(KeyRole.SAML_IDP_SIGNING))
                .allSatisfy((key) -> assertThat(key.certificate()).isNotNull());
    }

    @Test
    void scheduleWhenRotationPeriodPassesThenNextKeySignsOnTimeAndANewNextIsPublished() {
        SigningKeys keys = node();
        StoredKey first = keys.active(KeyRole.OIDC_SIGNING, "RS256");
        StoredKey next = keys.ring().of(KeyRole.OIDC_SIGNING, "RS256").get(1);

        this.clock.set(next.activatesAt().minusMillis(1));
        assertThat(keys.active(KeyRole.OIDC_SIGNING, "RS256")).isEqualTo(first);
        this.clock.set(next.activatesAt());
        assertThat(keys.active(KeyRole.OIDC_SIGNING, "RS256").kid()).isEqualTo(next.kid());
        keys.refresh();

        List<StoredKey> line = keys.ring().of(KeyRole.OIDC_SIGNING, "RS256");
        assertThat(line)
                .extracting(StoredKey::kid)
                .startsWith(first.kid(), next.kid())
                .hasSize(3);
        assertThat(line.get(2).activatesAt()).isEqualTo(next.activatesAt().plus(PERIOD));
        assertThat(keys.published(KeyRole.OIDC_SIGNING))
                .as("the active key first, then the new next key, then the retired one")
                .extracting(StoredKey::kid)
                .containsSubsequence(next.kid(), line.get(2).kid(), first.kid());
    }

    @Test
    void scheduleWhenKeysChangeThenEachChangeIsToldAfterCommitForTheAuditTrail() {
        SigningKeys keys = node();
        List<String> told = new ArrayList<>();
        keys.store().onChange((type, detail) -> told.add(type + " " + detail));
        StoredKey next = keys.ring().of(KeyRole.OIDC_SIGNING, "RS256").get(1);

        this.clock.set(next.activatesAt());
        keys.refresh();

        assertThat(told).isNotEmpty().allSatisfy((line) -> assertThat(line).startsWith("keys.generated "));
        assertThat(told).anySatisfy((line) -> assertThat(line).contains("oidc-signing key oidc-signing-rs256-"));
    }

    @Test
    void retentionWhenPassedThenAuditSigningKeysAreKeptForOldCheckpoints() {
        SigningKeys keys = node();
        StoredKey first = keys.active(KeyRole.AUDIT_SIGNING, "ES256");
        StoredKey next = keys.ring().of(KeyRole.AUDIT_SIGNING, "ES256").get(1);
        this.clock.set(next.activatesAt());
        keys.refresh();

        this.clock.set(next.activatesAt().plus(RETENTION).plusSeconds(1));
        keys.refresh();

        assertThat(keys.ring().keys()).extracting(StoredKey::kid).contains(first.kid());
        assertThat(keys.ring().state(first, this.clock.instant(), RETENTION)).isEqualTo(KeyRing.State.RETIRED);
    }

    @Test
    void retentionWhenPassedThenRetiredKeyUnpublishedAndRemoved() {
        SigningKeys keys = node();
        StoredKey first = keys.active(KeyRole.OIDC_SIGNING, "ES256");
        StoredKey next = keys.ring().of(KeyRole.OIDC_SIGNING, "ES256").get(1);
        this.clock.set(next.activatesAt());
        keys.refresh();

        this.clock.set(next.activatesAt().plus(RETENTION).minusSeconds(1));
        assertThat(keys.published(KeyRole.OIDC_SIGNING))
                .extracting(StoredKey::kid)
                .contains(first.kid());
        this.clock.set(next.activatesAt().plus(RETENTION));
        assertThat(keys.published(KeyRole.OIDC_SIGNING))
                .extracting(StoredKey::kid)
                .doesNotContain(first.kid());
        keys.refresh();

        assertThat(keys.ring().keys()).extracting(StoredKey::kid).doesNotContain(first.kid());
    }

    @Test
    void rotateWhenNextKeyPublishedLongEnoughThenItSignsOnceEveryNodeCanKnowIt() {
        SigningKeys keys = node();
        StoredKey first = keys.active(KeyRole.SAML_IDP_SIGNING, "RS256");
        StoredKey next = keys.ring().of(KeyRole.SAML_IDP_SIGNING, "RS256").get(1);
        this.clock.advance(PUBLICATION.plusDays(1));

        List<StoredKey> activating = keys.store().rotate(KeyRole.SAML_IDP_SIGNING);
        keys.refresh();

        Instant at = this.clock.instant().plus(properties().activationDelay());
        assertThat(activating).singleElement().satisfies((key) -> {
            assertThat(key.kid()).isEqualTo(next.kid());
            assertThat(key.activatesAt()).isEqualTo(at);
        });
        assertThat(keys.active(KeyRole.SAML_IDP_SIGNING, "RS256")).isEqualTo(first);
        this.clock.set(at);
        assertThat(keys.active(KeyRole.SAML_IDP_SIGNING, "RS256").kid()).isEqualTo(next.kid());
        assertThat(keys.active(KeyRole.OIDC_SIGNING, "RS256").kid())
                .as("other roles rotate on their own")
                .isEqualTo(keys.ring().of(KeyRole.OIDC_SIGNING, "RS256").get(0).kid());
    }

    @Test
    void rotateWhenNextKeyPublishedTooShortlyThenItWaitsForThePublicationPeriod() {
        SigningKeys keys = node();
        StoredKey next = keys.ring().of(KeyRole.OIDC_SIGNING, "RS256").get(1);
        this.clock.advance(Duration.ofDays(1));

        List<StoredKey> activating = keys.store().rotate(KeyRole.OIDC_SIGNING);

        assertThat(activating)
                .filteredOn((key) -> key.algorithm().equals("RS256"))
                .singleElement()
                .satisfies((key) ->
                        assertThat(key.activatesAt()).isEqualTo(next.createdAt().plus(PUBLICATION)));
    }

    @Test
    void nodesWhenSharingTheDatabaseThenAgreeOnTheActiveKeyAtEveryInstant() throws Exception {
        SigningKeys a = node();
        SigningKeys b = node();
        this.clock.advance(PUBLICATION.plusDays(1));
        List<StoredKey> activating = a.store().rotate(KeyRole.OIDC_SIGNING);
        a.refresh();
        b.refresh();
        Instant at = activating.get(0).activatesAt();

        for (Instant instant : List.of(at.minusMillis(1), at, at.plusMillis(1))) {
            this.clock.set(instant);
            for (String algorithm : List.of("RS256", "ES256")) {
                assertThat(b.active(KeyRole.OIDC_SIGNING, algorithm))
                        .as("%s at %s", algorithm, instant)
                        .isEqualTo(a.active(KeyRole.OIDC_SIGNING, algorithm));
            }
        }
        // at activation every node runs the maintenance at once: exactly one new next key comes out of it
        ExecutorService both = Executors.newFixedThreadPool(2);
        try {
            List<Future<Boolean>> results = both.invokeAll(List.<Callable<Boolean>>of(
                    () -> a.store().maintain(), () -> b.store().maintain()));
            assertThat(results.get(0).get() ^ results.get(1).get()).isTrue();
        } finally {
            both.shutdown();
        }
        a.refresh();
        b.refresh();
        assertThat(a.ring().of(KeyRole.OIDC_SIGNING, "RS256")).hasSize(3);
        assertThat(b.ring().keys()).isEqualTo(a.ring().keys());
    }

    @Test
    void sourcesWhenRotatedThenSignWithTheActiveKeyOnlyAndPublishEveryLiveKeyPublicly() throws Exception {
        SigningKeys keys = node();
        StoredKey first = keys.active(KeyRole.OIDC_SIGNING, "RS256");
        StoredKey next = keys.ring().of(KeyRole.OIDC_SIGNING, "RS256").get(1);
        this.clock.set(next.activatesAt());
        keys.refresh();
        JWKSelector rs256 = new JWKSelector(new JWKMatcher.Builder()
                .algorithms(JWSAlgorithm.RS256, null)
                .keyUses(KeyUse.SIGNATURE, null)
                .build());

        List<JWK> signing = keys.signingSource().get(rs256, null);
        List<JWK> published = keys.publishedSource().get(new JWKSelector(new JWKMatcher.Builder().build()), null);

        assertThat(signing).singleElement().satisfies((jwk) -> {
            assertThat(jwk.getKeyID()).isEqualTo(next.kid());
            assertThat(jwk.isPrivate()).isTrue();
        });
        assertThat(published)
                .extracting(JWK::getKeyID)
                .contains(first.kid(), next.kid())
                .as("active, next and retired of RS256 and of ES256")
                .hasSize(6);
        assertThat(published).noneMatch(JWK::isPrivate);
    }

    private SigningKeys node() {
        SigningKeyStore store = new SigningKeyStore(
                JdbcClient.create(this.dataSource),
                new TransactionTemplate(new DataSourceTransactionManager(this.dataSource)),
                properties(),
                this.clock);
        SigningKeys keys = new SigningKeys(store, properties(), this.clock);
        this.nodes.add(keys);
        return keys;
    }

    private static SigningKeyProperties properties() {
        return new SigningKeyProperties(MASTER_KEY, PERIOD, PUBLICATION, RETENTION, Duration.ofMinutes(10));
    }

    /** A clock the test moves. */
    static final class TestClock extends Clock {

        private volatile Instant now;

        TestClock(Instant start) {
            this.now = start;
        }

        void set(Instant instant) {
            this.now = instant;
        }

        void advance(Duration duration) {
            this.now = this.now.plus(duration);
        }

        @Override
        public Instant instant() {
            return this.now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
