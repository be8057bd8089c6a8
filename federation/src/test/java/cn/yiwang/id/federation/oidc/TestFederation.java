package cn.yiwang.id.federation.oidc;

import cn.yiwang.id.federation.IdentityProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;

/**
 * The relying party under test, assembled by hand as {@link FederationOidcConfiguration} assembles it, with a
 * simple meter registry and a test clock.
 */
final class TestFederation {

    static final String REDIRECT_URI = "https://id.yiwang.gov.cn/login/federated/zhejiang/callback";

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    final UpstreamHttp http;

    final UpstreamDiscovery discovery;

    final UpstreamJwks jwks;

    final RelyingPartyKey key;

    final UpstreamAuthorization authorization;

    final UpstreamCallback callback;

    final UpstreamEndSession endSession;

    final UpstreamLogoutTokenValidator logoutTokens;

    final InMemoryLogoutTokenReplays logoutTokenReplays = new InMemoryLogoutTokenReplays();

    TestFederation(FederationOidcProperties properties, TestClock clock) {
        this.http = new UpstreamHttp(properties, this.meters, clock);
        this.discovery = new UpstreamDiscovery(this.http, properties, clock);
        this.jwks = new UpstreamJwks(this.http, properties, clock);
        this.key = new RelyingPartyKey(properties.privateKeyJwt(), clock);
        this.authorization = new UpstreamAuthorization(
                this.discovery, this.http, this.key, new FederationMetrics(this.meters), clock);
        this.callback = new UpstreamCallback(
                this.http, this.discovery, this.jwks, this.key, properties, new FederationMetrics(this.meters), clock);
        this.endSession = new UpstreamEndSession(this.discovery);
        this.logoutTokens = new UpstreamLogoutTokenValidator(
                this.discovery, this.jwks, this.key, properties, this.logoutTokenReplays, clock);
    }

    /**
     * A whole sign-in: begin, the citizen signing in at the provider, and the callback.
     * @param op the provider
     * @param idp its configuration here
     * @return how it came back
     */
    UpstreamResult signIn(TestUpstreamOp op, IdentityProvider idp) throws Exception {
        UpstreamAuthorizationRequest request = this.authorization.begin(idp, REDIRECT_URI);
        String code = op.authorize(request.authorizationUri());
        return this.callback.complete(
                idp,
                request.pending(),
                Map.of("code", code, "state", request.pending().state(), "iss", op.issuer()),
                REDIRECT_URI);
    }

    /** The defaults, with the request timeout (and the connect timeout, when shorter) changed. */
    static FederationOidcProperties withRequestTimeout(Duration timeout) {
        FederationOidcProperties d = FederationOidcProperties.defaults();
        return new FederationOidcProperties(
                timeout,
                timeout,
                d.maxResponseSize(),
                d.discoveryCacheTtl(),
                d.jwksCacheTtl(),
                d.jwksRefetchInterval(),
                d.clockSkew(),
                d.loginTimeout(),
                d.logoutTokenMaxAge(),
                d.failureThreshold(),
                d.openWait(),
                d.privateKeyJwt());
    }

    /** The defaults, with the circuit breaker changed. */
    static FederationOidcProperties withBreaker(int failureThreshold, Duration openWait) {
        FederationOidcProperties d = FederationOidcProperties.defaults();
        return new FederationOidcProperties(
                d.connectTimeout(),
                d.requestTimeout(),
                d.maxResponseSize(),
                d.discoveryCacheTtl(),
                d.jwksCacheTtl(),
                d.jwksRefetchInterval(),
                d.clockSkew(),
                d.loginTimeout(),
                d.logoutTokenMaxAge(),
                failureThreshold,
                openWait,
                d.privateKeyJwt());
    }

    /** The defaults, with a response size limit. */
    static FederationOidcProperties withMaxResponseSize(org.springframework.util.unit.DataSize size) {
        FederationOidcProperties d = FederationOidcProperties.defaults();
        return new FederationOidcProperties(
                d.connectTimeout(),
                d.requestTimeout(),
                size,
                d.discoveryCacheTtl(),
                d.jwksCacheTtl(),
                d.jwksRefetchInterval(),
                d.clockSkew(),
                d.loginTimeout(),
                d.logoutTokenMaxAge(),
                d.failureThreshold(),
                d.openWait(),
                d.privateKeyJwt());
    }

    /** The defaults, with our private_key_jwt key. */
    static FederationOidcProperties withPrivateKeyJwt(
            String jwk, FederationOidcProperties.PrivateKeyJwt.Audience audience) {
        FederationOidcProperties d = FederationOidcProperties.defaults();
        return new FederationOidcProperties(
                d.connectTimeout(),
                d.requestTimeout(),
                d.maxResponseSize(),
                d.discoveryCacheTtl(),
                d.jwksCacheTtl(),
                d.jwksRefetchInterval(),
                d.clockSkew(),
                d.loginTimeout(),
                d.logoutTokenMaxAge(),
                d.failureThreshold(),
                d.openWait(),
                new FederationOidcProperties.PrivateKeyJwt(jwk, audience, Duration.ofSeconds(60)));
    }

    double outcomes(String outcome) {
        var counter = this.meters
                .find("yiwang.federation.outcomes")
                .tag("outcome", outcome)
                .counter();
        return (counter != null) ? counter.count() : 0;
    }
}
