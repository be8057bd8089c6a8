package cn.yiwang.id.federation.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.federation.IdentityProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link JdbcIdentityProviderRepository} on real PostgreSQL. */
@SpringBootTest(classes = FederationTestApplication.class)
class JdbcIdentityProviderRepositoryIntegrationTests {

    @Autowired
    private IdentityProviderRepository repository;

    @Autowired
    private JdbcClient jdbc;

    private final List<String> created = new ArrayList<>();

    @AfterEach
    void deleteCreated() {
        this.created.forEach((alias) -> this.jdbc
                .sql("delete from identity_provider where alias = ?")
                .param(alias)
                .update());
    }

    @Test
    void createWhenNewThenFoundByAliasAtVersionOne() {
        IdentityProvider provider = TestIdentityProviders.builder()
                .claimMapping("id_document_type", "cert_type")
                .trustLevel(AssuranceLevel.L3)
                .build();
        VersionedIdentityProvider stored = create(provider);
        assertThat(stored.version()).isEqualTo(1);
        assertThat(stored.provider().updatedAt()).isNotNull();
        assertThat(this.repository.findByAlias(provider.alias())).contains(stored);
        assertThat(stored.provider())
                .usingRecursiveComparison()
                .ignoringFields("updatedAt")
                .isEqualTo(provider);
    }

    @Test
    void findByAliasWhenUnknownThenEmpty() {
        assertThat(this.repository.findByAlias(TestIdentityProviders.alias())).isEmpty();
    }

    @Test
    void createWhenAliasTakenThenDuplicateKey() {
        IdentityProvider provider = TestIdentityProviders.identityProvider();
        create(provider);
        assertThatExceptionOfType(DuplicateKeyException.class).isThrownBy(() -> this.repository.create(provider));
    }

    @Test
    void createWhenSecretGivenThenRowHoldsOnlyCiphertext() {
        IdentityProvider provider = TestIdentityProviders.builder()
                .clientSecret("very-secret-value-42")
                .build();
        create(provider);
        Map<String, Object> row = this.jdbc
                .sql("select * from identity_provider where alias = ?")
                .param(provider.alias())
                .query()
                .singleRow();
        assertThat(row.toString()).doesNotContain("very-secret-value-42");
        assertThat((String) row.get("client_secret_encrypted")).startsWith("test-2:");
        assertThat(row.get("client_authentication")).isEqualTo("CLIENT_SECRET_BASIC");
        assertThat(row.get("scopes")).isEqualTo("openid profile");
        assertThat(row.get("claim_mappings")).isEqualTo("{\"id_number\":\"idcard\",\"name\":\"name\"}");
        assertThat(row.get("trust_level")).isEqualTo(2);
        assertThat(this.repository.findByAlias(provider.alias()))
                .get()
                .extracting((stored) -> stored.provider().clientSecret())
                .isEqualTo("very-secret-value-42");
    }

    @Test
    void createWhenPrivateKeyJwtThenNoSecretStored() {
        IdentityProvider provider =
                TestIdentityProviders.builder().privateKeyJwt().build();
        create(provider);
        assertThat(this.jdbc
                        .sql("select client_secret_encrypted from identity_provider where alias = ?")
                        .param(provider.alias())
                        .query(String.class)
                        .optional())
                .isEmpty();
        assertThat(this.repository.findByAlias(provider.alias()))
                .get()
                .extracting((stored) -> stored.provider().clientSecret())
                .isNull();
    }

    @Test
    void updateWhenVersionCurrentThenStoredAndVersionIncremented() {
        IdentityProvider provider = TestIdentityProviders.identityProvider();
        VersionedIdentityProvider v1 = create(provider);
        IdentityProvider changed = TestIdentityProviders.builder()
                .alias(provider.alias())
                .issuer("https://new.zj.example.gov.cn")
                .clientSecret("rotated")
                .enabled(false)
                .build();
        VersionedIdentityProvider v2 =
                this.repository.update(changed, v1.version()).orElseThrow();
        assertThat(v2.version()).isEqualTo(2);
        assertThat(this.repository.findByAlias(provider.alias())).contains(v2);
        assertThat(v2.provider().issuer()).isEqualTo("https://new.zj.example.gov.cn");
        assertThat(v2.provider().clientSecret()).isEqualTo("rotated");
        assertThat(v2.provider().enabled()).isFalse();
    }

    @Test
    void updateWhenVersionStaleThenOptimisticLockingFailureAndNothingChanged() {
        IdentityProvider provider = TestIdentityProviders.identityProvider();
        VersionedIdentityProvider v1 = create(provider);
        this.repository.update(provider, 1).orElseThrow();
        IdentityProvider lost = TestIdentityProviders.builder()
                .alias(provider.alias())
                .displayNameEn("Lost")
                .build();
        assertThatExceptionOfType(OptimisticLockingFailureException.class)
                .isThrownBy(() -> this.repository.update(lost, v1.version()))
                .withMessageContaining("is at version 2, not 1");
        assertThat(this.repository.findByAlias(provider.alias()))
                .get()
                .extracting((stored) -> stored.provider().displayNameEn())
                .isEqualTo("Zhejiang");
    }

    @Test
    void updateWhenUnknownThenEmpty() {
        assertThat(this.repository.update(TestIdentityProviders.identityProvider(), 1))
                .isEmpty();
    }

    @Test
    void deleteWhenExistsThenGone() {
        IdentityProvider provider = TestIdentityProviders.identityProvider();
        create(provider);
        assertThat(this.repository.delete(provider.alias())).isTrue();
        assertThat(this.repository.findByAlias(provider.alias())).isEmpty();
        assertThat(this.repository.delete(provider.alias())).isFalse();
    }

    @Test
    void deleteWhenVersionStaleThenOptimisticLockingFailureAndKept() {
        IdentityProvider provider = TestIdentityProviders.identityProvider();
        create(provider);
        this.repository.update(provider, 1).orElseThrow();
        assertThatExceptionOfType(OptimisticLockingFailureException.class)
                .isThrownBy(() -> this.repository.delete(provider.alias(), 1));
        assertThat(this.repository.delete(provider.alias(), 2)).isTrue();
        assertThat(this.repository.delete(provider.alias(), 2)).isFalse();
    }

    @Test
    void findAllWhenSeveralThenOrderedByOrderThenAlias() {
        String prefix = TestIdentityProviders.alias();
        IdentityProvider b = create(TestIdentityProviders.builder()
                        .alias(prefix + "-b")
                        .order(-1000)
                        .build())
                .provider();
        IdentityProvider a = create(TestIdentityProviders.builder()
                        .alias(prefix + "-a")
                        .order(-1000)
                        .build())
                .provider();
        IdentityProvider first = create(TestIdentityProviders.builder()
                        .alias(prefix + "-c")
                        .order(-1001)
                        .build())
                .provider();
        List<IdentityProvider> all = this.repository.findAll().stream()
                .map(VersionedIdentityProvider::provider)
                .toList();
        assertThat(all).containsSubsequence(first, a, b);
    }

    @Test
    void findEnabledForLoginPageWhenDisabledOrHiddenThenLeftOut() {
        IdentityProvider shown =
                create(TestIdentityProviders.identityProvider()).provider();
        IdentityProvider disabled =
                create(TestIdentityProviders.builder().enabled(false).build()).provider();
        IdentityProvider hidden = create(
                        TestIdentityProviders.builder().shownOnLoginPage(false).build())
                .provider();
        assertThat(this.repository.findEnabledForLoginPage()).contains(shown).doesNotContain(disabled, hidden);
    }

    private VersionedIdentityProvider create(IdentityProvider provider) {
        VersionedIdentityProvider stored = this.repository.create(provider);
        this.created.add(provider.alias());
        return stored;
    }
}
