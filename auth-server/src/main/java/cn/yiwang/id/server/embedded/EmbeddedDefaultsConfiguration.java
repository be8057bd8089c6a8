package cn.yiwang.id.server.embedded;

import cn.yiwang.id.account.DemoAccounts;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Beans of the embedded default: the embedded Redis, and the demo account. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "yiwang.embedded.active", havingValue = "true")
public class EmbeddedDefaultsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDefaultsConfiguration.class);

    static final String DEMO_USERNAME = "demo";
    static final String DEMO_PASSWORD = "Demo@2026!";

    @Bean(initMethod = "start", destroyMethod = "stop")
    @ConditionalOnProperty(name = "yiwang.embedded.redis", havingValue = "true")
    public EmbeddedRedisServer embeddedRedisServer(Environment environment) throws IOException {
        return new EmbeddedRedisServer(environment.getRequiredProperty("spring.data.redis.port", Integer.class));
    }

    /** Redis clients must not connect before the embedded server is up. */
    @Bean
    @ConditionalOnProperty(name = "yiwang.embedded.redis", havingValue = "true")
    public static BeanFactoryPostProcessor embeddedRedisFirst() {
        return (beanFactory) -> {
            for (String name : beanFactory.getBeanNamesForType(
                    org.springframework.data.redis.connection.RedisConnectionFactory.class, true, false)) {
                BeanDefinition definition = beanFactory.getBeanDefinition(name);
                definition.setDependsOn("embeddedRedisServer");
            }
        };
    }

    @Bean
    public ApplicationRunner demoData(DemoAccounts demoAccounts, Environment environment) {
        return (args) -> {
            demoAccounts.ensureDemoAccount(DEMO_USERNAME, DEMO_PASSWORD);
            log.info(
                    "Embedded default: H2 database at {}, Redis on 127.0.0.1:{}, development keys in "
                            + "{}/secrets.properties, demo account '{}' and demo clients ready — not for production",
                    environment.getProperty("spring.datasource.url"),
                    environment.getProperty("spring.data.redis.port"),
                    environment.getProperty("yiwang.embedded.data-dir", "./data"),
                    DEMO_USERNAME);
        };
    }
}
