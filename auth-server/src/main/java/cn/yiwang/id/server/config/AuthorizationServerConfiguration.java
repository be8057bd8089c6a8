package cn.yiwang.id.server.config;

import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.account.realname.RealNameRegistry;
import cn.yiwang.id.server.YiwangServerProperties;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.authorization.AuthorizationCodec;
import cn.yiwang.id.server.authorization.RedisOAuth2AuthorizationService;
import cn.yiwang.id.server.client.CachingRegisteredClientRepository;
import cn.yiwang.id.server.client.ClientBootstrap;
import cn.yiwang.id.server.client.ClientBootstrapProperties;
import cn.yiwang.id.server.keys.SigningKeyProperties;
import cn.yiwang.id.server.keys.SigningKeyStore;
import cn.yiwang.id.server.session.SsoSessionStore;
import cn.yiwang.id.server.token.UserClaims;
import cn.yiwang.id.server.token.YiwangTokenCustomizer;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.Validator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.core.io.ResourceLoader;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import tools.jackson.databind.json.JsonMapper;

/** The storage and keys behind Spring Authorization Server: PostgreSQL for durable state, Redis for hot state. */
@Configuration(proxyBeanMethods = false)
public class AuthorizationServerConfiguration {

    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    public AuthorizationServerSettings authorizationServerSettings(YiwangServerProperties properties) {
        return AuthorizationServerSettings.builder()
                .issuer(properties.issuerString())
                .build();
    }

    @Bean
    @DependsOn("authServerFlyway")
    public RegisteredClientRepository registeredClientRepository(JdbcTemplate jdbc, Clock clock) {
        return new CachingRegisteredClientRepository(
                new JdbcRegisteredClientRepository(jdbc), Duration.ofSeconds(30), clock);
    }

    @Bean
    @DependsOn("authServerFlyway")
    public OAuth2AuthorizationConsentService authorizationConsentService(
            JdbcTemplate jdbc, RegisteredClientRepository clients) {
        return new JdbcOAuth2AuthorizationConsentService(jdbc, clients);
    }

    @Bean
    public OAuth2AuthorizationService authorizationService(
            StringRedisTemplate redis, JsonMapper json, RegisteredClientRepository clients, Clock clock) {
        return new RedisOAuth2AuthorizationService(redis, new AuthorizationCodec(json), clients, clock);
    }

    @Bean
    @DependsOn("authServerFlyway")
    public SigningKeyStore signingKeyStore(JdbcClient jdbc, SigningKeyProperties properties, Clock clock) {
        return new SigningKeyStore(jdbc, properties, clock);
    }

    @Bean
    public JWKSource<SecurityContext> jwkSource(SigningKeyStore keys) {
        return new ImmutableJWKSet<>(new JWKSet(List.copyOf(keys.activeKeys())));
    }

    @Bean
    public JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource, YiwangServerProperties properties) {
        return accessTokenDecoder(jwkSource, properties.issuerString(), List.of());
    }

    /** Decodes our access tokens: typed at+jwt (RFC 9068 §2.1), signed by our keys, from our issuer. */
    static NimbusJwtDecoder accessTokenDecoder(
            JWKSource<SecurityContext> jwkSource, String issuer, List<OAuth2TokenValidator<Jwt>> extraValidators) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(jwkSource)
                .jwsAlgorithms((algorithms) -> {
                    algorithms.add(SignatureAlgorithm.RS256);
                    algorithms.add(SignatureAlgorithm.ES256);
                })
                .jwtProcessorCustomizer((processor) ->
                        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt"))))
                .build();
        List<OAuth2TokenValidator<Jwt>> validators =
                new ArrayList<>(List.of(new JwtTimestampValidator(), new JwtIssuerValidator(issuer)));
        validators.addAll(extraValidators);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return decoder;
    }

    @Bean
    public OAuth2TokenCustomizer<JwtEncodingContext> tokenCustomizer(MeterRegistry meters, SsoSessionStore sessions) {
        return new YiwangTokenCustomizer(meters, sessions);
    }

    @Bean
    public UserClaims userClaims(AccountRepository accounts, RealNameRegistry realNames, AuditLog audit, Clock clock) {
        return new UserClaims(accounts, realNames, audit, clock);
    }

    @Bean
    public ClientBootstrap clientBootstrap(
            RegisteredClientRepository clients,
            ResourceLoader resources,
            @Qualifier("defaultValidator") Validator validator,
            ClientBootstrapProperties properties) {
        return new ClientBootstrap(clients, resources, validator, properties);
    }
}
