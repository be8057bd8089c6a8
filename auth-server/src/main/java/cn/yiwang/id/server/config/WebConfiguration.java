package cn.yiwang.id.server.config;

import cn.yiwang.id.server.web.RedisUnavailableFilter;
import io.micrometer.core.instrument.MeterRegistry;
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
}
