package cn.yiwang.id.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link JdbcAccountRepository} on real PostgreSQL. */
@SpringBootTest(classes = AccountTestApplication.class)
class JdbcAccountRepositoryIntegrationTests {

    @Autowired
    private AccountRepository accounts;

    @Autowired
    private DemoAccounts demoAccounts;

    @Autowired
    private JdbcClient jdbc;

    private final List<UUID> created = new ArrayList<>();

    @AfterEach
    void deleteCreatedAccounts() {
        this.created.forEach((id) ->
                this.jdbc.sql("delete from account where id = ?").param(id).update());
    }

    @Test
    void findByLoginNameWhenPhoneInOtherFormattingThenFound() {
        String phone = TestAccounts.phone();
        Account account = create(new NewAccount(TestAccounts.username(), phone, "correct horse"));
        String spaced = phone.substring(0, 3) + " " + phone.substring(3, 7) + " " + phone.substring(7);
        String dashed = "+86-" + phone.substring(0, 3) + "-" + phone.substring(3, 7) + "-" + phone.substring(7);
        assertThat(this.accounts.findByLoginName(spaced)).contains(account);
        assertThat(this.accounts.findByLoginName(dashed)).contains(account);
        assertThat(this.accounts.findByLoginName("+86" + phone)).contains(account);
        assertThat(account.phoneMasked()).isEqualTo(phone.substring(0, 3) + "****" + phone.substring(7));
    }

    @Test
    void findByLoginNameWhenUsernameInOtherCaseThenFound() {
        String username = TestAccounts.username();
        Account account = create(new NewAccount(username.toUpperCase(), null, "correct horse"));
        assertThat(account.username()).isEqualTo(username);
        assertThat(this.accounts.findByLoginName(" " + username.toUpperCase() + " "))
                .contains(account);
        assertThat(this.accounts.findById(account.id())).contains(account);
        assertThat(account.phoneMasked()).isNull();
    }

    @Test
    void findByLoginNameWhenUnknownThenEmpty() {
        assertThat(this.accounts.findByLoginName(TestAccounts.username())).isEmpty();
        assertThat(this.accounts.findByLoginName(TestAccounts.phone())).isEmpty();
    }

    @Test
    void createWhenPhoneGivenThenRowHoldsNoPlaintextPhone() {
        String phone = TestAccounts.phone();
        Account account = create(new NewAccount(null, phone, "correct horse"));
        Map<String, Object> row = this.jdbc
                .sql("select * from account where id = ?")
                .param(account.id())
                .query()
                .singleRow();
        assertThat(row.toString()).doesNotContain(phone).doesNotContain(phone.substring(3));
        assertThat((String) row.get("phone_encrypted")).startsWith("test-2:");
        assertThat((String) row.get("phone_index")).hasSize(43);
        assertThat((String) row.get("password_hash")).startsWith("{argon2}").doesNotContain("correct horse");
        assertThat(row.get("username")).isNull();
    }

    @Test
    void createWhenUsernameTakenThenDuplicateKey() {
        String username = TestAccounts.username();
        create(new NewAccount(username, null, "one"));
        assertThatExceptionOfType(DuplicateKeyException.class)
                .isThrownBy(() -> create(new NewAccount(username.toUpperCase(), null, "two")));
    }

    @Test
    void createWhenPhoneTakenThenDuplicateKey() {
        String phone = TestAccounts.phone();
        create(new NewAccount(null, phone, "one"));
        assertThatExceptionOfType(DuplicateKeyException.class)
                .isThrownBy(() -> create(new NewAccount(TestAccounts.username(), "+86 " + phone, "two")));
    }

    @Test
    void createWhenPhoneNotMainlandMobileThenIllegalArgument() {
        assertThatIllegalArgumentException().isThrownBy(() -> create(new NewAccount(null, "12345", "secret")));
    }

    @Test
    void updateStatusWhenAccountExistsThenStored() {
        Account account = create(new NewAccount(TestAccounts.username(), null, "secret"));
        assertThat(this.accounts.updateStatus(account.id(), AccountStatus.LOCKED))
                .isTrue();
        assertThat(this.accounts.findById(account.id()))
                .get()
                .extracting(Account::status)
                .isEqualTo(AccountStatus.LOCKED);
        assertThat(this.accounts.updateStatus(UUID.randomUUID(), AccountStatus.LOCKED))
                .isFalse();
    }

    @Test
    void updatePasswordHashWhenExpectedHashStaleThenNotReplaced() {
        Account account = create(new NewAccount(TestAccounts.username(), null, "secret"));
        assertThat(this.accounts.updatePasswordHash(account.id(), "{bcrypt}stale", "{argon2}new"))
                .isFalse();
        assertThat(this.accounts.updatePasswordHash(account.id(), account.passwordHash(), "{argon2}new"))
                .isTrue();
        assertThat(this.accounts.findById(account.id()))
                .get()
                .extracting(Account::passwordHash)
                .isEqualTo("{argon2}new");
    }

    @Test
    void ensureDemoAccountWhenCalledTwiceThenOneAccountAndPasswordKept() {
        String username = TestAccounts.username();
        Account first = this.demoAccounts.ensureDemoAccount(username, "demo-password");
        this.created.add(first.id());
        Account second = this.demoAccounts.ensureDemoAccount(username, "other-password");
        assertThat(second).isEqualTo(first);
    }

    private Account create(NewAccount newAccount) {
        Account account = this.accounts.create(newAccount);
        this.created.add(account.id());
        return account;
    }
}
