package cn.yiwang.id.account.passkey;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.account.AccountTestApplication;
import cn.yiwang.id.account.NewAccount;
import cn.yiwang.id.account.realname.AssuranceLevel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@link Passkeys} on real PostgreSQL and Redis, with a software authenticator. */
@SpringBootTest(classes = AccountTestApplication.class)
class PasskeysIntegrationTests {

    private static final String RP_ID = "id.example.test";

    private static final String ORIGIN = "https://id.example.test";

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private StringRedisTemplate redis;

    @Autowired
    private AccountRepository accounts;

    private final JsonMapper json = JsonMapper.builder().build();

    private final List<UUID> created = new ArrayList<>();

    private Passkeys passkeys;

    @BeforeEach
    void passkeys() {
        this.passkeys = new Passkeys(this.jdbc, this.redis, Clock.systemUTC(), RP_ID, "一网 ID", Set.of(ORIGIN));
    }

    @AfterEach
    void cleanUp() {
        this.created.forEach((id) -> {
            this.passkeys.removeAll(id);
            this.jdbc.sql("delete from account where id = ?").param(id).update();
        });
    }

    @Test
    void registerWhenAttestationNoneThenAcceptedAndListed() {
        UUID account = account();
        TestAuthenticator authenticator = new TestAuthenticator();
        JsonNode options = this.json.readTree(this.passkeys.registrationOptions(account, "139****0000"));
        assertThat(options.get("rp").get("id").asString()).isEqualTo(RP_ID);
        assertThat(options.get("attestation").asString()).isEqualTo("none");
        assertThat(options.get("authenticatorSelection").get("userVerification").asString())
                .isEqualTo("required");
        assertThat(options.get("user").get("name").asString()).isEqualTo("139****0000");
        assertThat(options.toString()).doesNotContain(account.toString());

        PasskeyOutcome outcome = this.passkeys.register(
                account, authenticator.register(options.get("challenge").asString(), RP_ID, ORIGIN), AssuranceLevel.L3);

        assertThat(outcome).isEqualTo(new PasskeyOutcome.Accepted(authenticator.credentialId(), 3));
        assertThat(this.passkeys.list(account)).singleElement().satisfies((view) -> {
            assertThat(view.label()).isEqualTo("Test key");
            assertThat(view.boundLevel()).isEqualTo(3);
        });
    }

    @Test
    void registerWhenMadeForAnotherSiteThenRefused() {
        UUID account = account();
        JsonNode options = this.json.readTree(this.passkeys.registrationOptions(account, "139****0000"));
        String challenge = options.get("challenge").asString();
        assertThat(this.passkeys.register(
                        account,
                        new TestAuthenticator().register(challenge, RP_ID, "https://phishing.example"),
                        AssuranceLevel.L1))
                .isEqualTo(new PasskeyOutcome.Refused("other-site"));
        assertThat(this.passkeys.list(account)).isEmpty();
    }

    @Test
    void registerWhenNoCeremonyOrGarbageThenRefusedWithoutStoring() {
        UUID account = account();
        assertThat(this.passkeys.register(account, "{}", AssuranceLevel.L1))
                .isEqualTo(new PasskeyOutcome.Refused("expired"));
        this.passkeys.registrationOptions(account, "139****0000");
        assertThat(this.passkeys.register(account, "{\"publicKey\": 42}", AssuranceLevel.L1))
                .isEqualTo(new PasskeyOutcome.Refused("malformed"));
        assertThat(this.passkeys.list(account)).isEmpty();
    }

    @Test
    void authenticateWhenOwnPasskeyThenAcceptedOnceWithItsBoundLevel() {
        UUID account = account();
        TestAuthenticator authenticator = registered(account, AssuranceLevel.L3);

        JsonNode options = this.json.readTree(this.passkeys.authenticationOptions(account, "ceremony-1"));
        assertThat(options.get("allowCredentials").get(0).get("id").asString()).isEqualTo(authenticator.credentialId());
        String assertion = authenticator.authenticate(options.get("challenge").asString(), RP_ID, ORIGIN);

        assertThat(this.passkeys.authenticate(account, "ceremony-1", assertion))
                .isEqualTo(new PasskeyOutcome.Accepted(authenticator.credentialId(), 3));
        // the challenge is single-use: the same assertion again finds no ceremony
        assertThat(this.passkeys.authenticate(account, "ceremony-1", assertion))
                .isEqualTo(new PasskeyOutcome.Refused("expired"));
        assertThat(this.passkeys.list(account).get(0).lastUsedAt()).isNotNull();
    }

    @Test
    void authenticateWhenAnotherAccountsPasskeyThenRefused() {
        UUID mine = account();
        UUID theirs = account();
        registered(mine, AssuranceLevel.L2);
        TestAuthenticator stranger = registered(theirs, AssuranceLevel.L2);

        JsonNode options = this.json.readTree(this.passkeys.authenticationOptions(mine, "ceremony-2"));
        String assertion = stranger.authenticate(options.get("challenge").asString(), RP_ID, ORIGIN);

        assertThat(this.passkeys.authenticate(mine, "ceremony-2", assertion))
                .isEqualTo(new PasskeyOutcome.Refused("unknown"));
    }

    @Test
    void authenticateWhenSignedForAnotherOriginThenRefused() {
        UUID account = account();
        TestAuthenticator authenticator = registered(account, AssuranceLevel.L2);
        JsonNode options = this.json.readTree(this.passkeys.authenticationOptions(account, "ceremony-3"));
        String assertion =
                authenticator.authenticate(options.get("challenge").asString(), RP_ID, "https://phishing.example");
        assertThat(this.passkeys.authenticate(account, "ceremony-3", assertion))
                .isEqualTo(new PasskeyOutcome.Refused("other-site"));
    }

    @Test
    void removeWhenOwnPasskeyThenGoneAndNotOthers() {
        UUID account = account();
        UUID other = account();
        TestAuthenticator authenticator = registered(account, AssuranceLevel.L2);
        assertThat(this.passkeys.remove(other, authenticator.credentialId())).isFalse();
        assertThat(this.passkeys.remove(account, authenticator.credentialId())).isTrue();
        assertThat(this.passkeys.hasAny(account)).isFalse();
    }

    private TestAuthenticator registered(UUID account, AssuranceLevel level) {
        TestAuthenticator authenticator = new TestAuthenticator();
        JsonNode options = this.json.readTree(this.passkeys.registrationOptions(account, "139****0000"));
        assertThat(this.passkeys.register(
                        account, authenticator.register(options.get("challenge").asString(), RP_ID, ORIGIN), level))
                .isInstanceOf(PasskeyOutcome.Accepted.class);
        return authenticator;
    }

    private UUID account() {
        Account account = this.accounts.create(new NewAccount(
                "pk-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36),
                null,
                "a long enough password"));
        this.created.add(account.id());
        return account.id();
    }
}
