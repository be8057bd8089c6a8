package cn.yiwang.id.federation.oidc;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The upstream OpenID Connect relying party: discovery, keys, sign-in, callback and logout towards the provincial
 * identity providers, configured by {@code yiwang.federation.oidc.*}. Uses the application's {@link Clock} bean
 * when there is one, else the system clock in UTC.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FederationOidcProperties.class)
public final class FederationOidcConfiguration {

    @Bean
    UpstreamHttp upstreamHttp(FederationOidcProperties properties, MeterRegistry meters, ObjectProvider<Clock> clock) {
        return new UpstreamHttp(properties, meters, clock(clock));
    }

    @Bean
    UpstreamDiscovery upstreamDiscovery(
            UpstreamHttp http, FederationOidcProperties properties, ObjectProvider<Clock> clock) {
        return new UpstreamDiscovery(http, properties, clock(clock));
    }

    @Bean
    UpstreamJwks upstreamJwks(UpstreamHttp http, FederationOidcProperties properties, ObjectProvider<Clock> clock) {
        return new UpstreamJwks(http, properties, clock(clock));
    }

    @Bean
    RelyingPartyKey federationRelyingPartyKey(FederationOidcProperties properties, ObjectProvider<Clock> clock) {
        return new RelyingPartyKey(properties.privateKeyJwt(), clock(clock));
    }

    @Bean
    UpstreamAuthorization upstreamAuthorization(
            UpstreamDiscovery discovery,
            UpstreamHttp http,
            RelyingPartyKey key,
            MeterRegistry meters,
            ObjectProvider<Clock> clock) {
        return new UpstreamAuthorization(discovery, http, key, new FederationMetrics(meters), clock(clock));
    }

    @Bean
    UpstreamCallback upstreamCallback(
            UpstreamHttp http,
            UpstreamDiscovery discovery,
            UpstreamJwks jwks,
            RelyingPartyKey key,
            FederationOidcProperties properties,
            MeterRegistry meters,
            ObjectProvider<Clock> clock) {
        return new UpstreamCallback(
                http, discovery, jwks, key, properties, new FederationMetrics(meters), clock(clock));
    }

    @Bean
    UpstreamEndSession upstreamEndSession(UpstreamDiscovery discovery) {
        return new UpstreamEndSession(discovery);
    }

    @Bean
    UpstreamLogoutTokenValidator upstreamLogoutTokenValidator(
            UpstreamDiscovery discovery,
            UpstreamJwks jwks,
            RelyingPartyKey key,
            FederationOidcProperties properties,
            LogoutTokenReplays replays,
            ObjectProvider<Clock> clock) {
        return new UpstreamLogoutTokenValidator(discovery, jwks, key, properties, replays, clock(clock));
    }

    @Bean
    LogoutTokenReplays logoutTokenReplays(StringRedisTemplate redis) {
        return new RedisLogoutTokenReplays(redis);
    }

    private static Clock clock(ObjectProvider<Clock> clock) {
        return clock.getIfAvailable(Clock::systemUTC);
    }
}
