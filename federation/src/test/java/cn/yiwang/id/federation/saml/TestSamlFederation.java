package cn.yiwang.id.federation.saml;

import cn.yiwang.id.federation.oidc.FederationMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The SAML service provider under test, assembled by hand as {@link FederationSamlConfiguration} assembles it, at
 * a fixed time, with our test SP keys.
 */
final class TestSamlFederation {

    static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    final TestServiceProvider credentials = new TestServiceProvider();

    final SamlMetadataSource metadata;

    final SamlAuthnRequests requests;

    final SamlAssertionConsumer consumer;

    final SamlSingleLogout singleLogout;

    /** Each legacy AES-CBC use the consumer reported, as {@code alias algorithm}. */
    final List<String> legacyEncryption = new CopyOnWriteArrayList<>();

    TestSamlFederation(SamlReplayCache replayCache) {
        this(replayCache, FederationSamlProperties.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    TestSamlFederation(SamlReplayCache replayCache, FederationSamlProperties properties, Clock clock) {
        this.metadata = new SamlMetadataSource(properties, clock);
        this.requests =
                new SamlAuthnRequests(this.metadata, this.credentials, new FederationMetrics(this.meters), clock);
        this.consumer = new SamlAssertionConsumer(
                this.metadata,
                replayCache,
                this.credentials,
                properties,
                new FederationMetrics(this.meters),
                clock,
                (alias, algorithm) -> this.legacyEncryption.add(alias + " " + algorithm));
        this.singleLogout = new SamlSingleLogout(this.metadata, this.credentials, replayCache, properties, clock);
    }
}
