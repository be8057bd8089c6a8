package cn.yiwang.id.server.saml;

import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.server.session.SsoSession;

/**
 * SAML core §3.4.1.4: when an AuthnRequest names a {@code <Subject>}, the assertion's subject must strongly match
 * it. The signed-in citizen is the requested subject when the NameID we would issue to this SP, in the format we
 * would issue, is the requested one (a requested format other than {@code unspecified} must be that format). Never
 * is a Success for someone else sent: {@link SamlSsoController} asks the citizen to sign in as that subject, or
 * answers {@code Responder}/{@code UnknownPrincipal} ({@code NoPassive} for a passive request).
 */
final class RequestedSubjectRule {

    private RequestedSubjectRule() {}

    /**
     * Whether the session may answer the request as far as its subject goes.
     * @param request the AuthnRequest
     * @param session the signed-in citizen's session
     * @param nameIds how our NameIDs are made
     * @return {@code true} when the request names no subject, or names this citizen
     */
    static boolean holds(InboundAuthnRequest request, SsoSession session, NameIds nameIds) {
        RequestedSubject subject = request.subject();
        if (subject == null) {
            return true;
        }
        if (subject.format() != null
                && !SamlNames.NAMEID_UNSPECIFIED.equals(subject.format())
                && !subject.format().equals(request.nameIdFormat())) {
            return false;
        }
        String issued =
                nameIds.nameId(request.nameIdFormat(), request.serviceProvider(), session.accountId(), session.sid());
        return java.security.MessageDigest.isEqual(
                issued.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                subject.value().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
