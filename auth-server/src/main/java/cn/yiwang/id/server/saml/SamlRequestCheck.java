package cn.yiwang.id.server.saml;

import cn.yiwang.id.saml.metadata.SamlEndpoint;
import cn.yiwang.id.server.saml.registry.ServiceProvider;
import java.util.List;
import org.w3c.dom.Element;

/**
 * One request from a service provider (an AuthnRequest or a LogoutRequest) on its way through its reader's rules,
 * once its sender is known and its signature holds: what it is checked against, and what the rules establish as
 * they go. Lives for one request, on one thread.
 */
final class SamlRequestCheck {

    final Element request;

    final ServiceProvider sp;

    final String relayState;

    final String id;

    /** For an AuthnRequest: where the response goes, resolved before any rule (an unknown ACS gets no answer). */
    final SamlEndpoint acs;

    String nameIdFormat;

    SamlAuthnContexts.Requirement requirement;

    /** For an AuthnRequest: the subject it names, or null. */
    RequestedSubject subject;

    String nameId;

    List<String> sessionIndexes;

    SamlRequestCheck(Element request, ServiceProvider sp, String relayState, SamlEndpoint acs) {
        this.request = request;
        this.sp = sp;
        this.relayState = relayState;
        this.id = request.getAttributeNS(null, "ID");
        this.acs = acs;
    }

    /** @return the attribute, or the empty string when absent */
    String attribute(String name) {
        return this.request.getAttributeNS(null, name);
    }
}
