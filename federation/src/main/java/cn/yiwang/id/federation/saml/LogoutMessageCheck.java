package cn.yiwang.id.federation.saml;

import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.SamlNameId;
import cn.yiwang.id.saml.metadata.EntityMetadata;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.w3c.dom.Element;

/**
 * One Single Logout message from a province on its way through {@link SamlSingleLogout}'s rules: what it is
 * checked against (set once), and what the rules establish as they go (the parsed message, the province that sent
 * it and its metadata, the NameID and session indexes a request names). Lives for one check, on one thread.
 */
final class LogoutMessageCheck {

    final SamlInboundMessage message;

    final SamlServiceProvider sp;

    /** For a LogoutResponse: our request's ID. */
    final String requestId;

    /** For a LogoutRequest: the enabled SAML provider registered with an entity ID. */
    final Function<String, Optional<IdentityProvider>> providers;

    IdentityProvider idp;

    EntityMetadata entity;

    Element root;

    String issuer;

    SamlNameId nameId;

    List<String> sessionIndexes;

    private LogoutMessageCheck(
            SamlInboundMessage message,
            SamlServiceProvider sp,
            IdentityProvider idp,
            String requestId,
            Function<String, Optional<IdentityProvider>> providers) {
        this.message = message;
        this.sp = sp;
        this.idp = idp;
        this.requestId = requestId;
        this.providers = providers;
    }

    /** A province's LogoutResponse to our request {@code requestId}, which went to {@code idp}. */
    static LogoutMessageCheck response(
            SamlInboundMessage message, SamlServiceProvider sp, IdentityProvider idp, String requestId) {
        return new LogoutMessageCheck(message, sp, idp, requestId, null);
    }

    /** A province's LogoutRequest, whose sender its Issuer names among {@code providers}. */
    static LogoutMessageCheck request(
            SamlInboundMessage message,
            SamlServiceProvider sp,
            Function<String, Optional<IdentityProvider>> providers) {
        return new LogoutMessageCheck(message, sp, null, null, providers);
    }
}
