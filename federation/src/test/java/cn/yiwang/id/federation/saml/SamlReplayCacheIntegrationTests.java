package cn.yiwang.id.federation.saml;

import static cn.yiwang.id.federation.saml.TestServiceProvider.SP;
import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.oidc.UpstreamResult;
import cn.yiwang.id.federation.registry.FederationTestApplication;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The SAML service provider as the module wires it, with the replay cache in the real Redis: a response accepted
 * once is refused the second time, on any node, and its assertion ID is remembered until it expires.
 */
@SpringBootTest(classes = FederationTestApplication.class)
class SamlReplayCacheIntegrationTests {

    @Autowired
    private SamlAssertionConsumer consumer;

    @Autowired
    private SamlReplayCache replayCache;

    @Autowired
    private StringRedisTemplate redis;

    @Test
    void completeWhenSameResponsePostedTwiceThenSecondRefusedAsReplayed() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        IdentityProvider idp = TestSamlIdp.identityProvider("t-replay", AssuranceLevel.L2);
        PendingSamlLogin pending = new PendingSamlLogin("_req-" + System.nanoTime(), "relay", idp.alias(), now);
        TestSamlResponse response =
                new TestSamlResponse(pending.requestId(), SP.entityId(), SP.assertionConsumerServiceUrl(), now);
        String encoded = TestSamlIdp.encode(response.signedAssertion());

        assertThat(this.consumer.complete(idp, pending, encoded, "relay", SP))
                .isInstanceOf(UpstreamResult.Authenticated.class);
        assertThat(this.consumer.complete(idp, pending, encoded, "relay", SP))
                .isEqualTo(new UpstreamResult.Failed("saml-replayed"));

        String key = RedisSamlReplayCache.key(TestSamlIdp.ENTITY_ID, response.assertionId);
        assertThat(key).startsWith("yid:fed:saml:replay:");
        // NotOnOrAfter is 5 minutes away, the clock skew 60 seconds
        assertThat(this.redis.getExpire(key, TimeUnit.SECONDS)).isBetween(300L, 360L);
    }

    @Test
    void firstUseWhenAnotherIssuerUsesTheSameIdThenBothFirst() {
        String id = "_same-" + System.nanoTime();
        assertThat(this.replayCache.firstUse("https://idp-a.example.gov.cn", id, Duration.ofSeconds(30)))
                .isTrue();
        assertThat(this.replayCache.firstUse("https://idp-b.example.gov.cn", id, Duration.ofSeconds(30)))
                .isTrue();
        assertThat(this.replayCache.firstUse("https://idp-a.example.gov.cn", id, Duration.ofSeconds(30)))
                .isFalse();
    }
}
