package cn.yiwang.id.federation.saml;

import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.saml.SamlNames;

/**
 * A Single Logout message from an IdP that is not accepted, named by a short token ({@code saml-wrong-destination})
 * that is safe to log and to audit. When the message provably came from a registered IdP (its signature held), the
 * IdP may be answered with an error status; otherwise nobody can be.
 */
public final class SamlLogoutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient IdentityProvider answerTo;

    private final String idpAlias;

    private final String status;

    private final String requestId;

    private SamlLogoutException(
            String reason, IdentityProvider answerTo, String idpAlias, String status, String requestId) {
        // an expected outcome, thrown per bad message: no stack trace to fill
        super(reason, null, false, false);
        this.answerTo = answerTo;
        this.idpAlias = idpAlias;
        this.status = status;
        this.requestId = requestId;
    }

    /**
     * A message nobody can be answered about: unreadable, from an unknown IdP, or not signed by it.
     * @param reason the reason token
     * @param idp the IdP it claims to come from, or {@code null}
     * @return the exception
     */
    static SamlLogoutException untrusted(String reason, IdentityProvider idp) {
        return new SamlLogoutException(reason, null, (idp != null) ? idp.alias() : null, null, null);
    }

    /**
     * A message signed by the IdP that breaks a rule: the IdP is answered with {@code status}.
     * @param reason the reason token
     * @param idp the IdP
     * @param status the status code to answer with
     * @return the exception
     */
    static SamlLogoutException refused(String reason, IdentityProvider idp, String status) {
        return new SamlLogoutException(reason, idp, idp.alias(), status, null);
    }

    /**
     * A message signed by the IdP that breaks a rule, answered with {@code Requester}.
     * @param reason the reason token
     * @param idp the IdP
     * @return the exception
     */
    static SamlLogoutException refused(String reason, IdentityProvider idp) {
        return refused(reason, idp, SamlNames.STATUS_REQUESTER);
    }

    /**
     * The same refusal, for the request with that ID.
     * @param id the refused request's ID, which the answer's {@code InResponseTo} carries
     * @return the exception
     */
    SamlLogoutException forRequest(String id) {
        return new SamlLogoutException(reason(), this.answerTo, this.idpAlias, this.status, id);
    }

    /** @return the reason token, {@code saml-…} */
    public String reason() {
        return getMessage();
    }

    /** @return the IdP to answer with {@link #status()}, or {@code null} when nobody can be answered */
    public IdentityProvider answerTo() {
        return this.answerTo;
    }

    /** @return the status code of the answer, or {@code null} */
    public String status() {
        return this.status;
    }

    /** @return the ID of the refused request, for the answer's {@code InResponseTo}, or {@code null} */
    public String requestId() {
        return this.requestId;
    }

    /** @return the alias of the IdP the message came (or claims to come) from, for the audit, or {@code null} */
    public String idpAlias() {
        return this.idpAlias;
    }
}
