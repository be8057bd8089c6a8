package cn.yiwang.id.federation.linking;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.account.NewAccount;
import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.account.realname.RealNameRegistry;
import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.UpstreamIdentity;
import cn.yiwang.id.federation.registry.FederationTestApplication;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link AccountLinking} on real PostgreSQL: one national account per person, whichever province they come from. */
@SpringBootTest(classes = FederationTestApplication.class)
class AccountLinkingIntegrationTests {

    @Autowired
    private AccountLinking linking;

    @Autowired
    private IdentityLinkRepository links;

    @Autowired
    private RealNameRegistry realNames;

    @Autowired
    private AccountRepository accounts;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void linkWhenTrustedIdpsAssertTheSameVerifiedNumberThenOneAccountCreatedJustInTimeAndReused() {
        String number = residentId();
        IdentityProvider zhejiang = idp("zj", AssuranceLevel.L3);
        IdentityProvider shanghai = idp("sh", AssuranceLevel.L2);

        LinkOutcome first = this.linking.link(upstream("zj", "zj-" + number, number, AssuranceLevel.L3), zhejiang);
        LinkOutcome second = this.linking.link(upstream("sh", "sh-" + number, number, AssuranceLevel.L3), shanghai);

        assertThat(first).isInstanceOf(LinkOutcome.Linked.class);
        LinkOutcome.Linked created = (LinkOutcome.Linked) first;
        assertThat(created.created()).isTrue();
        assertThat(created.sessionLevel()).isEqualTo(AssuranceLevel.L3);
        LinkOutcome.Linked reused = (LinkOutcome.Linked) second;
        assertThat(reused.accountId()).isEqualTo(created.accountId());
        assertThat(reused.created()).isFalse();
        assertThat(reused.sessionLevel()).as("capped by 随申办's trust level").isEqualTo(AssuranceLevel.L2);
        assertThat(this.realNames.identityOf(created.accountId()))
                .hasValueSatisfying((identity) -> assertThat(identity.number()).isEqualTo(number));
        assertThat(this.links.forAccount(created.accountId()))
                .extracting(IdentityLink::idpAlias)
                .containsExactlyInAnyOrder("zj", "sh");
        cleanUp(created.accountId());
    }

    @Test
    void linkWhenNumberAlreadyVerifiedOnANationalAccountThenLinkedToIt() {
        String number = residentId();
        UUID existing = this.accounts
                .create(new NewAccount("user-" + UUID.randomUUID().toString().substring(0, 8), null, "correct horse"))
                .id();
        this.realNames.recordIdentity(
                existing,
                new cn.yiwang.id.account.realname.VerifiedIdentity("resident-id", number, "张三"),
                new cn.yiwang.id.account.realname.AssuranceEvidence(
                        AssuranceLevel.L2, "name-number", "sandbox", null, null, Instant.now()));

        LinkOutcome outcome = this.linking.link(
                upstream("gd", "gd-" + number, number, AssuranceLevel.L2), idp("gd", AssuranceLevel.L2));

        assertThat(((LinkOutcome.Linked) outcome).accountId()).isEqualTo(existing);
        cleanUp(existing);
    }

    @Test
    void linkWhenIdpTrustedBelowL2OrNoNumberThenFirstLoginAndNothingCreated() {
        String number = residentId();

        LinkOutcome lowTrust = this.linking.link(
                upstream("cq", "cq-" + number, number, AssuranceLevel.L3), idp("cq", AssuranceLevel.L1));
        LinkOutcome noNumber = this.linking.link(
                upstream("js", "js-" + number, null, AssuranceLevel.L3), idp("js", AssuranceLevel.L3));

        assertThat(lowTrust).isEqualTo(new LinkOutcome.NeedsFirstLogin(AssuranceLevel.L1));
        assertThat(noNumber).isEqualTo(new LinkOutcome.NeedsFirstLogin(AssuranceLevel.L3));
        assertThat(this.realNames.accountWithNumber(number)).isEmpty();
        assertThat(this.links.find("cq", "cq-" + number)).isEmpty();
    }

    @Test
    void linkWhenNumberMalformedThenRefusedAndNothingCreated() {
        String number = residentId();
        String broken = number.substring(0, 17) + ((number.charAt(17) == '0') ? '1' : '0');

        LinkOutcome outcome = this.linking.link(
                upstream("zj", "zj-bad-" + number, broken, AssuranceLevel.L3), idp("zj", AssuranceLevel.L3));

        assertThat(outcome).isEqualTo(new LinkOutcome.Refused("malformed-id-number"));
        assertThat(this.realNames.accountWithNumber(broken)).isEmpty();
    }

    @Test
    void confirmWhenCitizenSignedInAfterFirstLoginThenLinkedAndKnownNextTime() {
        UUID account = this.accounts
                .create(new NewAccount("user-" + UUID.randomUUID().toString().substring(0, 8), null, "correct horse"))
                .id();
        IdentityProvider chongqing = idp("cq", AssuranceLevel.L1);
        UpstreamIdentity identity = upstream("cq", "cq-" + UUID.randomUUID(), null, AssuranceLevel.L2);

        this.linking.confirm(identity, chongqing, account);
        LinkOutcome again = this.linking.link(identity, chongqing);

        assertThat(again).isEqualTo(new LinkOutcome.Linked(account, AssuranceLevel.L1, false));
        assertThat(this.links.unlink(account, "cq")).isTrue();
        assertThat(this.linking.link(identity, chongqing)).isInstanceOf(LinkOutcome.NeedsFirstLogin.class);
        cleanUp(account);
    }

    private void cleanUp(UUID account) {
        this.jdbc
                .sql("delete from identity_link where account_id = ?")
                .param(account)
                .update();
        this.jdbc
                .sql("delete from assurance_evidence where account_id = ?")
                .param(account)
                .update();
        this.jdbc
                .sql("delete from account_identity where account_id = ?")
                .param(account)
                .update();
        this.jdbc.sql("delete from account where id = ?").param(account).update();
    }

    private static IdentityProvider idp(String alias, AssuranceLevel trust) {
        return new IdentityProvider(
                alias,
                alias,
                alias,
                "330000",
                IdentityProvider.Protocol.OIDC,
                "https://" + alias + ".example.gov.cn",
                "yiwang",
                "secret",
                IdentityProvider.ClientAuthentication.CLIENT_SECRET_BASIC,
                List.of("openid"),
                Map.of(),
                trust,
                true,
                true,
                0,
                Instant.now());
    }

    private static UpstreamIdentity upstream(String alias, String subject, String number, AssuranceLevel level) {
        Map<String, String> attributes = new HashMap<>();
        attributes.put("name", "王五");
        if (number != null) {
            attributes.put("id_number", number);
        }
        return new UpstreamIdentity(alias, subject, attributes, level, "header.payload.signature", null);
    }

    private static String residentId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String body = "330106" + (1955 + random.nextInt(45))
                + String.format("%02d%02d", 1 + random.nextInt(12), 1 + random.nextInt(28))
                + String.format("%03d", random.nextInt(1000));
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body.charAt(i) - '0') * weights[i];
        }
        return body + "10X98765432".charAt(sum % 11);
    }
}
