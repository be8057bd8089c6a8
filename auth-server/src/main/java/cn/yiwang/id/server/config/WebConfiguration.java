package cn.yiwang.id.server.config;

import cn.yiwang.id.server.client.ClientRegistry;
import cn.yiwang.id.server.keys.KeyRole;
import cn.yiwang.id.server.keys.SigningKeys;
import cn.yiwang.id.server.keys.StoredKey;
import cn.yiwang.id.server.web.CorsFilter;
import cn.yiwang.id.server.web.ParameterLimitsFilter;
import cn.yiwang.id.server.web.StoreUnavailableFilter;
import cn.yiwang.id.server.wellknown.PreparedDocumentFilter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.config.observation.SecurityObservationSettings;

/** Servlet filters that wrap everything, Spring Security included. */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration {

    /**
     * No Spring Security observations, so its filter chain is not wrapped at all: the property
     * {@code management.observations.enable.spring.security=false} only turns each wrapped observation into a no-op,
     * which still cost a few per cent of a token request. Our yiwang.* metrics and http.server.requests stay.
     */
    @Bean
    public SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    public FilterRegistrationBean<StoreUnavailableFilter> storeUnavailableFilter(MeterRegistry meters) {
        FilterRegistrationBean<StoreUnavailableFilter> registration =
                new FilterRegistrationBean<>(new StoreUnavailableFilter(meters));
        // Outside Spring Security's chain (order -100), which is where Redis and PostgreSQL are first touched.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    public FilterRegistrationBean<ParameterLimitsFilter> parameterLimitsFilter() {
        FilterRegistrationBean<ParameterLimitsFilter> registration =
                new FilterRegistrationBean<>(new ParameterLimitsFilter());
        // Right after the character encoding filter (HIGHEST_PRECEDENCE: parameters parsed before it would be read
        // as ISO-8859-1), and before everything else, so a malformed request reaches neither Spring Security nor
        // a controller.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

    /** Ahead of Spring Security, so preflights are answered before any sign-in or session handling. */
    @Bean
    public FilterRegistrationBean<CorsFilter> corsFilter(ClientRegistry clients) {
        FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(new CorsFilter(clients));
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 5);
        return registration;
    }

    /**
     * JWKS and discovery from prepared bytes with ETag and Cache-Control, ahead of Spring Security: the documents are
     * public and the same for everyone, so the chain runs only to prepare them again.
     */
    @Bean
    public FilterRegistrationBean<PreparedDocumentFilter> preparedDocumentFilter(SigningKeys keys, Clock clock) {
        List<PreparedDocumentFilter.Document> documents = List.of(
                // keys are published ahead of use (yiwang.keys.publication-period): five minutes of caching is safe
                new PreparedDocumentFilter.Document(
                        "/oauth2/jwks",
                        "public, max-age=300",
                        () -> keys.published(KeyRole.OIDC_SIGNING).stream()
                                .map(StoredKey::kid)
                                .toList()),
                new PreparedDocumentFilter.Document(
                        "/.well-known/openid-configuration", "public, max-age=3600", () -> "metadata"),
                new PreparedDocumentFilter.Document(
                        "/.well-known/oauth-authorization-server", "public, max-age=3600", () -> "metadata"));
        FilterRegistrationBean<PreparedDocumentFilter> registration =
                new FilterRegistrationBean<>(new PreparedDocumentFilter(documents, Duration.ofSeconds(10), clock));
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 4);
        return registration;
    }
}
