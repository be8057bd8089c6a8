package cn.yiwang.id.server.saml;

import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.account.realname.RealNameRegistry;
import cn.yiwang.id.kit.redis.RedisStateStore;
import cn.yiwang.id.server.YiwangServerProperties;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.keys.SigningKeyStore;
import cn.yiwang.id.server.keys.SigningKeys;
import cn.yiwang.id.server.saml.registry.ServiceProviders;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** The SAML 2.0 identity provider: its key, NameIDs, attribute release, SSO and SLO pieces. */
@Configuration(proxyBeanMethods = false)
public class SamlIdpConfiguration {

    @Bean
    public SamlIdpEndpoints samlIdpEndpoints(YiwangServerProperties server, SamlIdpProperties properties) {
        return SamlIdpEndpoints.of(server.issuerString(), properties);
    }

    @Bean
    public SamlKeyStore samlKeyStore(SigningKeys keys) {
        return new SamlKeyStore(keys);
    }

    @Bean
    public NameIds samlNameIds(SigningKeyStore keys) {
        return new NameIds(keys.derivedKey("saml-nameid"));
    }

    @Bean
    public SamlAttributes samlAttributes(
            AccountRepository accounts, RealNameRegistry realNames, AuditLog audit, Clock clock) {
        return new SamlAttributes(accounts, realNames, audit, clock);
    }

    @Bean
    public SamlConsents samlConsents(JdbcClient jdbc, Clock clock) {
        return new SamlConsents(jdbc, clock);
    }

    @Bean
    public SamlResponseFactory samlResponseFactory(
            SamlIdpEndpoints idp, SamlKeyStore keys, SamlIdpProperties properties, Clock clock) {
        return new SamlResponseFactory(idp, keys, properties, clock);
    }

    @Bean
    public SeenSamlRequests seenSamlRequests(StringRedisTemplate redis, SamlIdpProperties properties) {
        // as long as an IssueInstant is accepted: the request lifetime and the clock skew either side
        return new SeenSamlRequests(
                redis, properties.requestLifetime().plus(properties.clockSkew()).plus(properties.clockSkew()));
    }

    @Bean
    public AuthnRequestReader samlAuthnRequestReader(
            ServiceProviders serviceProviders,
            SamlIdpEndpoints idp,
            SamlIdpProperties properties,
            SeenSamlRequests seen,
            Clock clock) {
        return new AuthnRequestReader(serviceProviders, idp, properties, seen, clock);
    }

    @Bean
    public LogoutRequestReader samlLogoutRequestReader(
            ServiceProviders serviceProviders,
            SamlIdpEndpoints idp,
            SamlIdpProperties properties,
            SeenSamlRequests seen,
            Clock clock) {
        return new LogoutRequestReader(serviceProviders, idp, properties, seen, clock);
    }

    @Bean
    public PendingSamlRequests pendingSamlRequests(
            StringRedisTemplate redis,
            JsonMapper json,
            ServiceProviders serviceProviders,
            SamlIdpProperties properties) {
        return new PendingSamlRequests(state(redis), json, serviceProviders, properties.requestLifetime());
    }

    @Bean
    public PendingSamlLogouts pendingSamlLogouts(
            StringRedisTemplate redis, JsonMapper json, ServiceProviders serviceProviders) {
        return new PendingSamlLogouts(state(redis), json, serviceProviders);
    }

    @Bean
    public OutboundSamlMessages outboundSamlMessages(StringRedisTemplate redis, JsonMapper json) {
        return new OutboundSamlMessages(state(redis), json);
    }

    /** The SAML IdP's short-lived state, {@code yid:saml:<kind>:<key>}; keys are ours, 32 characters. */
    private static RedisStateStore state(StringRedisTemplate redis) {
        return new RedisStateStore(redis, "yid:saml", 64);
    }

    @Bean
    public LogoutMessages samlLogoutMessages(SamlIdpEndpoints idp, Clock clock) {
        return new LogoutMessages(idp, clock);
    }

    @Bean
    public SamlSoapLogout samlSoapLogout(
            SamlKeyStore keys, AuditLog audit, MeterRegistry meters, Clock clock, SamlIdpProperties properties) {
        return new SamlSoapLogout(keys, audit, meters, clock, properties.backChannelTimeout());
    }

    @Bean
    public SamlParticipantLogout samlParticipantLogout(
            ServiceProviders serviceProviders,
            NameIds nameIds,
            LogoutMessages messages,
            SamlKeyStore keys,
            OutboundSamlMessages outbound,
            SamlSoapLogout soap,
            YiwangServerProperties server) {
        return new SamlParticipantLogout(
                serviceProviders, nameIds, messages, keys, outbound, soap, server.issuerString());
    }
}
