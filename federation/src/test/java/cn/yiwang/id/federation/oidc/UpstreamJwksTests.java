package cn.yiwang.id.federation.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.federation.IdentityProvider;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The upstream keys: cached, refetched once for an unknown kid, and not more often than the interval allows. */
class UpstreamJwksTests {

    private final TestClock clock = new TestClock();

    private TestUpstreamOp op;

    private TestFederation federation;

    private IdentityProvider idp;

    @BeforeEach
    void startProvider() throws Exception {
        this.op = new TestUpstreamOp(this.clock);
        this.federation = new TestFederation(FederationOidcProperties.defaults(), this.clock);
        this.idp = TestIdentityProviders.zhejiang(this.op);
    }

    @AfterEach
    void stopProvider() {
        this.op.close();
    }

    @Test
    void keysWhenCachedThenFetchedOnceForManySignIns() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(this.federation.signIn(this.op, this.idp)).isInstanceOf(UpstreamResult.Authenticated.class);
        }

        assertThat(this.op.requests("jwks")).isEqualTo(1);
        assertThat(this.op.requests("discovery")).isEqualTo(1);
    }

    @Test
    void keysWhenProviderRotatedToAnUnknownKidThenRefetchedOnceAndAuthenticated() throws Exception {
        assertThat(this.federation.signIn(this.op, this.idp)).isInstanceOf(UpstreamResult.Authenticated.class);
        this.op.rotateKeys();

        UpstreamResult result = this.federation.signIn(this.op, this.idp);

        assertThat(result).isInstanceOf(UpstreamResult.Authenticated.class);
        assertThat(this.op.requests("jwks")).isEqualTo(2);
    }

    @Test
    void keysWhenKidStillUnknownAfterRefetchThenFailedAndNoFurtherRefetchWithinTheInterval() throws Exception {
        assertThat(this.federation.signIn(this.op, this.idp)).isInstanceOf(UpstreamResult.Authenticated.class);
        this.op.signing(TestUpstreamOp.Signing.UNKNOWN_KID);

        UpstreamResult first = this.federation.signIn(this.op, this.idp);
        UpstreamResult second = this.federation.signIn(this.op, this.idp);

        assertThat(first).isEqualTo(new UpstreamResult.Failed("id-token-unknown-kid"));
        assertThat(second).isEqualTo(new UpstreamResult.Failed("id-token-unknown-kid"));
        // the initial fetch, and one refetch for both unknown kids
        assertThat(this.op.requests("jwks")).isEqualTo(2);

        this.clock.advance(Duration.ofSeconds(31));
        assertThat(this.federation.signIn(this.op, this.idp))
                .isEqualTo(new UpstreamResult.Failed("id-token-unknown-kid"));
        assertThat(this.op.requests("jwks")).isEqualTo(3);
    }

    @Test
    void keysWhenCacheExpiredThenFetchedAgain() throws Exception {
        assertThat(this.federation.signIn(this.op, this.idp)).isInstanceOf(UpstreamResult.Authenticated.class);
        this.clock.advance(Duration.ofHours(1));

        assertThat(this.federation.signIn(this.op, this.idp)).isInstanceOf(UpstreamResult.Authenticated.class);

        assertThat(this.op.requests("jwks")).isEqualTo(2);
    }
}
