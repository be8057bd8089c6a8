package cn.yiwang.id.server.config;

import cn.yiwang.id.server.YiwangServerProperties;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.client.SubjectIdentifiers;
import cn.yiwang.id.server.logout.BackChannelLogoutProperties;
import cn.yiwang.id.server.logout.BackChannelLogoutSender;
import cn.yiwang.id.server.logout.BrowserLogout;
import cn.yiwang.id.server.logout.LogoutTokenFactory;
import cn.yiwang.id.server.logout.ParticipantLogout;
import cn.yiwang.id.server.logout.SessionExpiryListener;
import cn.yiwang.id.server.logout.SsoSessionTerminator;
import cn.yiwang.id.server.logout.UpstreamLogoutLeg;
import cn.yiwang.id.server.session.SsoSecurityContextRepository;
import cn.yiwang.id.server.session.SsoSessionStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.PatternTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/** Single logout: ending sessions, back-channel delivery, and the timeout fan-out. */
@Configuration(proxyBeanMethods = false)
public class LogoutConfiguration {

    @Bean
    public LogoutTokenFactory logoutTokenFactory(
            JwtEncoder encoder, YiwangServerProperties properties, Clock clock, SubjectIdentifiers subjects) {
        return new LogoutTokenFactory(encoder, properties.issuerString(), clock, subjects);
    }

    @Bean
    public BackChannelLogoutSender backChannelLogoutSender(
            BackChannelLogoutProperties properties, AuditLog audit, MeterRegistry meters, Clock clock) {
        return new BackChannelLogoutSender(properties, audit, meters, clock);
    }

    @Bean
    public SsoSessionTerminator ssoSessionTerminator(
            SsoSessionStore sessions,
            OAuth2AuthorizationService authorizations,
            RegisteredClientRepository clients,
            LogoutTokenFactory logoutTokens,
            BackChannelLogoutSender sender,
            AuditLog audit,
            MeterRegistry meters,
            YiwangServerProperties properties,
            Clock clock,
            List<ParticipantLogout> otherParticipants) {
        return new SsoSessionTerminator(
                sessions,
                authorizations,
                clients,
                logoutTokens,
                sender,
                audit,
                meters,
                properties.issuerString(),
                clock,
                otherParticipants);
    }

    @Bean
    public BrowserLogout browserLogout(
            SsoSecurityContextRepository sessions, SsoSessionTerminator terminator, UpstreamLogoutLeg upstream) {
        return new BrowserLogout(sessions, terminator, upstream);
    }

    @Bean
    @ConditionalOnProperty(name = "yiwang.session.expiry-events", havingValue = "true", matchIfMissing = true)
    public RedisMessageListenerContainer sessionExpiryEvents(
            RedisConnectionFactory connections, SsoSessionTerminator terminator) {
        SessionExpiryListener.enableExpiryEvents(connections);
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connections);
        // The container's default starts a thread per message; two threads and a queue take a burst of
        // timeouts (each claim is one Redis round trip) without one thread per expired session.
        container.setTaskExecutor(sessionExpiryExecutor());
        container.addMessageListener(
                new SessionExpiryListener(terminator), new PatternTopic(SessionExpiryListener.SESSION_EXPIRY_CHANNELS));
        return container;
    }

    private static ThreadPoolTaskExecutor sessionExpiryExecutor() {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setThreadNamePrefix("session-expiry-");
        executor.setCorePoolSize(2);
        executor.setMaxPoolSize(2);
        executor.setQueueCapacity(100_000);
        // not a bean (one would displace Boot's application task executor): idle threads end by themselves
        executor.setAllowCoreThreadTimeOut(true);
        executor.setKeepAliveSeconds(60);
        executor.setDaemon(true);
        executor.initialize();
        return executor;
    }
}
