package cn.yiwang.id.saml;

import java.util.Optional;
import org.w3c.dom.Element;

/**
 * The status a SAML response carries (core §3.2.2.2): the top-level code and, when given, the
 * second-level one that says more (AuthnFailed, PartialLogout …).
 *
 * @param code the top-level {@code StatusCode} value
 * @param detail the second-level value, else the top-level one
 */
public record SamlStatus(String code, String detail) {

    /** The status of a Response or LogoutResponse, or empty when it has no top-level code. */
    public static Optional<SamlStatus> of(Element response) {
        Optional<Element> top = SamlXml.child(response, SamlNames.PROTOCOL_NS, "Status")
                .flatMap((status) -> SamlXml.child(status, SamlNames.PROTOCOL_NS, "StatusCode"));
        return top.map((code) -> {
            String value = code.getAttributeNS(null, "Value");
            String detail = SamlXml.child(code, SamlNames.PROTOCOL_NS, "StatusCode")
                    .map((second) -> second.getAttributeNS(null, "Value"))
                    .filter((v) -> !v.isBlank())
                    .orElse(value);
            return new SamlStatus(value, detail);
        });
    }

    public boolean success() {
        return SamlNames.STATUS_SUCCESS.equals(this.code);
    }

    /** The last word of the top-level code ({@code Success}, {@code Requester}), if it is a plain word. */
    public Optional<String> codeName() {
        return word(this.code);
    }

    /** The last word of the most specific code ({@code AuthnFailed}), if it is a plain word. */
    public Optional<String> detailName() {
        return word(this.detail);
    }

    // the value comes from outside: only a plain word may end up in a log, a reason code or a metric tag
    private static Optional<String> word(String urn) {
        String name = urn.substring(urn.lastIndexOf(':') + 1);
        return name.matches("[A-Za-z]{1,64}") ? Optional.of(name) : Optional.empty();
    }
}
