package cn.yiwang.id.server.config;

import cn.yiwang.id.kit.web.StrictJson;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The REST APIs (admin and account) read request bodies with {@link StrictJson}: wrong JSON types and control
 * characters are a 400 naming the field, never a coerced value stored. Only the MVC converter changes; the
 * application's mapper, which reads our own stored state, keeps its defaults.
 */
@Configuration(proxyBeanMethods = false)
public class StrictJsonConfiguration {

    @Bean
    // after Spring Boot's own Jackson customizer, so this converter is the one that stays
    @Order(Ordered.LOWEST_PRECEDENCE)
    public ServerHttpMessageConvertersCustomizer strictJsonConverter(JsonMapper jsonMapper) {
        JacksonJsonHttpMessageConverter converter = new JacksonJsonHttpMessageConverter(StrictJson.strict(jsonMapper));
        return (converters) -> converters.withJsonConverter(converter);
    }
}
