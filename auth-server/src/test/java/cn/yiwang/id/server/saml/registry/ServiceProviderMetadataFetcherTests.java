package cn.yiwang.id.server.saml.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import cn.yiwang.id.kit.registry.Violation;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link MetadataFetcher} against a real HTTP server on loopback. */
class ServiceProviderMetadataFetcherTests {

    private final MetadataServer server = new MetadataServer();

    private final MetadataFetcher fetcher = new MetadataFetcher(new ServiceProviderRegistryProperties(
            "file:none.yml", Duration.ofSeconds(15), Duration.ofMillis(700), Duration.ofHours(6)));

    @AfterEach
    void stop() {
        this.server.close();
    }

    @Test
    void fetchWhenPublishedThenTheDocument() {
        assertThat(this.fetcher.fetch(this.server.url("/metadata"))).isEqualTo(TestServiceProviders.metadataXml());
    }

    @Test
    void fetchWhenNotFoundThenUnavailableNamingTheStatus() {
        assertThatExceptionOfType(MetadataUnavailableException.class)
                .isThrownBy(() -> this.fetcher.fetch(this.server.url("/missing")))
                .withMessageContaining("answered HTTP 404");
    }

    @Test
    void fetchWhenRedirectedThenNotFollowed() {
        assertThatExceptionOfType(MetadataUnavailableException.class)
                .isThrownBy(() -> this.fetcher.fetch(this.server.url("/moved")))
                .withMessageContaining("HTTP 302 to http://portal.example.gov.cn/metadata")
                .withMessageContaining("register the URL it redirects to");
    }

    @Test
    void fetchWhenLargerThanTheLimitThenRefused() {
        assertThatExceptionOfType(MetadataUnavailableException.class)
                .isThrownBy(() -> this.fetcher.fetch(this.server.url("/large")))
                .withMessageContaining("larger than " + MetadataFetcher.MAX_BYTES + " bytes");
    }

    @Test
    void fetchWhenBodyStallsThenUnavailableRatherThanHalfADocument() {
        assertThatExceptionOfType(MetadataUnavailableException.class)
                .isThrownBy(() -> this.fetcher.fetch(this.server.url("/stalled")))
                .withMessageContaining("within PT0.7S");
    }

    @Test
    void fetchWhenNothingListensThenUnavailable() {
        String closed = this.server.url("/metadata");
        this.server.close();
        assertThatExceptionOfType(MetadataUnavailableException.class).isThrownBy(() -> this.fetcher.fetch(closed));
    }

    @Test
    void fetchWhenPlainHttpToAnotherHostThenInvalidWithoutConnecting() {
        assertThatExceptionOfType(InvalidServiceProviderException.class)
                .isThrownBy(() -> this.fetcher.fetch("http://portal.example.gov.cn/metadata"))
                .satisfies((ex) -> assertThat(ex.violations())
                        .containsExactly(new Violation(
                                "metadataUrl",
                                "must use https (http is allowed for localhost and 127.0.0.1 only, for tests)")));
        assertThatExceptionOfType(InvalidServiceProviderException.class)
                .isThrownBy(() -> this.fetcher.fetch("file:///etc/passwd"));
        assertThatExceptionOfType(InvalidServiceProviderException.class).isThrownBy(() -> this.fetcher.fetch(null));
    }
}
