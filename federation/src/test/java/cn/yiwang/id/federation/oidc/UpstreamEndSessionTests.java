package cn.yiwang.id.federation.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.federation.IdentityProvider;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The RP-initiated logout request to the upstream, read back with an independent OIDC library. */
class UpstreamEndSessionTests {

    private static final String POST_LOGOUT = "https://id.yiwang.gov.cn/logout/upstream-done";

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
    void logoutUriWhenProviderHasEndSessionEndpointThenRequestWithHintRedirectAndState() throws Exception {
        UpstreamResult signedIn = this.federation.signIn(this.op, this.idp);
        String idToken = ((UpstreamResult.Authenticated) signedIn).identity().idToken();

        Optional<URI> uri = this.federation.endSession.logoutUri(this.idp, idToken, POST_LOGOUT, "lo-81c2");

        assertThat(uri).isPresent();
        assertThat(uri.get().toString()).startsWith(this.op.issuer() + "/logout?");
        LogoutRequest request = LogoutRequest.parse(uri.get());
        assertThat(request.getIDTokenHint().serialize()).isEqualTo(idToken);
        assertThat(request.getPostLogoutRedirectionURI()).isEqualTo(URI.create(POST_LOGOUT));
        assertThat(request.getState().getValue()).isEqualTo("lo-81c2");
        Map<String, java.util.List<String>> parameters =
                URLUtils.parseParameters(uri.get().getRawQuery());
        assertThat(parameters.get("client_id")).containsExactly(TestUpstreamOp.CLIENT_ID);
    }

    @Test
    void logoutUriWhenProviderHasNoEndSessionEndpointThenEmpty() {
        this.op.discoveryChange("end_session_endpoint", TestUpstreamOp.Removed.MEMBER);

        assertThat(this.federation.endSession.logoutUri(this.idp, null, POST_LOGOUT, "s"))
                .isEmpty();
    }

    @Test
    void logoutUriWhenProviderUnreachableThenEmpty() {
        this.op.close();

        assertThat(this.federation.endSession.logoutUri(this.idp, null, POST_LOGOUT, "s"))
                .isEmpty();
    }
}
