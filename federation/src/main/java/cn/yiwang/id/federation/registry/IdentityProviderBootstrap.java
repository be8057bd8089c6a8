package cn.yiwang.id.federation.registry;

import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.kit.registry.Change;
import cn.yiwang.id.kit.registry.RegistryBootstrap;
import cn.yiwang.id.kit.registry.Violation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

/**
 * Brings the identity-provider registry in line with the declarative bootstrap file
 * ({@code yiwang.federation.identity-providers-file}) at start-up: new providers are created,
 * changed ones updated, unchanged ones left alone, and providers absent from the file are kept (they
 * may have been added through the admin API). A missing file means nothing to do; an invalid one
 * stops start-up with every problem listed.
 *
 * <p>Several nodes starting at once run this concurrently: a create or update that loses the race
 * is compared again with what the winner stored ({@link RegistryBootstrap#reconcile}).
 */
@Component
public final class IdentityProviderBootstrap implements ApplicationRunner {

    private static final String ROOT = "identity-providers";

    private static final RegistryBootstrap<IdentityProviderDefinition> FILE =
            new RegistryBootstrap<>("identity-provider", ROOT, IdentityProviderDefinition.class, false);

    // identity-providers[3].claim-mappings.id_number -> 3, claim-mappings, .id_number
    private static final Pattern ENTRY_PROPERTY = Pattern.compile("([^\\[]+)\\[(\\d+)]\\.([^.\\[]+)(.*)");

    // the settings a definition may have, as the file spells them
    private static final List<String> SETTINGS = Stream.of(IdentityProviderDefinition.class.getRecordComponents())
            .map((component) -> fileField(component.getName()))
            .toList();

    // the same, relaxed (case, '-' and '_' ignored) as Binder matches them
    private static final Set<String> RELAXED_SETTINGS =
            SETTINGS.stream().map(IdentityProviderBootstrap::relaxed).collect(Collectors.toUnmodifiableSet());

    // the settings under saml, as the file spells them
    private static final List<String> SAML_SETTINGS = Stream.of(
                    IdentityProviderDefinition.SamlDefinition.class.getRecordComponents())
            .map((component) -> fileField(component.getName()))
            .toList();

    private final IdentityProviderAdministration administration;

    private final ResourceLoader resources;

    private final Environment environment;

    private final FederationRegistryProperties properties;

    public IdentityProviderBootstrap(
            IdentityProviderAdministration administration,
            ResourceLoader resources,
            Environment environment,
            FederationRegistryProperties properties) {
        this.administration = administration;
        this.resources = resources;
        this.environment = environment;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        String location = this.properties.identityProvidersFile();
        FILE.run(this.resources, location, this::read, (provider) -> apply(provider, "bootstrap:" + location));
    }

    /**
     * Reads and validates every definition, secrets taken from the environment.
     * @param file the bootstrap file
     * @return the providers it declares, in file order
     * @throws IllegalStateException listing every problem, each as
     * {@code identity-providers[index] (alias) field: message}
     */
    public List<IdentityProvider> read(Resource file) {
        List<PropertySource<?>> sources = FILE.load(file);
        List<IdentityProviderDefinition> definitions = FILE.bind(file, sources);
        Map<Integer, Map<String, String>> entries = rawEntries(sources);
        List<String> problems = new ArrayList<>(FILE.strayProperties(sources));
        Map<String, Integer> seen = new HashMap<>();
        List<IdentityProvider> providers = new ArrayList<>();
        for (int i = 0; i < definitions.size(); i++) {
            IdentityProviderDefinition definition = definitions.get(i);
            String where = FILE.where(i, definition.alias());
            Map<String, String> raw = entries.getOrDefault(i, Map.of());
            List<String> own = new ArrayList<>(unknownSettings(raw));
            String secret = secret(definition, own);
            IdentityProvider provider =
                    definition.toIdentityProvider(secret, claimMappings(raw), authnContextLevels(raw));
            boolean secretReported = own.stream().anyMatch((p) -> p.startsWith("client-secret"));
            for (Violation violation : IdentityProviderValidator.validate(provider)) {
                String field = fileField(violation.field());
                if (!(secretReported && field.equals("client-secret-env"))) {
                    own.add(field + ": " + violation.message());
                }
            }
            Integer first = seen.putIfAbsent(String.valueOf(definition.alias()), i);
            if (first != null) {
                own.add("alias: declared twice (also " + ROOT + "[" + first + "])");
            }
            own.forEach((problem) -> problems.add(where + problem));
            providers.add(provider);
        }
        if (!problems.isEmpty()) {
            throw FILE.invalid(file, problems);
        }
        return providers;
    }

    /**
     * Creates, updates or leaves alone one provider, comparing field by field (secrets decrypted).
     * @param desired the provider as declared
     * @param actor who changes it, for the audit log
     * @return what was done
     */
    public Change apply(IdentityProvider desired, String actor) {
        return RegistryBootstrap.reconcile("Identity provider " + desired.alias(), () -> {
            VersionedIdentityProvider existing =
                    this.administration.find(desired.alias()).orElse(null);
            if (existing == null) {
                this.administration.create(desired, actor);
                return Optional.of(Change.CREATED);
            }
            if (IdentityProviderChanges.changedFields(existing.provider(), desired)
                    .isEmpty()) {
                return Optional.of(Change.UNCHANGED);
            }
            return this.administration
                    .update(desired, existing.version(), actor)
                    .map((updated) -> Change.UPDATED);
        });
    }

    private String secret(IdentityProviderDefinition definition, List<String> problems) {
        String variable = definition.clientSecretEnv();
        if (variable == null || variable.isBlank()) {
            return null;
        }
        String value = this.environment.getProperty(variable.strip());
        if (value == null || value.isEmpty()) {
            problems.add("client-secret-env: the environment variable " + variable.strip() + " is not set or empty");
            return null;
        }
        return value;
    }

    private static List<String> unknownSettings(Map<String, String> raw) {
        Set<String> problems = new TreeSet<>();
        for (String setting : raw.keySet()) {
            String name = setting.substring(0, indexOfKey(setting));
            if (relaxed(name).equals("clientsecret")) {
                problems.add(name + ": secrets are never written in this file; set client-secret-env to the name of "
                        + "the environment variable that holds it");
            } else if (!RELAXED_SETTINGS.contains(relaxed(name))) {
                problems.add(name + ": unknown setting; the settings are " + String.join(", ", SETTINGS));
            } else if (relaxed(name).equals("saml")) {
                String sub = samlSetting(setting);
                if (SAML_SETTINGS.stream().noneMatch((known) -> relaxed(known).equals(relaxed(sub)))) {
                    problems.add("saml." + sub + ": unknown setting; the settings under saml are "
                            + String.join(", ", SAML_SETTINGS));
                }
            }
        }
        return List.copyOf(problems);
    }

    // saml.authn-context-levels.urn:x:y -> authn-context-levels
    private static String samlSetting(String setting) {
        String rest = setting.substring(indexOfKey(setting));
        rest = rest.startsWith(".") ? rest.substring(1) : rest;
        return rest.substring(0, indexOfKey(rest));
    }

    // as written, like the claim mappings: a class reference such as http://example.gov.cn/loa/2.0 has dots,
    // which binding would take for nesting; a level that is not a number becomes 0, which a rule reports
    private static Map<String, Integer> authnContextLevels(Map<String, String> raw) {
        Map<String, Integer> levels = new LinkedHashMap<>();
        raw.forEach((setting, value) -> {
            if (!relaxed(setting.substring(0, indexOfKey(setting))).equals("saml")) {
                return;
            }
            String rest = setting.substring(indexOfKey(setting));
            rest = rest.startsWith(".") ? rest.substring(1) : rest;
            int keyStart = indexOfKey(rest);
            if (!relaxed(rest.substring(0, keyStart)).equals("authncontextlevels") || keyStart == rest.length()) {
                return;
            }
            String key = rest.substring(keyStart);
            key = key.startsWith(".")
                    ? key.substring(1)
                    : (key.startsWith("[") && key.endsWith("]")) ? key.substring(1, key.length() - 1) : key;
            levels.put(key, level(value));
        });
        return levels;
    }

    private static int level(String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException ex) {
            return 0;
        }
    }

    // the YAML as written: Binder would drop the '_' of map keys like id_number unless quoted in brackets
    private static Map<String, String> claimMappings(Map<String, String> raw) {
        Map<String, String> mappings = new LinkedHashMap<>();
        raw.forEach((setting, value) -> {
            int keyStart = indexOfKey(setting);
            if (relaxed(setting.substring(0, keyStart)).equals("claimmappings") && keyStart < setting.length()) {
                String key = setting.substring(keyStart);
                key = key.startsWith(".")
                        ? key.substring(1)
                        : (key.startsWith("[") && key.endsWith("]")) ? key.substring(1, key.length() - 1) : key;
                mappings.put(key, value);
            }
        });
        return mappings;
    }

    /** Every property under {@code identity-providers[i]}, by index, named from the setting on. */
    private static Map<Integer, Map<String, String>> rawEntries(List<PropertySource<?>> sources) {
        Map<Integer, Map<String, String>> entries = new HashMap<>();
        for (PropertySource<?> source : sources) {
            if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
                continue;
            }
            for (String name : enumerable.getPropertyNames()) {
                Matcher matcher = ENTRY_PROPERTY.matcher(name);
                if (matcher.matches() && relaxed(matcher.group(1)).equals(relaxed(ROOT))) {
                    Object value = enumerable.getProperty(name);
                    entries.computeIfAbsent(Integer.parseInt(matcher.group(2)), (i) -> new LinkedHashMap<>())
                            .put(matcher.group(3) + matcher.group(4), (value != null) ? value.toString() : "");
                }
            }
        }
        return entries;
    }

    private static int indexOfKey(String setting) {
        for (int i = 0; i < setting.length(); i++) {
            if (setting.charAt(i) == '.' || setting.charAt(i) == '[') {
                return i;
            }
        }
        return setting.length();
    }

    /**
     * The admin API's field name as the file spells it: displayNameZh becomes display-name-zh, and
     * saml.metadataUrl saml.metadata-url; map keys (claimMappings.id_number) stay as they are.
     */
    static String fileField(String field) {
        if (field.equals("clientSecret")) {
            return "client-secret-env";
        }
        int dot = field.indexOf('.');
        String head = (dot >= 0) ? field.substring(0, dot) : field;
        if (head.equals("saml") && dot >= 0) {
            return "saml." + fileField(field.substring(dot + 1));
        }
        return RegistryBootstrap.fileField(field);
    }

    private static String relaxed(String name) {
        return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }
}
