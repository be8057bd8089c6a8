package cn.yiwang.id.federation.saml;

import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.SamlXml;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Element;

/**
 * Reads the assertion's attributes (core §2.7.3) by {@code Name}: an attribute counts when it is given once, with
 * exactly one value that is plain text (a single text node). Several values, structured values and values with a
 * comment inside are left out, as an OIDC claim that is an object or array is, and so is an attribute given twice,
 * since it is ambiguous which the IdP meant. Never rejects: a missing attribute is for linking to judge.
 */
final class AttributeStatementRule implements SamlResponseRule {

    @Override
    public void check(SamlResponseCheck response) {
        Map<String, List<Element>> byName = new LinkedHashMap<>();
        for (Element statement : SamlXml.children(response.assertion(), SamlNames.ASSERTION_NS, "AttributeStatement")) {
            for (Element attribute : SamlXml.children(statement, SamlNames.ASSERTION_NS, "Attribute")) {
                byName.computeIfAbsent(attribute.getAttributeNS(null, "Name"), (name) -> new ArrayList<>())
                        .add(attribute);
            }
        }
        byName.forEach((name, attributes) -> {
            if (name.isEmpty() || attributes.size() != 1) {
                return;
            }
            List<Element> values = SamlXml.children(attributes.get(0), SamlNames.ASSERTION_NS, "AttributeValue");
            String value = (values.size() == 1) ? PlainText.of(values.get(0)) : null;
            if (value != null && !value.isBlank()) {
                response.attributes().put(name, value.strip());
            }
        });
    }
}
