package cn.yiwang.id.saml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;

class UniqueIdsTests {

    private static Element parse(String xml) {
        return SecureXml.parse(xml.getBytes(StandardCharsets.UTF_8)).getDocumentElement();
    }

    @Test
    void inWhenEveryIdDiffersThenUnique() {
        assertThat(UniqueIds.in(parse("<r ID='a'><s ID='b'><t Id='c'/></s><u AssertionID='d'/></r>")))
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "<r ID='a'><s ID='a'/></r>",
                "<r ID='a'><s><t Id='a'/></s></r>",
                "<r id='a'><s ID='a'/></r>",
                "<r ID='a'><s AssertionID='a'/></r>",
            })
    void inWhenTwoElementsShareAnIdByAnyNameThenNotUnique(String xml) {
        assertThat(UniqueIds.in(parse(xml))).isFalse();
    }

    @Test
    void inWhenOtherAttributesRepeatThenUnique() {
        assertThat(UniqueIds.in(parse("<r Version='2.0'><s Version='2.0'/></r>")))
                .isTrue();
    }

    @Test
    void inWhenDeepThenNoStackOverflow() {
        StringBuilder xml = new StringBuilder();
        for (int i = 0; i < 90; i++) {
            xml.append("<e ID='i").append(i).append("'>");
        }
        for (int i = 0; i < 90; i++) {
            xml.append("</e>");
        }
        assertThat(UniqueIds.in(parse(xml.toString()))).isTrue();
    }
}
