package cn.yiwang.id.server.client;

import cn.yiwang.id.kit.registry.Violation;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationStyle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@link ClientDefinition} as JSON: the admin API's body (field names as the record's, in camel case) and
 * the stored form. Absent fields take the same defaults as in the bootstrap file; durations are written
 * like {@code 10m} and read in that form or ISO 8601 ({@code PT10M}). Reading names every field whose value
 * has the wrong type.
 */
public final class ClientJson {

    /** Never written to the admin API; only a hash is ever stored. */
    public static final String SECRET = "clientSecret";

    private static final RecordComponent[] COMPONENTS = ClientDefinition.class.getRecordComponents();

    // @DefaultValue targets parameters: it sits on the canonical constructor's, not on the components
    private static final Constructor<ClientDefinition> CANONICAL = canonical();

    private static final Set<String> NAMES =
            Arrays.stream(COMPONENTS).map(RecordComponent::getName).collect(Collectors.toSet());

    // immutable and thread-safe in Jackson 3
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ClientJson() {}

    /** The definition as a JSON object, with or without the secret hash. */
    public static ObjectNode write(ClientDefinition definition, boolean withSecret) {
        ObjectNode node = JSON.createObjectNode();
        for (RecordComponent component : COMPONENTS) {
            if (!withSecret && SECRET.equals(component.getName())) {
                continue;
            }
            Object value = value(component, definition);
            if (value == null) {
                continue;
            }
            if (value instanceof List<?> list) {
                ArrayNode array = node.putArray(component.getName());
                list.forEach((item) -> array.add(String.valueOf(item)));
            } else if (value instanceof Duration duration) {
                node.put(component.getName(), print(duration));
            } else if (value instanceof Boolean flag) {
                node.put(component.getName(), flag);
            } else {
                node.put(component.getName(), String.valueOf(value));
            }
        }
        return node;
    }

    // the largest unit that says it exactly: 10m, 8h, 90s, 1500ms
    static String print(Duration duration) {
        long millis = duration.toMillis();
        for (ChronoUnit unit : List.of(ChronoUnit.DAYS, ChronoUnit.HOURS, ChronoUnit.MINUTES, ChronoUnit.SECONDS)) {
            long size = unit.getDuration().toMillis();
            if (millis != 0 && millis % size == 0) {
                return DurationStyle.SIMPLE.print(duration, unit);
            }
        }
        return DurationStyle.SIMPLE.print(duration);
    }

    public static String toJson(ClientDefinition definition) {
        return JSON.writeValueAsString(write(definition, true));
    }

    public static ClientDefinition fromJson(String json) {
        List<Violation> violations = new ArrayList<>();
        ClientDefinition definition = read(JSON.readTree(json), violations);
        if (!violations.isEmpty()) {
            throw new IllegalStateException("Stored client definition is unreadable: " + violations);
        }
        return definition;
    }

    /**
     * @param node a JSON object
     * @param violations where fields of the wrong type and unknown fields are reported
     * @return the definition, or null when a field could not be read
     */
    public static ClientDefinition read(JsonNode node, List<Violation> violations) {
        if (node == null || !node.isObject()) {
            violations.add(new Violation("", "must be a JSON object describing a client"));
            return null;
        }
        int before = violations.size();
        node.properties().forEach((property) -> {
            if (!NAMES.contains(property.getKey())) {
                violations.add(new Violation(property.getKey(), "is not a client field"));
            }
        });
        Object[] arguments = new Object[COMPONENTS.length];
        for (int i = 0; i < COMPONENTS.length; i++) {
            DefaultValue fallback = CANONICAL.getParameters()[i].getAnnotation(DefaultValue.class);
            arguments[i] = argument(COMPONENTS[i], fallback, node.get(COMPONENTS[i].getName()), violations);
        }
        if (violations.size() > before) {
            return null;
        }
        try {
            return CANONICAL.newInstance(arguments);
        } catch (ReflectiveOperationException ex) {
            throw new IllegalStateException("ClientDefinition cannot be constructed", ex);
        }
    }

    private static Constructor<ClientDefinition> canonical() {
        try {
            return ClientDefinition.class.getDeclaredConstructor(
                    Arrays.stream(COMPONENTS).map(RecordComponent::getType).toArray(Class<?>[]::new));
        } catch (NoSuchMethodException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static Object argument(
            RecordComponent component, DefaultValue fallback, JsonNode value, List<Violation> violations) {
        Class<?> type = component.getType();
        String name = component.getName();
        if (value == null || value.isNull()) {
            String text = (fallback != null && fallback.value().length > 0) ? fallback.value()[0] : null;
            if (type == boolean.class) {
                return Boolean.parseBoolean(text);
            }
            if (type == Duration.class) {
                return (text != null) ? DurationStyle.detectAndParse(text) : null;
            }
            return (type == List.class) ? null : text;
        }
        if (type == boolean.class) {
            if (!value.isBoolean()) {
                violations.add(new Violation(name, "must be true or false"));
                return false;
            }
            return value.asBoolean();
        }
        if (type == Duration.class) {
            try {
                Duration duration = value.isIntegralNumber()
                        ? Duration.ofSeconds(value.asLong())
                        : DurationStyle.detectAndParse(value.asString());
                if (!value.isIntegralNumber() && !value.isString()) {
                    throw new IllegalArgumentException();
                }
                return duration;
            } catch (RuntimeException ex) {
                violations.add(new Violation(name, "must be a duration such as 10m, 8h or PT10M (or seconds)"));
                return null;
            }
        }
        if (type == List.class) {
            if (!value.isArray() || !isStringList(component)) {
                violations.add(new Violation(name, "must be an array of strings"));
                return null;
            }
            List<String> items = new ArrayList<>();
            for (JsonNode item : value) {
                if (!item.isString()) {
                    violations.add(new Violation(name, "must be an array of strings"));
                    return null;
                }
                items.add(item.asString());
            }
            return items;
        }
        if (!value.isString()) {
            violations.add(new Violation(name, "must be a string"));
            return null;
        }
        return value.asString();
    }

    private static boolean isStringList(RecordComponent component) {
        return component.getGenericType() instanceof ParameterizedType;
    }

    private static Object value(RecordComponent component, ClientDefinition definition) {
        try {
            return component.getAccessor().invoke(definition);
        } catch (ReflectiveOperationException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
