package cn.yiwang.id.server.saml.registry;

import cn.yiwang.id.kit.registry.Change;
import cn.yiwang.id.kit.registry.PeriodicRefresh;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Fetches again, every {@code yiwang.saml.metadata-refresh-interval}, the metadata of the service
 * providers registered by URL, and applies what changed (endpoints, certificates; the administrators'
 * policy stays), so an SP's certificate rollover needs no administrator. One node does it per round
 * (a Redis lock, {@code yid:saml:metadata-refresh}); a failed fetch leaves the SP as stored.
 */
@Component
public final class ServiceProviderMetadataRefresh implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ServiceProviderMetadataRefresh.class);

    static final String LOCK = "yid:saml:metadata-refresh";

    private final ServiceProviderAdministration administration;
    private final MetadataFetcher fetcher;
    private final StringRedisTemplate redis;
    private final Duration interval;
    private final PeriodicRefresh periodic;

    public ServiceProviderMetadataRefresh(
            ServiceProviderAdministration administration,
            MetadataFetcher fetcher,
            StringRedisTemplate redis,
            ServiceProviderRegistryProperties properties) {
        this.administration = administration;
        this.fetcher = fetcher;
        this.redis = redis;
        this.interval = properties.metadataRefreshInterval();
        this.periodic = new PeriodicRefresh("saml-sp-metadata-refresh", this.interval, this::refreshIfFirst);
    }

    private void refreshIfFirst() {
        // held for most of a round, so the other nodes skip this one
        if (Boolean.TRUE.equals(this.redis.opsForValue().setIfAbsent(LOCK, "1", this.interval.dividedBy(2)))) {
            refreshAll();
        }
    }

    /** Applies the current metadata of every SP registered by URL; returns how many changed. */
    public int refreshAll() {
        int changed = 0;
        for (VersionedServiceProvider stored : this.administration.findAll()) {
            ServiceProvider provider = stored.provider();
            if (provider.metadataUrl() == null) {
                continue;
            }
            try {
                ServiceProvider fresh = ImportedServiceProviderMetadata.apply(
                        ImportedServiceProviderMetadata.read(this.fetcher.fetch(provider.metadataUrl())),
                        provider,
                        provider.metadataUrl());
                ServiceProviderAdministration.Saved saved =
                        this.administration.save(fresh, stored.version(), "system:metadata-refresh");
                if (saved.change() == Change.UPDATED) {
                    changed++;
                }
            } catch (RuntimeException ex) {
                log.warn(
                        "Metadata of SAML service provider {} not refreshed, kept as stored: {}",
                        provider.alias(),
                        ex.getMessage());
            }
        }
        return changed;
    }

    @Override
    public void start() {
        this.periodic.start();
    }

    @Override
    public void stop() {
        this.periodic.stop();
    }

    @Override
    public boolean isRunning() {
        return this.periodic.isRunning();
    }
}
