package cn.yiwang.id.kit.registry;

import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * The plumbing of a registry's declarative bootstrap file, a YAML list under one root
 * ({@code identity-providers:}, {@code service-providers:}): reading it, binding each entry to the registry's
 * definition record, naming every problem with where it is ({@code identity-providers[2] (zj) issuer: …}), and
 * running it at start-up, entry by entry, counting what was created and updated. Entries absent from the file are
 * kept (they may have been added through the admin API); a missing file means nothing to do; an invalid one
 * stops start-up with every problem listed.
 *
 * <p>What an entry is, how it is validated and how it is written stay with the registry: it gives
 * {@link #run} a {@code read} and an {@code apply}, and {@link #reconcile} makes an {@code apply} safe when
 * several nodes start at once.
 *
 * @param <D> the definition record one entry binds to
 */
public final class RegistryBootstrap<D> {

    private static final Logger log = LoggerFactory.getLogger(RegistryBootstrap.class);

    private static final int MAX_ATTEMPTS = 3;

    // identity-providers[3].claim-mappings.id_number: a setting of one entry
    private static final Pattern ENTRY_PROPERTY = Pattern.compile("([^\\[]+)\\[\\d+]\\..+");

    private final String noun;

    private final String root;

    private final Class<D> definition;

    private final boolean strict;

    /**
     * @param noun what an entry is, for messages ({@code identity-provider}, {@code SAML service-provider})
     * @param root the list the file declares ({@code identity-providers})
     * @param definition the record one entry binds to
     * @param strict whether a setting the record does not have fails binding; a registry that reports unknown
     *     settings itself (with a better message) binds leniently
     */
    public RegistryBootstrap(String noun, String root, Class<D> definition, boolean strict) {
        this.noun = noun;
        this.root = root;
        this.definition = definition;
        this.strict = strict;
    }

    /** @return the list the file declares */
    public String root() {
        return this.root;
    }

    /**
     * Brings the registry in line with the file at {@code location}, when there is one.
     * @param read reads and validates the file, throwing {@link IllegalStateException} with every problem
     * @param apply creates, updates or leaves alone one entry
     * @param <T> an entry
     */
    public <T> void run(
            ResourceLoader resources, String location, Function<Resource, List<T>> read, Function<T, Change> apply) {
        Resource file = resources.getResource(location);
        if (!file.exists()) {
            log.info("No {} bootstrap file at {}; the registry is left as it is", this.noun, location);
            return;
        }
        List<T> entries = read.apply(file);
        Map<Change, Integer> counts = new EnumMap<>(Change.class);
        entries.forEach((entry) -> counts.merge(apply.apply(entry), 1, Integer::sum));
        log.info(
                "{} bootstrap from {}: {} declared, {} created, {} updated",
                capitalized(this.noun),
                location,
                entries.size(),
                counts.getOrDefault(Change.CREATED, 0),
                counts.getOrDefault(Change.UPDATED, 0));
    }

    /**
     * Loads the YAML document.
     * @throws IllegalStateException when it cannot be read or parsed
     */
    public List<PropertySource<?>> load(Resource file) {
        try {
            return new YamlPropertySourceLoader().load(file.getDescription(), file);
        } catch (IOException | RuntimeException ex) {
            throw new IllegalStateException(
                    "Cannot read " + this.noun + " bootstrap file " + file.getDescription() + ": " + ex.getMessage(),
                    ex);
        }
    }

    /**
     * Binds the list to definitions, in file order.
     * @throws IllegalStateException naming the property that could not be bound
     */
    public List<D> bind(Resource file, List<PropertySource<?>> sources) {
        // strict: a misspelt setting must not be dropped silently
        BindHandler handler = this.strict ? new NoUnboundElementsBindHandler(BindHandler.DEFAULT) : BindHandler.DEFAULT;
        try {
            return new Binder(ConfigurationPropertySources.from(sources))
                    .bind(this.root, Bindable.listOf(this.definition), handler)
                    .orElse(List.of());
        } catch (BindException ex) {
            throw invalid(
                    file,
                    List.of(ex.getName() + ": "
                            + NestedExceptionUtils.getMostSpecificCause(ex).getMessage()));
        }
    }

    /**
     * Properties outside the list: a misspelt list name, or a map where the list belongs, would otherwise declare
     * nothing, silently.
     * @return one problem per such property, sorted
     */
    public List<String> strayProperties(List<PropertySource<?>> sources) {
        Set<String> problems = new TreeSet<>();
        String list = relaxed(this.root);
        for (PropertySource<?> source : sources) {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                for (String name : enumerable.getPropertyNames()) {
                    Matcher entry = ENTRY_PROPERTY.matcher(name);
                    boolean inList = entry.matches() && relaxed(entry.group(1)).equals(list);
                    if (!inList && !relaxed(name).equals(list)) {
                        problems.add(name + ": not part of the list " + this.root
                                + " (each entry starts with '- alias:'), which is all this file may contain");
                    }
                }
            }
        }
        return List.copyOf(problems);
    }

    /** @return the prefix of entry {@code index}'s problems: {@code root[index] (alias) } */
    public String where(int index, String alias) {
        return this.root + "[" + index + "] (" + ((alias != null) ? alias : "no alias") + ") ";
    }

    /** @return the exception that stops start-up, listing every problem */
    public IllegalStateException invalid(Resource file, List<String> problems) {
        return new IllegalStateException(capitalized(this.noun) + " bootstrap file " + file.getDescription()
                + " is invalid:\n  - " + String.join("\n  - ", problems));
    }

    /**
     * The admin API's field name as the file spells it: {@code displayNameZh} becomes {@code display-name-zh},
     * {@code assertionConsumerServices[0].location} {@code assertion-consumer-services[0].location}; what follows
     * the first {@code .} or {@code [} (map keys, nested fields) stays as it is.
     */
    public static String fileField(String field) {
        int end = 0;
        while (end < field.length() && field.charAt(end) != '.' && field.charAt(end) != '[') {
            end++;
        }
        return field.substring(0, end).replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT)
                + field.substring(end);
    }

    /**
     * Runs one entry's apply until it is not overtaken by another node bootstrapping at the same moment: an
     * attempt that loses a race ({@link DuplicateKeyException}, {@link OptimisticLockingFailureException}) or
     * finds its entry gone (an empty result) compares again with what the winner stored.
     * @param name the entry, for the error ({@code Identity provider zj})
     * @param attempt one comparison and write
     * @return what the successful attempt did
     * @throws IllegalStateException when every attempt was overtaken
     */
    public static Change reconcile(String name, Supplier<Optional<Change>> attempt) {
        for (int i = 1; i <= MAX_ATTEMPTS; i++) {
            try {
                Optional<Change> change = attempt.get();
                if (change.isPresent()) {
                    return change.get();
                }
            } catch (DuplicateKeyException | OptimisticLockingFailureException ex) {
                log.debug("{} changed concurrently, comparing again", name);
            }
        }
        throw new IllegalStateException(
                name + " kept changing while the bootstrap applied it; " + MAX_ATTEMPTS + " attempts failed");
    }

    private static String relaxed(String name) {
        return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    private static String capitalized(String noun) {
        return Character.toUpperCase(noun.charAt(0)) + noun.substring(1);
    }
}
