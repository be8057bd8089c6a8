package cn.yiwang.id.server.saml.registry;

import cn.yiwang.id.kit.registry.RegistryBootstrap;
import cn.yiwang.id.kit.registry.Violation;
import cn.yiwang.id.saml.metadata.EntityMetadata;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

/**
 * Brings the SAML service-provider registry in line with the declarative bootstrap file
 * ({@code yiwang.saml.service-providers-file}) at start-up: new providers are created, changed ones
 * updated, unchanged ones left alone, and providers absent from the file are kept (they may have been
 * added through the admin API). A missing file means nothing to do; an invalid one stops start-up with
 * every problem listed. A {@code metadata-url} that cannot be fetched right now leaves that provider as
 * it is stored (with a warning), so one SP's server being down does not stop the IdP.
 */
@Component
public final class ServiceProviderBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ServiceProviderBootstrap.class);

    /** The list the file declares. */
    static final String ROOT = "service-providers";

    private static final RegistryBootstrap<ServiceProviderDefinition> FILE =
            new RegistryBootstrap<>("SAML service-provider", ROOT, ServiceProviderDefinition.class, true);

    private final ServiceProviderAdministration administration;

    private final MetadataFetcher fetcher;

    private final ResourceLoader resources;

    private final ServiceProviderRegistryProperties properties;

    public ServiceProviderBootstrap(
            ServiceProviderAdministration administration,
            MetadataFetcher fetcher,
            ResourceLoader resources,
            ServiceProviderRegistryProperties properties) {
        this.administration = administration;
        this.fetcher = fetcher;
        this.resources = resources;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        String location = this.properties.serviceProvidersFile();
        FILE.run(
                this.resources,
                location,
                this::read,
                (provider) -> this.administration
                        .save(provider, null, "bootstrap:" + location)
                        .change());
    }

    /**
     * Reads and validates every definition, metadata included.
     * @param file the bootstrap file
     * @return the providers it declares, in file order, without those whose metadata URL cannot be
     *     fetched right now
     * @throws IllegalStateException listing every problem, each as
     *     {@code service-providers[index] (alias) field: message}
     */
    public List<ServiceProvider> read(Resource file) {
        List<PropertySource<?>> sources = FILE.load(file);
        List<String> problems = new ArrayList<>(FILE.strayProperties(sources));
        List<ServiceProviderDefinition> definitions = FILE.bind(file, sources);
        Map<String, Integer> aliases = new HashMap<>();
        Map<String, Integer> entityIds = new HashMap<>();
        List<ServiceProvider> providers = new ArrayList<>();
        for (int i = 0; i < definitions.size(); i++) {
            ServiceProviderDefinition definition = definitions.get(i);
            String where = FILE.where(i, definition.alias());
            List<String> own = new ArrayList<>();
            ServiceProvider provider = resolve(definition, file, own);
            if (provider != null) {
                // a provider whose metadata failed lacks what the metadata gives: judging it would add noise
                if (own.isEmpty() || !definition.fromMetadata()) {
                    this.administration
                            .validate(provider)
                            .forEach((violation) -> own.add(
                                    RegistryBootstrap.fileField(violation.field()) + ": " + violation.message()));
                }
                Integer first = aliases.putIfAbsent(String.valueOf(definition.alias()), i);
                if (first != null) {
                    own.add("alias: declared twice (also " + ROOT + "[" + first + "])");
                }
                Integer same = (provider.entityId() != null) ? entityIds.putIfAbsent(provider.entityId(), i) : null;
                if (same != null) {
                    own.add("entity-id: " + provider.entityId() + " is declared twice (also " + ROOT + "[" + same
                            + "])");
                }
                providers.add(provider);
            }
            own.forEach((problem) -> problems.add(where + problem));
        }
        if (!problems.isEmpty()) {
            throw FILE.invalid(file, problems);
        }
        return providers;
    }

    /** The provider a definition declares, or null when its metadata URL cannot be fetched now. */
    private ServiceProvider resolve(ServiceProviderDefinition definition, Resource file, List<String> problems) {
        if (!definition.fromMetadata()) {
            List<Violation> unreadable = new ArrayList<>();
            ServiceProvider provider = definition.toServiceProvider(unreadable);
            unreadable.forEach((violation) ->
                    problems.add(RegistryBootstrap.fileField(violation.field()) + ": " + violation.message()));
            return provider;
        }
        if (definition.metadataFile() != null && definition.metadataUrl() != null) {
            problems.add("metadata-file, metadata-url: give one of them");
            return definition.policy();
        }
        definition
                .inlineSettings()
                .forEach((setting) -> problems.add(setting + ": comes from the metadata; remove it"
                        + " here, or remove the metadata setting and declare the provider inline"));
        byte[] xml;
        String url = definition.metadataUrl();
        if (url != null) {
            try {
                xml = this.fetcher.fetch(url);
            } catch (InvalidServiceProviderException ex) {
                ex.violations().forEach((violation) -> problems.add("metadata-url: " + violation.message()));
                return definition.policy();
            } catch (MetadataUnavailableException ex) {
                log.warn(
                        "SAML service provider {} left as stored: its metadata is unavailable: {}",
                        definition.alias(),
                        ex.getMessage());
                return null;
            }
        } else {
            xml = metadataFile(file, definition.metadataFile(), problems);
            if (xml == null) {
                return definition.policy();
            }
        }
        EntityMetadata metadata;
        try {
            metadata = ImportedServiceProviderMetadata.read(xml);
        } catch (InvalidServiceProviderException ex) {
            String setting = (url != null) ? "metadata-url" : "metadata-file";
            ex.violations().forEach((violation) -> problems.add(setting + ": " + violation.message()));
            return definition.policy();
        }
        return ImportedServiceProviderMetadata.apply(metadata, definition.policy(), url);
    }

    private static byte[] metadataFile(Resource file, String path, List<String> problems) {
        try {
            Resource metadata = file.createRelative(path);
            if (!metadata.exists()) {
                problems.add("metadata-file: " + path + " does not exist (the path is relative to this file)");
                return null;
            }
            if (metadata.contentLength() > MetadataFetcher.MAX_BYTES) {
                problems.add("metadata-file: " + path + " is larger than " + MetadataFetcher.MAX_BYTES + " bytes");
                return null;
            }
            return metadata.getContentAsByteArray();
        } catch (IOException ex) {
            problems.add("metadata-file: cannot read " + path + ": " + ex.getMessage());
            return null;
        }
    }
}
