package cn.yiwang.id.server.client;

import cn.yiwang.id.kit.registry.Change;
import cn.yiwang.id.kit.registry.RegistryBootstrap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Brings the registered clients in line with the declarative bootstrap file ({@code yiwang.bootstrap.clients-file})
 * at start-up: new clients are created, changed ones updated, unchanged ones left alone; clients absent from the
 * file are kept, and so is a client an administrator (or the client itself, RFC 7592) changed since, which the
 * file no longer governs. Goes through {@link ClientAdministration}, so the file obeys the admin API's rules and
 * each change is audited. A missing file means nothing to do; an invalid one stops start-up with every problem
 * listed.
 */
public final class ClientBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ClientBootstrap.class);

    /** The list the file declares. */
    static final String ROOT = "clients";

    private static final RegistryBootstrap<ClientDefinition> FILE =
            new RegistryBootstrap<>("client", ROOT, ClientDefinition.class, true);

    private final ClientAdministration administration;
    private final ResourceLoader resources;
    private final ClientBootstrapProperties properties;

    public ClientBootstrap(
            ClientAdministration administration, ResourceLoader resources, ClientBootstrapProperties properties) {
        this.administration = administration;
        this.resources = resources;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        FILE.run(this.resources, this.properties.clientsFile(), this::read, this::apply);
    }

    /**
     * Reads and validates every definition (the admin API's rules), failing with all problems at once, each as
     * {@code clients[index] (client-id) field: message}.
     */
    public List<ClientDefinition> read(Resource file) {
        List<PropertySource<?>> sources = FILE.load(file);
        List<String> problems = new ArrayList<>(FILE.strayProperties(sources));
        List<ClientDefinition> definitions = FILE.bind(file, sources);
        Map<String, Integer> seen = new HashMap<>();
        Set<String> secrets = new HashSet<>();
        for (int i = 0; i < definitions.size(); i++) {
            ClientDefinition definition = definitions.get(i);
            String where = FILE.where(i, definition.clientId());
            this.administration
                    .validate(definition)
                    .forEach((violation) -> problems.add(
                            where + RegistryBootstrap.fileField(violation.field()) + ": " + violation.message()));
            Integer first = seen.putIfAbsent(String.valueOf(definition.clientId()), i);
            if (first != null) {
                problems.add(where + "client-id: declared twice (also " + ROOT + "[" + first + "])");
            }
            if (definition.hasSecret() && !secrets.add(definition.clientSecret())) {
                problems.add(where + "client-secret: the same hash is used by another client; give each client"
                        + " its own secret (a salted hash differs even for equal secrets)");
            }
        }
        if (!problems.isEmpty()) {
            throw FILE.invalid(file, problems);
        }
        return definitions;
    }

    /** Creates, updates or leaves alone one client, as {@code system:bootstrap}. */
    public Change apply(ClientDefinition definition) {
        return RegistryBootstrap.reconcile("Client " + definition.clientId(), () -> {
            String managedBy = this.administration
                    .find(definition.clientId())
                    .map(StoredClient::managedBy)
                    .orElse("bootstrap");
            if (!"bootstrap".equals(managedBy)) {
                log.info(
                        "Client {} is managed by {} since it was changed there; its entry in the bootstrap file is"
                                + " ignored",
                        definition.clientId(),
                        managedBy);
                return Optional.of(Change.UNCHANGED);
            }
            return Optional.of(this.administration
                    .save(definition, null, "system:bootstrap", "bootstrap")
                    .change());
        });
    }
}
