package cn.yiwang.id.account.totp;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.account.AccountTestApplication;
import cn.yiwang.id.account.NewAccount;
import cn.yiwang.id.account.crypto.SensitiveDataProtector;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** {@link TotpService} on real PostgreSQL and Redis, with a clock the test sets. */
@SpringBootTest(classes = AccountTestApplication.class)
class TotpServiceIntegrationTests {

    // the middle of a step, so one step either side stays clear of the boundaries
    private static final Instant NOW = Instant.ofEpochSecond(1_900_000_015L);

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private StringRedisTemplate redis;

    @Autowired
    private SensitiveDataProtector protector;

    @Autowired
    private TransactionTemplate transactions;

    @Autowired
    private AccountRepository accounts;

    private final List<UUID> created = new ArrayList<>();

    private Instant now = NOW;

    private TotpService totp;

    @BeforeEach
    void service() {
        Clock clock = new Clock() {
            @Override
            public Instant instant() {
                return TotpServiceIntegrationTests.this.now;
            }

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
        this.totp = new TotpService(this.jdbc, this.redis, this.protector, this.transactions, clock);
    }

    @AfterEach
    void cleanUp() {
        this.created.forEach((id) -> {
            this.totp.disable(id);
            this.jdbc.sql("delete from account where id = ?").param(id).update();
        });
    }

    @Test
    void confirmWhenFirstCodeRightThenEnabledWithTenRecoveryCodes() {
        UUID account = account();
        TotpEnrolment enrolment = this.totp.begin(account, "139****0000");
        assertThat(enrolment.uri())
                .startsWith("otpauth://totp/")
                .contains("secret=" + enrolment.secret())
                .contains("period=30");
        assertThat(this.totp.isEnabled(account)).isFalse();

        List<String> codes = this.totp.confirm(account, code(enrolment, NOW)).orElseThrow();

        assertThat(codes).hasSize(TotpService.RECOVERY_CODES).doesNotHaveDuplicates();
        assertThat(this.totp.isEnabled(account)).isTrue();
        assertThat(this.totp.recoveryCodesLeft(account)).isEqualTo(10);
    }

    @Test
    void confirmWhenWrongCodeThenNotEnabled() {
        UUID account = account();
        TotpEnrolment enrolment = this.totp.begin(account, "139****0000");
        assertThat(this.totp.confirm(account, wrong(code(enrolment, NOW)))).isEmpty();
        assertThat(this.totp.isEnabled(account)).isFalse();
        // the enrolment stays, so the citizen can type the next code
        assertThat(this.totp.pending(account, "139****0000")).contains(enrolment);
    }

    @Test
    void verifyWhenCodeOfThisStepUsedTwiceThenReplayRefused() {
        UUID account = account();
        TotpEnrolment enrolment = enabled(account);
        this.now = NOW.plusSeconds(60);
        String code = code(enrolment, this.now);

        assertThat(this.totp.verify(account, code)).isEqualTo(new TotpCheck.Accepted());
        assertThat(this.totp.verify(account, code)).isEqualTo(new TotpCheck.Replayed());
        // nor the code of the step before, once a later step was used
        assertThat(this.totp.verify(account, code(enrolment, this.now.minusSeconds(30))))
                .isEqualTo(new TotpCheck.Replayed());
        this.now = this.now.plusSeconds(30);
        assertThat(this.totp.verify(account, code(enrolment, this.now))).isEqualTo(new TotpCheck.Accepted());
    }

    @Test
    void verifyWhenCodeOfStepBeforeOrAfterThenAcceptedButNotTwoAway() {
        UUID account = account();
        TotpEnrolment enrolment = enabled(account);
        this.now = NOW.plusSeconds(300);
        assertThat(this.totp.verify(account, code(enrolment, this.now.minusSeconds(60))))
                .isEqualTo(new TotpCheck.Wrong());
        assertThat(this.totp.verify(account, code(enrolment, this.now.minusSeconds(30))))
                .isEqualTo(new TotpCheck.Accepted());
        assertThat(this.totp.verify(account, code(enrolment, this.now.plusSeconds(30))))
                .isEqualTo(new TotpCheck.Accepted());
    }

    @Test
    void verifyWhenFiveWrongCodesThenRightCodeWaits() {
        UUID account = account();
        TotpEnrolment enrolment = enabled(account);
        this.now = NOW.plusSeconds(90);
        String right = code(enrolment, this.now);
        for (int i = 0; i < TotpService.MAX_FAILURES; i++) {
            assertThat(this.totp.verify(account, wrong(right))).isEqualTo(new TotpCheck.Wrong());
        }
        assertThat(this.totp.verify(account, right)).isEqualTo(new TotpCheck.TooManyAttempts());
    }

    @Test
    void verifyWhenNotEnabledOrGarbageThenSaysSo() {
        UUID account = account();
        assertThat(this.totp.verify(account, "123456")).isEqualTo(new TotpCheck.NotEnabled());
        enabled(account);
        assertThat(this.totp.verify(account, "12345x")).isEqualTo(new TotpCheck.Wrong());
        assertThat(this.totp.verify(account, "9".repeat(1000))).isEqualTo(new TotpCheck.Wrong());
    }

    @Test
    void useRecoveryCodeWhenUsedOnceThenNotAgainAndOnlyHashesStored() {
        UUID account = account();
        TotpEnrolment enrolment = this.totp.begin(account, "139****0000");
        List<String> codes = this.totp.confirm(account, code(enrolment, NOW)).orElseThrow();

        assertThat(this.totp.useRecoveryCode(account, codes.get(3).toUpperCase()))
                .isEqualTo(new TotpCheck.Accepted());
        assertThat(this.totp.useRecoveryCode(account, codes.get(3))).isEqualTo(new TotpCheck.Wrong());
        assertThat(this.totp.recoveryCodesLeft(account)).isEqualTo(9);
        List<String> stored = this.jdbc
                .sql("select code_hash from account_recovery_code where account_id = ?")
                .param(account)
                .query(String.class)
                .list();
        assertThat(stored)
                .hasSize(10)
                .noneMatch((hash) -> codes.stream().anyMatch((code) -> hash.contains(code.replace("-", ""))));
        assertThat(this.jdbc
                        .sql("select secret_encrypted from account_totp where account_id = ?")
                        .param(account)
                        .query(String.class)
                        .single())
                .doesNotContain(enrolment.secret());
    }

    @Test
    void regenerateRecoveryCodesWhenDoneThenOldCodesDead() {
        UUID account = account();
        TotpEnrolment enrolment = this.totp.begin(account, "139****0000");
        List<String> old = this.totp.confirm(account, code(enrolment, NOW)).orElseThrow();
        List<String> fresh = this.totp.regenerateRecoveryCodes(account).orElseThrow();
        assertThat(this.totp.useRecoveryCode(account, old.get(0))).isEqualTo(new TotpCheck.Wrong());
        assertThat(this.totp.useRecoveryCode(account, fresh.get(0))).isEqualTo(new TotpCheck.Accepted());
    }

    @Test
    void disableWhenEnabledThenCodesNoLongerChecked() {
        UUID account = account();
        enabled(account);
        assertThat(this.totp.disable(account)).isTrue();
        assertThat(this.totp.isEnabled(account)).isFalse();
        assertThat(this.totp.verify(account, "123456")).isEqualTo(new TotpCheck.NotEnabled());
        assertThat(this.totp.recoveryCodesLeft(account)).isZero();
    }

    private TotpEnrolment enabled(UUID account) {
        TotpEnrolment enrolment = this.totp.begin(account, "139****0000");
        assertThat(this.totp.confirm(account, code(enrolment, NOW))).isPresent();
        return enrolment;
    }

    private static String code(TotpEnrolment enrolment, Instant at) {
        return Totp.code(Base32.decode(enrolment.secret()), Totp.step(at));
    }

    private static String wrong(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 500_000) % 1_000_000);
    }

    private UUID account() {
        Account account = this.accounts.create(new NewAccount(
                "totp-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36),
                null,
                "a long enough password"));
        this.created.add(account.id());
        return account.id();
    }
}
