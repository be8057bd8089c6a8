package cn.yiwang.id.kit.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

/** Strict reading of admin and account API bodies: JSON types as declared, no control characters in text. */
class StrictJsonTests {

    private final JsonMapper strict = StrictJson.strict(JsonMapper.builder().build());

    record Sample(
            String alias,
            Boolean enabled,
            Boolean signAssertion,
            Integer trustLevel,
            List<String> redirectUris,
            Map<String, String> claimMappings,
            String metadataXml,
            List<String> signingCertificates) {}

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"alias\": true}|alias",
                "{\"alias\": 5}|alias",
                "{\"alias\": 1.5}|alias",
                "{\"alias\": {}}|alias",
                "{\"alias\": [\"a\"]}|alias",
                "{\"enabled\": \"true\"}|enabled",
                "{\"enabled\": 1}|enabled",
                "{\"signAssertion\": \"false\"}|signAssertion",
                "{\"trustLevel\": \"2\"}|trustLevel",
                "{\"trustLevel\": 2.5}|trustLevel",
                "{\"trustLevel\": true}|trustLevel",
                "{\"redirectUris\": [1]}|redirectUris[0]",
                "{\"redirectUris\": \"https://a.example\"}|redirectUris",
                "{\"claimMappings\": {\"name\": false}}|claimMappings.name"
            })
    void readWhenJsonTypeWrongThenRefusedNamingTheField(String json, String field) {
        assertThatExceptionOfType(MismatchedInputException.class)
                .isThrownBy(() -> this.strict.readValue(json, Sample.class))
                .satisfies((ex) -> assertThat(path(ex)).isEqualTo(field))
                .isNotInstanceOf(StrictJson.ControlCharacterException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"alias\": \"zhe\\u0000jiang\"}|alias",
                "{\"alias\": \"zhejiang\\n\"}|alias",
                "{\"alias\": \"a\\tb\"}|alias",
                "{\"alias\": \"a\\u007fb\"}|alias",
                "{\"alias\": \"a\\u0085b\"}|alias",
                "{\"redirectUris\": [\"https://a.example/\\u001b[31m\"]}|redirectUris[0]",
                "{\"claimMappings\": {\"name\": \"cn\\u0000\"}}|claimMappings.name",
                "{\"metadataXml\": \"<a>\\u0000</a>\"}|metadataXml"
            })
    void readWhenTextHasControlCharacterThenRefusedNamingTheField(String json, String field) {
        assertThatExceptionOfType(StrictJson.ControlCharacterException.class)
                .isThrownBy(() -> this.strict.readValue(json, Sample.class))
                .satisfies((ex) -> assertThat(path(ex)).isEqualTo(field))
                .withMessageNotContaining("zhe");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"metadataXml\": \"<a>\\n\\t<b/>\\r\\n</a>\"}",
                "{\"signingCertificates\": [\"-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n\"]}"
            })
    void readWhenDocumentFieldHasLineBreaksThenAccepted(String json) {
        assertThat(this.strict.readValue(json, Sample.class)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"alias\": \"浙江 zhejiang-01\", \"enabled\": true, \"trustLevel\": 2}", "{}"})
    void readWhenWellTypedThenAccepted(String json) {
        Sample sample = this.strict.readValue(json, Sample.class);

        assertThat(sample).isNotNull();
    }

    private static String path(MismatchedInputException ex) {
        StringBuilder path = new StringBuilder();
        for (var reference : ex.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append((path.length() > 0) ? "." : "").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
