package cn.yiwang.id.server.qr;

import cn.yiwang.id.federation.registry.IdentityProviderRegistry;
import cn.yiwang.id.server.YiwangServerProperties;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.session.SsoSessionStore;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/** QR-code sign-in: its Redis store, its rules and the browsers' event streams. */
@Configuration(proxyBeanMethods = false)
public class QrLoginConfiguration {

    @Bean
    public QrLoginStore qrLoginStore(StringRedisTemplate redis) {
        return new QrLoginStore(redis);
    }

    @Bean
    public QrLoginService qrLoginService(
            QrLoginStore store,
            IdentityProviderRegistry provinces,
            RegisteredClientRepository clients,
            SsoSessionStore sessions,
            QrLoginProperties properties,
            AuditLog audit,
            Clock clock,
            YiwangServerProperties server) {
        return new QrLoginService(
                store, new QrLoginApps(provinces), clients, sessions, properties, audit, clock, server.issuerString());
    }

    @Bean
    public QrCodeImages qrCodeImages() {
        return new QrCodeImages();
    }

    @Bean
    public QrLoginEvents qrLoginEvents(QrLoginStore store, QrLoginService service) {
        return new QrLoginEvents(store, service);
    }

    /** Its own subscription: state changes made on any node reach the streams held by this one. */
    @Bean
    public RedisMessageListenerContainer qrLoginEventsContainer(
            RedisConnectionFactory connections, QrLoginEvents events) {
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connections);
        container.addMessageListener(events, new ChannelTopic(QrLoginStore.CHANNEL));
        return container;
    }
}
