package cn.yiwang.id.server.device;

import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.session.SsoSessionStore;
import java.security.SecureRandom;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/** The parts of the device authorization grant (RFC 8628); {@link DeviceEndpoints} wires them in. */
@Configuration(proxyBeanMethods = false)
public class DeviceConfiguration {

    @Bean
    public DevicePolling devicePolling(StringRedisTemplate redis, DeviceProperties properties) {
        return new DevicePolling(redis, properties);
    }

    @Bean
    public UserCodeGuesses userCodeGuesses(StringRedisTemplate redis, DeviceProperties properties) {
        return new UserCodeGuesses(redis, properties);
    }

    @Bean
    public DeviceEndpoints deviceEndpoints(
            OAuth2AuthorizationService authorizations,
            StringRedisTemplate redis,
            DevicePolling polling,
            UserCodeGuesses guesses,
            SsoSessionStore sessions,
            OAuth2TokenGenerator<OAuth2Token> tokens,
            AuditLog audit,
            Clock clock) {
        // not a bean: the framework looks for exactly one OAuth2TokenGenerator bean, the one of all grants
        UserCodeGenerator userCodes = new UserCodeGenerator(new UserCodes(new SecureRandom()), redis, clock);
        return new DeviceEndpoints(authorizations, userCodes, polling, guesses, sessions, tokens, audit, clock);
    }
}
