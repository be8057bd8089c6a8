package cn.yiwang.id.server.account;

import cn.yiwang.id.account.AccountSchemaConfiguration;
import cn.yiwang.id.account.passkey.Passkeys;
import cn.yiwang.id.server.YiwangServerProperties;
import java.net.URI;
import java.time.Clock;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The account center's services that need the server's settings; scheduling for the erasure job. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class AccountCenterConfiguration {

    @Bean
    @DependsOn(AccountSchemaConfiguration.FLYWAY_BEAN)
    public Passkeys passkeys(
            JdbcClient jdbc,
            StringRedisTemplate redis,
            Clock clock,
            PasskeyProperties properties,
            YiwangServerProperties server) {
        URI issuer = server.issuer();
        String origin =
                issuer.getScheme() + "://" + issuer.getHost() + ((issuer.getPort() >= 0) ? ":" + issuer.getPort() : "");
        String rpId = (properties.rpId() != null) ? properties.rpId() : issuer.getHost();
        Set<String> origins = (properties.allowedOrigins() != null
                        && !properties.allowedOrigins().isEmpty())
                ? properties.allowedOrigins()
                : Set.of(origin);
        return new Passkeys(jdbc, redis, clock, rpId, properties.rpName(), origins);
    }
}
