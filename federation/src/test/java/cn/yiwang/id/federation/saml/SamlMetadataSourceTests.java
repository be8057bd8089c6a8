package cn.yiwang.id.federation.saml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.SamlSettings;
import cn.yiwang.id.federation.oidc.UpstreamUnavailableException;
import cn.yiwang.id.saml.Certificates;
import cn.yiwang.id.saml.metadata.EntityMetadata;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SamlMetadataSource}: IdP metadata from a URL (a server on loopback), cached for its TTL, kept when a
 * refresh fails, and the only source of the IdP's signing certificates.
 */
class SamlMetadataSourceTests {

    private HttpServer server;

    private final AtomicInteger fetches = new AtomicInteger();

    private final AtomicReference<String> body = new AtomicReference<>(TestSamlIdp.metadataXml());

    private final AtomicInteger status = new AtomicInteger(200);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));

    private final SamlMetadataSource source = new SamlMetadataSource(FederationSamlProperties.defaults(), this.clock);

    @BeforeEach
    void start() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        this.server.createContext("/saml/metadata", (exchange) -> {
            this.fetches.incrementAndGet();
            byte[] bytes = this.body.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/samlmetadata+xml");
            exchange.sendResponseHeaders(this.status.get(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        this.server.start();
    }

    @AfterEach
    void stop() {
        this.server.stop(0);
    }

    @Test
    void metadataWhenUrlThenFetchedOnceWithinTtlAndAgainAfter() {
        IdentityProvider idp = byUrl();
        EntityMetadata metadata = this.source.metadata(idp);
        assertThat(metadata.entityId()).isEqualTo(TestSamlIdp.ENTITY_ID);
        assertThat(metadata.signingCertificates()).containsExactly(TestSamlIdp.CERTIFICATE);
        this.source.metadata(idp);
        assertThat(this.fetches).hasValue(1);
        this.clock.advance(Duration.ofHours(1));
        this.source.metadata(idp);
        assertThat(this.fetches).hasValue(2);
    }

    @Test
    void metadataWhenRefreshFailsThenPreviousKeepsServing() {
        IdentityProvider idp = byUrl();
        this.source.metadata(idp);
        this.clock.advance(Duration.ofHours(2));
        this.status.set(500);
        assertThat(this.source.metadata(idp).signingCertificates()).containsExactly(TestSamlIdp.CERTIFICATE);
        this.body.set("<!DOCTYPE x [<!ENTITY e \"e\">]><x/>");
        this.status.set(200);
        assertThat(this.source.metadata(idp).entityId()).isEqualTo(TestSamlIdp.ENTITY_ID);
    }

    @Test
    void metadataWhenFirstFetchFailsOrDocumentUnusableThenUnavailableWithReason() {
        this.status.set(404);
        assertThatExceptionOfType(UpstreamUnavailableException.class)
                .isThrownBy(() -> this.source.metadata(byUrl()))
                .satisfies((ex) -> assertThat(ex.reason()).isEqualTo("saml-metadata-http-404"));
        this.status.set(200);
        this.body.set(
                TestSamlIdp.metadataXml("https://idp.other.example.gov.cn/saml", true, true, TestSamlIdp.CERTIFICATE));
        assertThatExceptionOfType(UpstreamUnavailableException.class)
                .isThrownBy(() -> this.source.metadata(byUrl()))
                .satisfies((ex) -> assertThat(ex.reason()).isEqualTo("saml-metadata-entity-not-found"));
    }

    @Test
    void metadataWhenInlineThenParsedOnceAndChangedWithTheRegistry() {
        IdentityProvider idp = TestSamlIdp.identityProvider("jiangsu", AssuranceLevel.L2);
        EntityMetadata first = this.source.metadata(idp);
        assertThat(this.source.metadata(idp)).isSameAs(first);
        IdentityProvider rotated = TestSamlIdp.identityProvider(
                "jiangsu",
                AssuranceLevel.L2,
                new SamlSettings(
                        null,
                        TestSamlIdp.metadataXml(TestSamlIdp.ENTITY_ID, true, true, TestSamlIdp.ROGUE_CERTIFICATE),
                        Map.of()));
        assertThat(this.source.metadata(rotated).signingCertificates()).containsExactly(TestSamlIdp.ROGUE_CERTIFICATE);
    }

    @Test
    void metadataWhenValidUntilPassesThenNeitherCachedNorStaleCopyIsUsed() {
        IdentityProvider inline = TestSamlIdp.identityProvider(
                "jiangsu",
                AssuranceLevel.L2,
                new SamlSettings(
                        null,
                        TestSamlIdp.metadataXml(
                                true, false, this.clock.instant().plus(Duration.ofMinutes(30))),
                        Map.of()));
        assertThat(this.source.metadata(inline).entityId()).isEqualTo(TestSamlIdp.ENTITY_ID);
        this.body.set(TestSamlIdp.metadataXml(true, false, this.clock.instant().plus(Duration.ofMinutes(90))));
        IdentityProvider idp = byUrl();
        assertThat(this.source.metadata(idp).entityId()).isEqualTo(TestSamlIdp.ENTITY_ID);

        this.clock.advance(Duration.ofMinutes(30));
        assertThatExceptionOfType(UpstreamUnavailableException.class)
                .isThrownBy(() -> this.source.metadata(inline))
                .satisfies((ex) -> assertThat(ex.reason()).isEqualTo("saml-metadata-expired"));
        this.clock.advance(Duration.ofMinutes(60));
        this.status.set(500);
        assertThatExceptionOfType(UpstreamUnavailableException.class)
                .as("a failed refresh does not keep expired metadata serving")
                .isThrownBy(() -> this.source.metadata(idp))
                .satisfies((ex) -> assertThat(ex.reason()).isEqualTo("saml-metadata-http-500"));
    }

    @Test
    void metadataWhenSigningCertificateGivenThenOnlyADocumentSignedWithItIsUsed() {
        String unsigned = TestSamlIdp.metadataXml(true, false, null);
        String certificate = Certificates.base64(TestSamlIdp.CERTIFICATE);
        assertThat(this.source
                        .metadata(inline(
                                TestSamlIdp.signMetadata(unsigned, TestSamlIdp.KEY, TestSamlIdp.CERTIFICATE),
                                certificate))
                        .signingCertificates())
                .containsExactly(TestSamlIdp.CERTIFICATE);
        assertThatExceptionOfType(UpstreamUnavailableException.class)
                .isThrownBy(() -> this.source.metadata(inline(unsigned, certificate)))
                .satisfies((ex) -> assertThat(ex.reason()).isEqualTo("saml-metadata-unsigned"));
        assertThatExceptionOfType(UpstreamUnavailableException.class)
                .isThrownBy(() -> this.source.metadata(inline(
                        TestSamlIdp.signMetadata(unsigned, TestSamlIdp.ROGUE_KEY, TestSamlIdp.ROGUE_CERTIFICATE),
                        certificate)))
                .satisfies((ex) -> assertThat(ex.reason()).isEqualTo("saml-metadata-signature-invalid"));
    }

    private IdentityProvider inline(String metadata, String signingCertificate) {
        return TestSamlIdp.identityProvider(
                "jiangsu", AssuranceLevel.L2, new SamlSettings(null, metadata, Map.of(), signingCertificate));
    }

    private IdentityProvider byUrl() {
        return TestSamlIdp.identityProvider(
                "jiangsu",
                AssuranceLevel.L2,
                new SamlSettings(
                        "http://127.0.0.1:" + this.server.getAddress().getPort() + "/saml/metadata", null, Map.of()));
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {

        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            this.now = this.now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return this.now;
        }
    }
}
