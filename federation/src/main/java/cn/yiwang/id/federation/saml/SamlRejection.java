package cn.yiwang.id.federation.saml;

/**
 * Why a SAML response is not accepted, as a short token ({@code saml-wrong-audience}) that is safe to log and to
 * count: never a NameID, an attribute or IdP free text. A non-success status from the IdP is a <em>denial</em>
 * (the citizen cancelled or the IdP refused) rather than a defect.
 */
final class SamlRejection extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient String statusMessage;

    private final boolean denied;

    private SamlRejection(String reason, boolean denied, String statusMessage) {
        // an expected outcome, thrown per bad response: no stack trace to fill
        super(reason, null, false, false);
        this.denied = denied;
        this.statusMessage = statusMessage;
    }

    /**
     * The response breaks a rule.
     * @param reason the reason token, {@code saml-…}
     * @return the rejection
     */
    static SamlRejection invalid(String reason) {
        return new SamlRejection(reason, false, null);
    }

    /**
     * The IdP answered with a status other than Success.
     * @param status the status code's last part, such as {@code AuthnFailed}
     * @param statusMessage the IdP's StatusMessage, or {@code null}
     * @return the rejection
     */
    static SamlRejection denied(String status, String statusMessage) {
        return new SamlRejection(status, true, statusMessage);
    }

    String reason() {
        return getMessage();
    }

    boolean isDenied() {
        return this.denied;
    }

    String statusMessage() {
        return this.statusMessage;
    }
}
