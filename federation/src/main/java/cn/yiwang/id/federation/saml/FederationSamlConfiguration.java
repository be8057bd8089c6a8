package cn.yiwang.id.federation.saml;

import cn.yiwang.id.federation.oidc.FederationMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The SAML service provider towards the provincial IdPs: metadata, AuthnRequests, the assertion consumer, Single
 * Logout and our SP metadata, configured by {@code yiwang.federation.saml.*}. Needs a {@link ServiceProviderCredentials} bean
 * (the application's SP keys, which the application assembling the federation provides); uses the application's {@link Clock} bean when there is one, else the system clock
 * in UTC, and Redis for the replay cache.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FederationSamlProperties.class)
public final class FederationSamlConfiguration {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(FederationSamlConfiguration.class);

    @Bean
    SamlMetadataSource samlMetadataSource(FederationSamlProperties properties, ObjectProvider<Clock> clock) {
        return new SamlMetadataSource(properties, clock(clock));
    }

    @Bean
    SamlReplayCache samlReplayCache(StringRedisTemplate redis) {
        return new RedisSamlReplayCache(redis);
    }

    @Bean
    SamlAuthnRequests samlAuthnRequests(
            SamlMetadataSource metadata,
            ServiceProviderCredentials credentials,
            MeterRegistry meters,
            ObjectProvider<Clock> clock) {
        return new SamlAuthnRequests(metadata, credentials, new FederationMetrics(meters), clock(clock));
    }

    @Bean
    SamlAssertionConsumer samlAssertionConsumer(
            SamlMetadataSource metadata,
            SamlReplayCache replayCache,
            ServiceProviderCredentials credentials,
            FederationSamlProperties properties,
            MeterRegistry meters,
            ObjectProvider<Clock> clock,
            ObjectProvider<LegacyEncryptionAudit> legacyEncryption) {
        return new SamlAssertionConsumer(
                metadata,
                replayCache,
                credentials,
                properties,
                new FederationMetrics(meters),
                clock(clock),
                legacyEncryption.getIfAvailable(() -> (alias, algorithm) ->
                        log.warn("SAML province {} encrypted an assertion with {} (legacy-cbc)", alias, algorithm)));
    }

    @Bean
    SamlSingleLogout samlSingleLogout(
            SamlMetadataSource metadata,
            ServiceProviderCredentials credentials,
            SamlReplayCache replayCache,
            FederationSamlProperties properties,
            ObjectProvider<Clock> clock) {
        return new SamlSingleLogout(metadata, credentials, replayCache, properties, clock(clock));
    }

    @Bean
    OurServiceProviderMetadata serviceProviderMetadata(ServiceProviderCredentials credentials) {
        return new OurServiceProviderMetadata(credentials);
    }

    private static Clock clock(ObjectProvider<Clock> clock) {
        return clock.getIfAvailable(Clock::systemUTC);
    }
}
