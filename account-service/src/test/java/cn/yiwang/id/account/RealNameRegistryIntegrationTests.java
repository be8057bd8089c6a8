package cn.yiwang.id.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import cn.yiwang.id.account.realname.AssuranceEvidence;
import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.account.realname.IdentityAlreadyRegisteredException;
import cn.yiwang.id.account.realname.RealNameRegistry;
import cn.yiwang.id.account.realname.VerifiedIdentity;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link RealNameRegistry} on real PostgreSQL: levels, encrypted identities, one account per person. */
@SpringBootTest(classes = AccountTestApplication.class)
class RealNameRegistryIntegrationTests {

    @Autowired
    private AccountRepository accounts;

    @Autowired
    private RealNameRegistry registry;

    @Autowired
    private JdbcClient jdbc;

    private final List<UUID> created = new ArrayList<>();

    @AfterEach
    void deleteCreated() {
        for (UUID id : this.created) {
            this.jdbc
                    .sql("delete from assurance_evidence where account_id = ?")
                    .param(id)
                    .update();
            this.jdbc
                    .sql("delete from account_identity where account_id = ?")
                    .param(id)
                    .update();
            this.jdbc.sql("delete from account where id = ?").param(id).update();
        }
    }

    @Test
    void levelWhenNoEvidenceThenL1AndWhenVerifiedThenHighestLevel() {
        UUID account = account();
        assertThat(this.registry.level(account)).isEqualTo(AssuranceLevel.L1);

        this.registry.recordIdentity(account, identity(), evidence(AssuranceLevel.L2, "name-number"));
        assertThat(this.registry.level(account)).isEqualTo(AssuranceLevel.L2);

        this.registry.recordEvidence(account, evidence(AssuranceLevel.L3, "face-match"));
        assertThat(this.registry.level(account)).isEqualTo(AssuranceLevel.L3);
        assertThat(this.registry.evidenceOf(account))
                .extracting(AssuranceEvidence::method)
                .containsExactly("name-number", "face-match");
    }

    @Test
    void recordIdentityWhenStoredThenDecryptsAndRowHoldsNoPlaintext() {
        UUID account = account();
        VerifiedIdentity identity = identity();

        this.registry.recordIdentity(account, identity, evidence(AssuranceLevel.L2, "name-number"));

        assertThat(this.registry.identityOf(account)).contains(identity);
        Map<String, Object> row = this.jdbc
                .sql("select * from account_identity where account_id = ?")
                .param(account)
                .query()
                .singleRow();
        assertThat(row.values())
                .allSatisfy((value) -> assertThat(String.valueOf(value))
                        .doesNotContain(identity.number())
                        .doesNotContain(identity.realName()));
        assertThat(identity.toString()).doesNotContain(identity.number());
    }

    @Test
    void recordIdentityWhenNumberHeldByAnotherAccountThenRefusedAndNothingWritten() {
        UUID first = account();
        UUID second = account();
        VerifiedIdentity identity = identity();
        this.registry.recordIdentity(first, identity, evidence(AssuranceLevel.L2, "name-number"));

        assertThat(this.registry.isRegisteredToAnother(second, identity.number().toLowerCase()))
                .isTrue();
        assertThat(this.registry.isRegisteredToAnother(first, identity.number()))
                .isFalse();
        assertThatExceptionOfType(IdentityAlreadyRegisteredException.class)
                .isThrownBy(() ->
                        this.registry.recordIdentity(second, identity, evidence(AssuranceLevel.L2, "name-number")));

        assertThat(this.registry.level(second)).isEqualTo(AssuranceLevel.L1);
        assertThat(this.registry.identityOf(second)).isEmpty();
    }

    private UUID account() {
        UUID id = this.accounts
                .create(new NewAccount(TestAccounts.username(), null, "correct horse"))
                .id();
        this.created.add(id);
        return id;
    }

    /** A unique, checksum-valid resident ID number per test, so tests never collide. */
    private static VerifiedIdentity identity() {
        String body = "110105" + (1950 + ThreadLocalRandom.current().nextInt(50)) + "0101"
                + String.format("%03d", ThreadLocalRandom.current().nextInt(1000));
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body.charAt(i) - '0') * weights[i];
        }
        return new VerifiedIdentity("resident-id", body + "10X98765432".charAt(sum % 11), "测试用户");
    }

    private static AssuranceEvidence evidence(AssuranceLevel level, String method) {
        return new AssuranceEvidence(
                level, method, "sandbox", "tx-1", null, Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }
}
