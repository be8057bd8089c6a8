package cn.yiwang.id.federation.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import cn.yiwang.id.federation.IdentityProvider;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Discovery documents: checked against the configured issuer, cached, and refused when unusable. */
class UpstreamDiscoveryTests {

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
    void metadataWhenDocumentValidThenEndpointsRead() {
        UpstreamProviderMetadata metadata = this.federation.discovery.metadata(this.idp);

        assertThat(metadata.issuer()).isEqualTo(this.op.issuer());
        assertThat(metadata.tokenEndpoint()).isEqualTo(URI.create(this.op.issuer() + "/token"));
        assertThat(metadata.jwksUri()).isEqualTo(URI.create(this.op.issuer() + "/jwks"));
        assertThat(metadata.endSessionEndpoint()).isEqualTo(URI.create(this.op.issuer() + "/logout"));
        assertThat(metadata.tokenEndpointAuthMethods()).contains("client_secret_basic", "private_key_jwt");
        assertThat(metadata.issParameterSupported()).isFalse();
    }

    @Test
    void metadataWhenFetchedThenCachedUntilTheTtlPasses() {
        this.federation.discovery.metadata(this.idp);
        this.clock.advance(Duration.ofMinutes(59));
        this.federation.discovery.metadata(this.idp);
        assertThat(this.op.requests("discovery")).isEqualTo(1);

        this.clock.advance(Duration.ofMinutes(1));
        this.federation.discovery.metadata(this.idp);

        assertThat(this.op.requests("discovery")).isEqualTo(2);
    }

    @Test
    void metadataWhenIssuerOfTheDocumentDiffersThenUnavailable() {
        this.op.discoveryChange("issuer", "https://tongban.zjzwfw.gov.cn");

        assertThatExceptionOfType(UpstreamUnavailableException.class)
                .isThrownBy(() -> this.federation.discovery.metadata(this.idp))
                .satisfies((ex) -> assertThat(ex.reason()).isEqualTo("discovery-issuer-mismatch"))
                .satisfies((ex) -> assertThat(ex.alias()).isEqualTo("zhejiang"));
    }

    @Test
    void metadataWhenAnEndpointIsPlainHttpElsewhereThenUnavailable() {
        this.op.discoveryChange("token_endpoint", "http://tongban.zjzwfw.gov.cn/token");

        assertThatExceptionOfType(UpstreamUnavailableException.class)
                .isThrownBy(() -> this.federation.discovery.metadata(this.idp))
                .satisfies((ex) -> assertThat(ex.reason()).isEqualTo("discovery-invalid-endpoints"));
    }

    @Test
    void metadataWhenRequiredEndpointMissingThenUnavailable() {
        this.op.discoveryChange("jwks_uri", TestUpstreamOp.Removed.MEMBER);

        assertThatExceptionOfType(UpstreamUnavailableException.class)
                .isThrownBy(() -> this.federation.discovery.metadata(this.idp))
                .satisfies((ex) -> assertThat(ex.reason()).isEqualTo("discovery-invalid-endpoints"));
    }

    @Test
    void metadataWhenProviderNotListeningThenUnavailable() {
        this.op.close();

        assertThatExceptionOfType(UpstreamUnavailableException.class)
                .isThrownBy(() -> this.federation.discovery.metadata(this.idp))
                .satisfies(
                        (ex) -> assertThat(ex.reason()).isIn("discovery-connect-failed", "discovery-connection-error"));
    }
}
