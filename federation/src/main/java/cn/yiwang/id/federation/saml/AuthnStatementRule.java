package cn.yiwang.id.federation.saml;

import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.SamlXml;
import java.time.Instant;
import java.util.List;
import org.w3c.dom.Element;

/**
 * The assertion states an authentication (profiles §4.1.4.2: at least one {@code AuthnStatement}), whose
 * session, if bounded, has not ended ({@code SessionNotOnOrAfter}). Its {@code SessionIndex} and
 * {@code AuthnContextClassRef} (plain text only) are kept for logout and for the level of assurance.
 */
final class AuthnStatementRule implements SamlResponseRule {

    @Override
    public void check(SamlResponseCheck response) throws SamlRejection {
        List<Element> statements = SamlXml.children(response.assertion(), SamlNames.ASSERTION_NS, "AuthnStatement");
        if (statements.isEmpty()) {
            throw SamlRejection.invalid("saml-missing-authn-statement");
        }
        Element statement = statements.get(0);
        Instant sessionEnd = SamlResponseCheck.time(statement, "SessionNotOnOrAfter");
        if (sessionEnd != null && !response.now().minus(response.clockSkew()).isBefore(sessionEnd)) {
            throw SamlRejection.invalid("saml-session-expired");
        }
        String sessionIndex = statement.getAttributeNS(null, "SessionIndex");
        response.sessionIndex(sessionIndex.isBlank() ? null : sessionIndex);
        SamlXml.child(statement, SamlNames.ASSERTION_NS, "AuthnContext")
                .flatMap((context) -> SamlXml.child(context, SamlNames.ASSERTION_NS, "AuthnContextClassRef"))
                .map(PlainText::of)
                .map(String::strip)
                .ifPresent(response::authnContextClassRef);
    }
}
