package cn.yiwang.id.server.client;

import cn.yiwang.id.server.logout.ClientLogoutSettings;
import cn.yiwang.id.server.qr.QrLoginApps;
import cn.yiwang.id.server.token.UserClaims;
import cn.yiwang.id.server.web.AcrRequirementFilter;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * Brings the registered clients in line with the declarative bootstrap file at start-up:
 * new clients are created, changed ones updated, unchanged ones left alone.
 */
public final class ClientBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ClientBootstrap.class);

    private final RegisteredClientRepository clients;
    private final ResourceLoader resources;
    private final Validator validator;
    private final ClientBootstrapProperties properties;

    public ClientBootstrap(
            RegisteredClientRepository clients,
            ResourceLoader resources,
            Validator validator,
            ClientBootstrapProperties properties) {
        this.clients = clients;
        this.resources = resources;
        this.validator = validator;
        this.properties = properties;
    }

    /** How one bootstrap run ended for one client. */
    public enum Change {
        CREATED,
        UPDATED,
        UNCHANGED
    }

    @Override
    public void run(ApplicationArguments args) {
        Resource file = this.resources.getResource(this.properties.clientsFile());
        if (!file.exists()) {
            log.info(
                    "No client bootstrap file at {}; registered clients left as they are",
                    this.properties.clientsFile());
            return;
        }
        List<ClientDefinition> definitions = read(file);
        int created = 0;
        int updated = 0;
        for (ClientDefinition definition : definitions) {
            Change change = apply(definition);
            created += (change == Change.CREATED) ? 1 : 0;
            updated += (change == Change.UPDATED) ? 1 : 0;
        }
        log.info(
                "Client bootstrap from {}: {} declared, {} created, {} updated",
                this.properties.clientsFile(),
                definitions.size(),
                created,
                updated);
    }

    /** Reads and validates every definition, failing with all problems at once. */
    public List<ClientDefinition> read(Resource file) {
        List<PropertySource<?>> sources;
        try {
            sources = new YamlPropertySourceLoader().load(file.getDescription(), file);
        } catch (IOException | RuntimeException ex) {
            throw new IllegalStateException(
                    "Cannot read client bootstrap file " + file.getDescription() + ": " + ex.getMessage(), ex);
        }
        List<ClientDefinition> definitions = new Binder(ConfigurationPropertySources.from(sources))
                .bind("clients", Bindable.listOf(ClientDefinition.class))
                .orElse(List.of());
        List<String> problems = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        Set<String> secrets = new java.util.HashSet<>();
        for (int i = 0; i < definitions.size(); i++) {
            ClientDefinition definition = definitions.get(i);
            String where = "clients[" + i + "] (" + definition.clientId() + ")";
            for (ConstraintViolation<ClientDefinition> violation : this.validator.validate(definition)) {
                problems.add(where + " " + violation.getPropertyPath() + ": " + violation.getMessage());
            }
            ClientDefinitionRules.violations(definition).forEach((p) -> problems.add(where + " " + p));
            if (!seen.add(String.valueOf(definition.clientId()))) {
                problems.add(where + " client-id: declared twice");
            }
            if (!definition.isPublic() && !secrets.add(definition.clientSecret())) {
                problems.add(where + " client-secret: the same hash is used by another client; give each client"
                        + " its own secret (a salted hash differs even for equal secrets)");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Client bootstrap file " + file.getDescription() + " is invalid:\n  - "
                    + String.join("\n  - ", problems));
        }
        return definitions;
    }

    public Change apply(ClientDefinition definition) {
        RegisteredClient existing = this.clients.findByClientId(definition.clientId());
        RegisteredClient desired = toRegisteredClient(definition, existing);
        if (existing == null) {
            this.clients.save(desired);
            log.info("Client {} created", definition.clientId());
            return Change.CREATED;
        }
        if (existing.equals(desired)) {
            return Change.UNCHANGED;
        }
        this.clients.save(desired);
        log.info("Client {} updated", definition.clientId());
        return Change.UPDATED;
    }

    static RegisteredClient toRegisteredClient(ClientDefinition definition, RegisteredClient existing) {
        boolean isPublic = definition.isPublic();
        RegisteredClient.Builder builder = RegisteredClient.withId(
                        (existing != null)
                                ? existing.getId()
                                : UUID.randomUUID().toString())
                .clientId(definition.clientId())
                .clientIdIssuedAt((existing != null) ? existing.getClientIdIssuedAt() : Instant.now())
                .clientName((definition.clientName() != null) ? definition.clientName() : definition.clientId());
        if (isPublic) {
            builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
        } else {
            builder.clientSecret(definition.clientSecret())
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST);
        }
        definition.grantTypes().forEach((g) -> builder.authorizationGrantType(new AuthorizationGrantType(g)));
        definition.redirectUris().forEach(builder::redirectUri);
        definition.postLogoutRedirectUris().forEach(builder::postLogoutRedirectUri);
        definition.scopes().forEach(builder::scope);
        ClientSettings.Builder settings = ClientSettings.builder()
                .requireProofKey(isPublic || definition.requirePkce())
                .requireAuthorizationConsent(definition.requireConsent());
        if (definition.backchannelLogoutUri() != null) {
            settings.setting(ClientLogoutSettings.BACKCHANNEL_URI, definition.backchannelLogoutUri())
                    .setting(
                            ClientLogoutSettings.BACKCHANNEL_SESSION_REQUIRED,
                            definition.backchannelLogoutSessionRequired());
        }
        if (definition.frontchannelLogoutUri() != null) {
            settings.setting(ClientLogoutSettings.FRONTCHANNEL_URI, definition.frontchannelLogoutUri())
                    .setting(
                            ClientLogoutSettings.FRONTCHANNEL_SESSION_REQUIRED,
                            definition.frontchannelLogoutSessionRequired());
        }
        if (definition.releaseIdNumber()) {
            settings.setting(UserClaims.RELEASE_ID_NUMBER, true);
        }
        if (definition.minimumAcr() != null) {
            settings.setting(AcrRequirementFilter.MINIMUM_ACR, definition.minimumAcr());
        }
        if (definition.qrLoginApp()) {
            settings.setting(QrLoginApps.QR_LOGIN_APP, true);
        }
        if (definition.province() != null) {
            settings.setting(QrLoginApps.PROVINCE, definition.province());
        }
        builder.clientSettings(settings.build());
        builder.tokenSettings(TokenSettings.builder()
                .accessTokenTimeToLive(definition.accessTokenTtl())
                .refreshTokenTimeToLive(definition.refreshTokenTtl())
                .authorizationCodeTimeToLive(definition.authorizationCodeTtl())
                .deviceCodeTimeToLive(definition.deviceCodeTtl())
                .reuseRefreshTokens(false)
                .idTokenSignatureAlgorithm(SignatureAlgorithm.from(definition.idTokenSignatureAlgorithm()))
                .build());
        return builder.build();
    }
}
