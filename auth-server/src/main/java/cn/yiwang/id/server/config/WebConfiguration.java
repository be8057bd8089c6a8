package cn.yiwang.id.server.config;

import cn.yiwang.id.server.client.ClientRegistry;
import cn.yiwang.id.server.web.CorsFilter;
import cn.yiwang.id.server.web.RedisUnavailableFilter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Servlet filters that wrap everything, Spring Security included. */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration {

    @Bean
    public FilterRegistrationBean<RedisUnavailableFilter> redisUnavailableFilter(MeterRegistry meters) {
        FilterRegistrationBean<RedisUnavailableFilter> registration =
                new FilterRegistrationBean<>(new RedisUnavailableFilter(meters));
        // Outside Spring Security's chain (order -100), which is where Redis is first touched.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /** Ahead of Spring Security, so preflights are answered before any sign-in or session handling. */
    @Bean
    public FilterRegistrationBean<CorsFilter> corsFilter(ClientRegistry clients) {
        FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(new CorsFilter(clients));
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 5);
        return registration;
    }
}
