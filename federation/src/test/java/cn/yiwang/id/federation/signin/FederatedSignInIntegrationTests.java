package cn.yiwang.id.federation.signin;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.federation.registry.FederationTestApplication;
import cn.yiwang.id.federation.registry.IdentityProviderAdministration;
import cn.yiwang.id.federation.saml.TestSamlIdp;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Federated sign-in as the federation decides it, with its state in the real Redis: answers that no sign-in of
 * ours waits for, a SAML trip upstream whose pending login is kept under its relay state (once), and first-login
 * links that are not there.
 */
@SpringBootTest(classes = FederationTestApplication.class)
class FederatedSignInIntegrationTests {

    private static final String ISSUER = "https://id.example.gov.cn";

    @Autowired
    private FederatedSignIn signIn;

    @Autowired
    private IdentityProviderAdministration administration;

    @Autowired
    private StringRedisTemplate redis;

    @Test
    void startWhenNoSuchProviderThenUnknownProvider() {
        assertThat(this.signIn.start("no-such-idp", ISSUER, null)).isInstanceOf(UpstreamStart.UnknownProvider.class);
    }

    @Test
    void completeOidcWhenStateUnknownThenUnknownWithoutCallingUpstream() {
        assertThat(this.signIn.completeOidc("no-such-idp", Map.of("state", "nope", "code", "c"), ISSUER))
                .isEqualTo(new FederatedSignInResult.Unknown("no-such-idp", "oidc-unknown-state"));
    }

    @Test
    void completeSamlWhenRelayStateUnknownThenUnknownNamingWhatWasMissing() {
        assertThat(this.signIn.completeSaml("PHNhbWw+", "nope", ISSUER))
                .isEqualTo(new FederatedSignInResult.Unknown("unknown", "saml-unknown-relay-state"));
        assertThat(this.signIn.completeSaml(null, "nope", ISSUER))
                .isEqualTo(new FederatedSignInResult.Unknown("unknown", "saml-missing-response"));
    }

    @Test
    void startWhenSamlProviderThenPendingLoginKeptUnderRelayStateForOneAnswer() {
        String alias = "t-signin-" + System.nanoTime() % 100000;
        this.administration.create(TestSamlIdp.identityProvider(alias, AssuranceLevel.L2), "test");

        UpstreamStart start = this.signIn.start(alias, ISSUER, "https://app.example.gov.cn/after");

        assertThat(start).isInstanceOf(UpstreamStart.Redirect.class);
        URI uri = ((UpstreamStart.Redirect) start).uri();
        String relayState =
                UriComponentsBuilder.fromUri(uri).build(true).getQueryParams().getFirst("RelayState");
        assertThat(this.redis.hasKey("yid:fed:saml-pending:" + relayState)).isTrue();
        assertThat(this.redis.getExpire("yid:fed:saml-pending:" + relayState)).isBetween(1L, 600L);
        assertThat(this.redis.opsForValue().get("yid:fed:saml-return:" + relayState))
                .isEqualTo("https://app.example.gov.cn/after");

        assertThat(this.signIn.completeSaml("", relayState, ISSUER))
                .isEqualTo(new FederatedSignInResult.Failed(alias, "saml-missing-response"));
        assertThat(this.signIn.completeSaml("", relayState, ISSUER))
                .as("single use")
                .isEqualTo(new FederatedSignInResult.Unknown("unknown", "saml-unknown-relay-state"));
    }

    @Test
    void confirmLinkWhenNothingWaitsThenEmpty() {
        assertThat(this.signIn.pendingLink("nope")).isEmpty();
        assertThat(this.signIn.isLinkPending("nope")).isFalse();
        assertThat(this.signIn.confirmLink("nope", UUID.randomUUID())).isEmpty();
    }
}
