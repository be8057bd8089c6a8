package cn.yiwang.id.kit.web;

import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * How the admin and account APIs read JSON: every value must have the JSON type of its field (no {@code true} or
 * {@code 5} read as the text {@code "true"}, no {@code "true"} read as a boolean, no {@code 1.5} as an integer), and
 * no text field may hold a control character (U+0000–U+001F, U+007F–U+009F; tab, line feed and carriage return are
 * allowed only in fields that carry a document: names containing {@code xml} or {@code certificate}, e.g. a PEM).
 * A violation fails the read with the field's path, which {@link AdminProblems#unreadable} names in its 400.
 */
public final class StrictJson {

    private StrictJson() {}

    /**
     * A copy of the application's mapper that reads strictly; the original (used for stored state) is unchanged.
     * @param base the application's mapper
     * @return the strict mapper
     */
    public static JsonMapper strict(JsonMapper base) {
        SimpleModule text = new SimpleModule("yiwang-strict-text");
        text.addDeserializer(String.class, new StrictTextDeserializer(false));
        return base.rebuild()
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .withCoercionConfig(
                        LogicalType.Textual,
                        (config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(
                        LogicalType.Boolean,
                        (config) -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
                .withCoercionConfig(
                        LogicalType.Integer,
                        (config) -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(
                        LogicalType.Float,
                        (config) -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(
                        LogicalType.Enum,
                        (config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
                .addModule(text)
                .build();
    }

    /** A text field held a control character; the message names the rule, never the value. */
    public static final class ControlCharacterException extends MismatchedInputException {

        private static final long serialVersionUID = 1L;

        ControlCharacterException(JsonParser parser) {
            super(parser, "must not contain control characters", String.class);
        }
    }

    /** Reads text as Jackson does (with the coercion rules above), then refuses control characters. */
    static final class StrictTextDeserializer extends StdScalarDeserializer<String> {

        private final boolean multiline;

        StrictTextDeserializer(boolean multiline) {
            super(String.class);
            this.multiline = multiline;
        }

        @Override
        public ValueDeserializer<?> createContextual(DeserializationContext context, BeanProperty property) {
            String name = (property != null) ? property.getName().toLowerCase(Locale.ROOT) : "";
            boolean document = name.contains("xml") || name.contains("certificate");
            return (document == this.multiline) ? this : new StrictTextDeserializer(document);
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
            String value = StringDeserializer.instance.deserialize(parser, context);
            if (value != null && hasControlCharacter(value, this.multiline)) {
                throw new ControlCharacterException(parser);
            }
            return value;
        }

        static boolean hasControlCharacter(String value, boolean multiline) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (multiline && (c == '\t' || c == '\n' || c == '\r')) {
                    continue;
                }
                if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
                    return true;
                }
            }
            return false;
        }
    }
}
