package cn.yiwang.id.server.config;

import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.account.delegation.AgentDelegations;
import cn.yiwang.id.account.realname.RealNameRegistry;
import cn.yiwang.id.server.YiwangServerProperties;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.audit.AuditedConsents;
import cn.yiwang.id.server.authorization.AuthorizationCodec;
import cn.yiwang.id.server.authorization.RedisOAuth2AuthorizationService;
import cn.yiwang.id.server.client.ClientAdministration;
import cn.yiwang.id.server.client.ClientAssertionDecoderFactory;
import cn.yiwang.id.server.client.ClientBootstrap;
import cn.yiwang.id.server.client.ClientBootstrapProperties;
import cn.yiwang.id.server.client.ClientRegistry;
import cn.yiwang.id.server.client.ClientRegistryProperties;
import cn.yiwang.id.server.client.InitialAccessTokens;
import cn.yiwang.id.server.client.JdbcClientRepository;
import cn.yiwang.id.server.client.SectorIdentifiers;
import cn.yiwang.id.server.client.SubjectIdentifiers;
import cn.yiwang.id.server.device.DeviceEndpoints;
import cn.yiwang.id.server.enterprise.EnterpriseClaim;
import cn.yiwang.id.server.keys.NativeCryptoProperties;
import cn.yiwang.id.server.keys.NativeSigning;
import cn.yiwang.id.server.keys.SigningKeyProperties;
import cn.yiwang.id.server.keys.SigningKeyStore;
import cn.yiwang.id.server.keys.SigningKeys;
import cn.yiwang.id.server.session.SsoSessionStore;
import cn.yiwang.id.server.token.SessionBoundRefreshTokenGenerator;
import cn.yiwang.id.server.token.UserClaims;
import cn.yiwang.id.server.token.YiwangTokenCustomizer;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.Validator;
import java.time.Clock;
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
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2AccessTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.transaction.support.TransactionTemplate;
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
        return DeviceEndpoints.settings(AuthorizationServerSettings.builder())
                .issuer(properties.issuerString())
                .build();
    }

    @Bean
    @DependsOn("authServerFlyway")
    public JdbcClientRepository clientRepository(JdbcTemplate jdbc, Clock clock) {
        return new JdbcClientRepository(jdbc, clock);
    }

    @Bean
    public ClientRegistry registeredClientRepository(
            JdbcClientRepository repository, ClientRegistryProperties properties) {
        return new ClientRegistry(repository, properties.registryRefreshInterval());
    }

    @Bean
    public ClientAdministration clientAdministration(
            JdbcClientRepository repository,
            ClientRegistry registry,
            @Qualifier("defaultValidator") Validator validator,
            ClientRegistryProperties properties,
            AuditLog audit,
            Clock clock) {
        return new ClientAdministration(
                repository, registry, validator, new SectorIdentifiers(properties.fetchTimeout()), audit, clock);
    }

    @Bean
    @DependsOn("authServerFlyway")
    public OAuth2AuthorizationConsentService authorizationConsentService(
            JdbcTemplate jdbc, RegisteredClientRepository clients, AuditLog audit, Clock clock) {
        return new AuditedConsents(new JdbcOAuth2AuthorizationConsentService(jdbc, clients), clients, audit, clock);
    }

    @Bean
    public RedisOAuth2AuthorizationService authorizationService(
            StringRedisTemplate redis,
            JsonMapper json,
            RegisteredClientRepository clients,
            Clock clock,
            AgentDelegations delegations,
            SsoSessionStore sessions) {
        RedisOAuth2AuthorizationService service =
                new RedisOAuth2AuthorizationService(redis, new AuthorizationCodec(json), clients, clock);
        // a refresh racing the end of its session must not leave tokens behind in it
        service.setLiveSessions(sessions::isLive);
        // tokens issued while a community agent acts for a citizen end with the citizen's delegation
        service.setDelegations(delegations::inForce);
        return service;
    }

    @Bean
    @DependsOn("authServerFlyway")
    public SigningKeyStore signingKeyStore(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            SigningKeyProperties properties,
            Clock clock,
            NativeSigning nativeSigning) {
        return new SigningKeyStore(jdbc, transactions, properties, clock, nativeSigning);
    }

    /** The native signing provider, put first among the JVM's providers before any key is read. */
    @Bean
    public NativeSigning nativeSigning(NativeCryptoProperties properties) {
        return NativeSigning.install(properties.nativeProvider());
    }

    @Bean
    public SigningKeys signingKeys(SigningKeyStore store, SigningKeyProperties properties, Clock clock) {
        return new SigningKeys(store, properties, clock);
    }

    /** Published and verifying keys (JWKS endpoint, our decoders): active, next and retired, public parts. */
    @Bean
    public JWKSource<SecurityContext> jwkSource(SigningKeys keys) {
        return keys.publishedSource();
    }

    /** Signs ID, access and logout tokens with the active key of each algorithm only. */
    @Bean
    public JwtEncoder jwtEncoder(SigningKeys keys) {
        return new NimbusJwtEncoder(keys.signingSource());
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
    public OAuth2TokenCustomizer<JwtEncodingContext> tokenCustomizer(
            MeterRegistry meters,
            SsoSessionStore sessions,
            SubjectIdentifiers subjects,
            EnterpriseClaim enterpriseClaim) {
        return new YiwangTokenCustomizer(meters, sessions, subjects, enterpriseClaim);
    }

    @Bean
    public InitialAccessTokens initialAccessTokens(StringRedisTemplate redis) {
        return new InitialAccessTokens(redis);
    }

    @Bean
    public SubjectIdentifiers subjectIdentifiers(SigningKeyStore keys) {
        return new SubjectIdentifiers(keys.derivedKey("oidc-pairwise-subject"));
    }

    @Bean
    public ClientAssertionDecoderFactory clientAssertionDecoderFactory(
            YiwangServerProperties server,
            StringRedisTemplate redis,
            ClientRegistryProperties properties,
            Clock clock) {
        return new ClientAssertionDecoderFactory(server.issuerString(), redis, properties.fetchTimeout(), clock);
    }

    /**
     * Spring Authorization Server's generators, made explicit so the device grant can issue ID tokens with them
     * too, signing through the rotation-aware encoder (the active key of each role only: the JWKS also lists next
     * and retired keys), and with refresh tokens for public clients bound to their SSO session ({@link
     * SessionBoundRefreshTokenGenerator}).
     */
    @Bean
    public OAuth2TokenGenerator<OAuth2Token> tokenGenerator(
            JwtEncoder jwtEncoder,
            OAuth2TokenCustomizer<JwtEncodingContext> tokenCustomizer,
            ClientRegistryProperties properties,
            Clock clock) {
        JwtGenerator jwt = new JwtGenerator(jwtEncoder);
        jwt.setJwtCustomizer(tokenCustomizer);
        jwt.setClock(clock);
        return new DelegatingOAuth2TokenGenerator(
                jwt,
                new OAuth2AccessTokenGenerator(),
                new SessionBoundRefreshTokenGenerator(properties.publicRefreshTokenMaxTtl(), clock));
    }

    @Bean
    public UserClaims userClaims(AccountRepository accounts, RealNameRegistry realNames, AuditLog audit, Clock clock) {
        return new UserClaims(accounts, realNames, audit, clock);
    }

    @Bean
    public ClientBootstrap clientBootstrap(
            ClientAdministration administration, ResourceLoader resources, ClientBootstrapProperties properties) {
        return new ClientBootstrap(administration, resources, properties);
    }
}
