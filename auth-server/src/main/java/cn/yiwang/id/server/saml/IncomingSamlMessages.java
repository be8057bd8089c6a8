package cn.yiwang.id.server.saml;

import cn.yiwang.id.saml.SamlException;
import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.SamlXml;
import cn.yiwang.id.saml.SecureXml;
import cn.yiwang.id.saml.UniqueIds;
import cn.yiwang.id.server.saml.registry.ServiceProvider;
import cn.yiwang.id.server.saml.registry.ServiceProviders;
import java.util.function.Supplier;
import org.w3c.dom.Element;

/**
 * The first steps of reading any request from a service provider: decode the binding, parse
 * safely, check the root element and that no two elements share an ID, and find the registered SP
 * named by its Issuer. Until the SP is
 * known nobody can be answered, so every failure here is an error page.
 */
final class IncomingSamlMessages {

    private IncomingSamlMessages() {}

    static byte[] decode(Supplier<byte[]> decoder) {
        try {
            return decoder.get();
        } catch (SamlException ex) {
            throw SamlRequestException.untrusted(ex.reason(), "The message cannot be decoded", null);
        }
    }

    static Element parse(byte[] xml, String localName) {
        Element root;
        try {
            root = SecureXml.parse(xml).getDocumentElement();
        } catch (SamlException ex) {
            throw SamlRequestException.untrusted(ex.reason(), "The message is not acceptable XML", null);
        }
        if (!SamlXml.is(root, SamlNames.PROTOCOL_NS, localName)) {
            throw SamlRequestException.untrusted("unexpected_message", "The message is not a " + localName, null);
        }
        // the same check as every incoming message: two elements with one ID are how signature wrapping works
        if (!UniqueIds.in(root)) {
            throw SamlRequestException.untrusted("duplicate_id", "Two elements of the message share an ID", null);
        }
        return root;
    }

    static ServiceProvider serviceProvider(Element message, ServiceProviders serviceProviders) {
        String issuer =
                SamlXml.childText(message, SamlNames.ASSERTION_NS, "Issuer").orElse(null);
        if (issuer == null) {
            throw SamlRequestException.untrusted("missing_issuer", "The message names no issuer", null);
        }
        return serviceProviders
                .findEnabledByEntityId(issuer)
                .orElseThrow(() -> SamlRequestException.untrusted(
                        "unknown_service_provider", "No such service provider is registered", null));
    }
}
