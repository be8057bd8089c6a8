package cn.yiwang.id.server.client;

import cn.yiwang.id.federation.registry.Violation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

/**
 * Brings the registered clients in line with the declarative bootstrap file at start-up:
 * new clients are created, changed ones updated, unchanged ones left alone (clients created through
 * the admin API or registration are not touched). Goes through {@link ClientAdministration}, so the
 * file obeys the admin API's rules and each change is audited.
 */
public final class ClientBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ClientBootstrap.class);

    private final ClientAdministration administration;
    private final ResourceLoader resources;
    private final ClientBootstrapProperties properties;

    public ClientBootstrap(
            ClientAdministration administration, ResourceLoader resources, ClientBootstrapProperties properties) {
        this.administration = administration;
        this.resources = resources;
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

    /** Reads and validates every definition (the admin API's rules), failing with all problems at once. */
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
        Set<String> seen = new HashSet<>();
        Set<String> secrets = new HashSet<>();
        for (int i = 0; i < definitions.size(); i++) {
            ClientDefinition definition = definitions.get(i);
            String where = "clients[" + i + "] (" + definition.clientId() + ")";
            for (Violation violation : this.administration.validate(definition)) {
                problems.add(where + " " + kebabCase(violation.field()) + ": " + violation.message());
            }
            if (!seen.add(String.valueOf(definition.clientId()))) {
                problems.add(where + " client-id: declared twice");
            }
            if (definition.hasSecret() && !secrets.add(definition.clientSecret())) {
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
        String managedBy = this.administration
                .find(definition.clientId())
                .map(StoredClient::managedBy)
                .orElse("bootstrap");
        if (!"bootstrap".equals(managedBy)) {
            // an administrator (or the client itself, RFC 7592) took it over: the file no longer governs it
            log.info(
                    "Client {} is managed by {} since it was changed there; its entry in the bootstrap file is"
                            + " ignored",
                    definition.clientId(),
                    managedBy);
            return Change.UNCHANGED;
        }
        return switch (this.administration
                .save(definition, null, "system:bootstrap", "bootstrap")
                .change()) {
            case CREATED -> Change.CREATED;
            case UPDATED -> Change.UPDATED;
            case UNCHANGED -> Change.UNCHANGED;
        };
    }

    // redirectUris -> redirect-uris, as the file names the field
    private static String kebabCase(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
