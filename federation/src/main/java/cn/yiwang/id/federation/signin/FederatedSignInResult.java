package cn.yiwang.id.federation.signin;

import cn.yiwang.id.account.realname.AssuranceLevel;
import java.util.List;
import java.util.UUID;

/**
 * How a federated sign-in ended, as {@link FederatedSignIn} decided it: what the auth-server turns into an SSO
 * session, a first-login page, the login page or an error page, and audits. Each outcome names its audit event
 * type and detail, so the audit trail reads as before whichever side records it.
 */
public sealed interface FederatedSignInResult {

    /** @return the identity provider's alias, or {@code unknown} */
    String idpAlias();

    /**
     * Sign the account in.
     *
     * @param accountId the national account
     * @param level the session's level of assurance
     * @param amr how the citizen proved it ({@code fed}, and {@code pwd} after a first-login link)
     * @param upstream what the session must remember for upstream logout
     * @param returnTo where to go once signed in when the browser's saved request cannot be read, or null
     * @param detail the audit detail: {@code created}, {@code linked} or {@code first-login}
     */
    record SignIn(
            String idpAlias,
            UUID accountId,
            AssuranceLevel level,
            List<String> amr,
            UpstreamSession upstream,
            String returnTo,
            String detail)
            implements FederatedSignInResult {

        public SignIn {
            amr = List.copyOf(amr);
        }
    }

    /**
     * The identity is linked to no account yet: the citizen signs in once to link it.
     *
     * @param linkKey the browser's handle on the waiting identity
     */
    record NeedsLink(String idpAlias, String linkKey) implements FederatedSignInResult {}

    /** The citizen or the IdP declined ({@code federation.denied}). */
    record Denied(String idpAlias, String error) implements FederatedSignInResult {}

    /** The answer could not be validated or the IdP not reached ({@code federation.failed}). */
    record Failed(String idpAlias, String reason) implements FederatedSignInResult {}

    /** The identity was valid but cannot be accepted, e.g. a malformed ID number ({@code federation.refused}). */
    record Refused(String idpAlias, String reason) implements FederatedSignInResult {}

    /** No sign-in of ours is waiting for this answer, or it expired ({@code federation.failed}). */
    record Unknown(String idpAlias, String reason) implements FederatedSignInResult {}
}
