package cn.yiwang.id.account.deletion;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.account.AccountTestApplication;
import cn.yiwang.id.account.NewAccount;
import cn.yiwang.id.account.consent.RegistrationConsents;
import cn.yiwang.id.account.realname.AssuranceEvidence;
import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.account.realname.RealNameRegistry;
import cn.yiwang.id.account.realname.VerifiedIdentity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The cooling-off period and the erasure of {@link AccountDeletion}, with a clock the test moves. */
@SpringBootTest(classes = AccountTestApplication.class)
class AccountDeletionIntegrationTests {

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private TransactionTemplate transactions;

    @Autowired
    private AccountRepository accounts;

    @Autowired
    private RealNameRegistry realNames;

    @Autowired
    private RegistrationConsents consents;

    private final List<UUID> erasedByOtherModules = new ArrayList<>();

    private Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    private AccountDeletion deletion;

    @BeforeEach
    void deletion() {
        Clock clock = new Clock() {
            @Override
            public Instant instant() {
                return AccountDeletionIntegrationTests.this.now;
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
        this.deletion =
                new AccountDeletion(this.jdbc, this.transactions, () -> List.of(this.erasedByOtherModules::add), clock);
    }

    @Test
    void eraseWhenCoolingOffNotOverThenNothingHappens() {
        UUID account = account();
        Instant eraseAfter = this.deletion.request(account);
        assertThat(eraseAfter).isEqualTo(this.now.plus(Duration.ofDays(15)));

        this.now = this.now.plus(Duration.ofDays(15)).minusSeconds(1);
        assertThat(this.deletion.due(1000)).doesNotContain(account);
        assertThat(this.deletion.erase(account)).isFalse();
        assertThat(this.accounts.findById(account)).isPresent();
    }

    @Test
    void cancelWhenWithinCoolingOffThenNeverErased() {
        UUID account = account();
        this.deletion.request(account);
        this.now = this.now.plus(Duration.ofDays(3));
        assertThat(this.deletion.cancel(account)).isTrue();
        assertThat(this.deletion.pendingUntil(account)).isEmpty();

        this.now = this.now.plus(Duration.ofDays(30));
        assertThat(this.deletion.due(1000)).doesNotContain(account);
        assertThat(this.deletion.erase(account)).isFalse();
        assertThat(this.accounts.findById(account)).isPresent();
        assertThat(this.deletion.cancel(account)).isFalse();
    }

    @Test
    void requestWhenAlreadyPendingThenKeepsTheFirstDate() {
        UUID account = account();
        Instant first = this.deletion.request(account);
        this.now = this.now.plus(Duration.ofDays(2));
        assertThat(this.deletion.request(account)).isEqualTo(first);
    }

    @Test
    void eraseWhenCoolingOffOverThenPersonalDataGoneAndPseudonymousRecordsKept() {
        UUID account = account();
        this.realNames.recordIdentity(
                account,
                new VerifiedIdentity("resident-id", "11010519491231002X", "测试用户一"),
                new AssuranceEvidence(AssuranceLevel.L2, "realname", "test", "ref-1", null, this.now));
        this.consents.recordAcceptance(account);
        this.deletion.request(account);

        this.now = this.now.plus(Duration.ofDays(15));
        assertThat(this.deletion.due(1000)).contains(account);
        assertThat(this.deletion.erase(account)).isTrue();

        assertThat(this.erasedByOtherModules).containsExactly(account);
        assertThat(this.accounts.findById(account)).isEmpty();
        assertThat(this.realNames.identityOf(account)).isEmpty();
        assertThat(this.realNames.evidenceOf(account)).isEmpty();
        assertThat(this.deletion.isErased(account)).isTrue();
        // the document number is free again: the person may register anew
        assertThat(this.realNames.accountWithNumber("11010519491231002X")).isEmpty();
        assertThat(this.consents.forAccount(account)).hasSize(2);
        // a second round finds nothing to do
        assertThat(this.deletion.erase(account)).isFalse();
    }

    private UUID account() {
        String phone = "137" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        Account account = this.accounts.create(new NewAccount(null, phone, "a long enough password"));
        return account.id();
    }
}
