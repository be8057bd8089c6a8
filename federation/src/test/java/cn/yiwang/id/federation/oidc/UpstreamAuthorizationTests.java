package cn.yiwang.id.federation.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.federation.IdentityProvider;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Starting a sign-in: the authorization request, read back with an independent OIDC library. */
class UpstreamAuthorizationTests {

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
    void beginWhenProviderUsableThenCodeRequestWithStateNonceAndPkceS256() throws Exception {
        UpstreamAuthorizationRequest request = begin(this.idp);

        AuthenticationRequest parsed = AuthenticationRequest.parse(request.authorizationUri());
        PendingUpstreamLogin pending = request.pending();
        assertThat(request.authorizationUri().toString()).startsWith(this.op.issuer() + "/authorize?");
        assertThat(parsed.getResponseType()).isEqualTo(ResponseType.CODE);
        assertThat(parsed.getClientID().getValue()).isEqualTo(TestUpstreamOp.CLIENT_ID);
        assertThat(parsed.getRedirectionURI()).isEqualTo(URI.create(TestFederation.REDIRECT_URI));
        assertThat(parsed.getScope().toStringList()).containsExactly("openid", "profile", "phone");
        assertThat(parsed.getState().getValue()).isEqualTo(pending.state());
        assertThat(parsed.getNonce().getValue()).isEqualTo(pending.nonce());
        assertThat(parsed.getCodeChallengeMethod()).isEqualTo(CodeChallengeMethod.S256);
        assertThat(parsed.getCodeChallenge())
                .isEqualTo(CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier(pending.codeVerifier())));
        assertThat(pending.idpAlias()).isEqualTo("zhejiang");
        assertThat(pending.createdAt()).isEqualTo(TestClock.START);
        assertThat(pending.codeVerifier()).hasSize(43);
        assertThat(this.federation
                        .meters
                        .get("yiwang.federation.attempts")
                        .tag("idp", "zhejiang")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void beginWhenCalledTwiceThenFreshStateNonceAndVerifier() {
        PendingUpstreamLogin first = begin(this.idp).pending();
        PendingUpstreamLogin second = begin(this.idp).pending();

        assertThat(second.state()).isNotEqualTo(first.state());
        assertThat(second.nonce()).isNotEqualTo(first.nonce());
        assertThat(second.codeVerifier()).isNotEqualTo(first.codeVerifier());
    }

    @Test
    void beginWhenScopesLackOpenidThenOpenidAddedFirst() {
        IdentityProvider withoutOpenid = new IdentityProvider(
                "zhejiang",
                "浙里办",
                "Zhejiang",
                "330000",
                IdentityProvider.Protocol.OIDC,
                this.op.issuer(),
                TestUpstreamOp.CLIENT_ID,
                TestUpstreamOp.CLIENT_SECRET,
                IdentityProvider.ClientAuthentication.CLIENT_SECRET_BASIC,
                List.of("profile"),
                TestIdentityProviders.CLAIM_MAPPINGS,
                AssuranceLevel.L3,
                true,
                true,
                1,
                TestClock.START);

        URI uri = begin(withoutOpenid).authorizationUri();

        assertThat(uri.getRawQuery()).contains("scope=openid+profile");
    }

    @Test
    void beginWhenAuthorizationEndpointHasAQueryThenItIsKept() throws Exception {
        this.op.discoveryChange("authorization_endpoint", this.op.issuer() + "/authorize?channel=yiwang");

        URI uri = begin(this.idp).authorizationUri();

        assertThat(uri.toString()).startsWith(this.op.issuer() + "/authorize?channel=yiwang&response_type=code&");
        assertThat(AuthenticationRequest.parse(uri).getCustomParameter("channel"))
                .containsExactly("yiwang");
    }

    @Test
    void beginWhenProviderDisabledThenRefusedWithoutCalls() {
        IdentityProvider disabled = new IdentityProvider(
                "zhejiang",
                "浙里办",
                "Zhejiang",
                "330000",
                IdentityProvider.Protocol.OIDC,
                this.op.issuer(),
                TestUpstreamOp.CLIENT_ID,
                TestUpstreamOp.CLIENT_SECRET,
                IdentityProvider.ClientAuthentication.CLIENT_SECRET_BASIC,
                List.of("openid"),
                TestIdentityProviders.CLAIM_MAPPINGS,
                AssuranceLevel.L3,
                false,
                true,
                1,
                TestClock.START);

        assertThatIllegalStateException()
                .isThrownBy(() -> this.federation.authorization.begin(disabled, TestFederation.REDIRECT_URI))
                .withMessageContaining("idp-disabled");
        assertThat(this.op.totalRequests()).isZero();
    }

    @Test
    void beginWhenRedirectUriRelativeThenRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> this.federation.authorization.begin(this.idp, "/login/federated/zhejiang/callback"));
    }

    @Test
    void beginWhenDiscoveryFailsThenUnavailableAndCounted() {
        this.op.close();

        assertThatExceptionOfType(UpstreamUnavailableException.class)
                .isThrownBy(() -> this.federation.authorization.begin(this.idp, TestFederation.REDIRECT_URI))
                .satisfies((ex) -> assertThat(ex.alias()).isEqualTo("zhejiang"));
        assertThat(this.federation.outcomes("unavailable")).isEqualTo(1);
    }

    @Test
    void isAvailableWhenNothingFailedThenTrue() {
        assertThat(this.federation.authorization.isAvailable("zhejiang")).isTrue();
    }

    private UpstreamAuthorizationRequest begin(IdentityProvider provider) {
        return this.federation.authorization.begin(provider, TestFederation.REDIRECT_URI);
    }
}
