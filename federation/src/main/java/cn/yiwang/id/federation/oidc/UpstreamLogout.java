package cn.yiwang.id.federation.oidc;

/**
 * A validated back-channel logout from an upstream identity provider: end the sessions that came from it for this
 * upstream session ({@code sid}) or, without one, for this upstream subject (Back-Channel Logout 1.0 §2.7).
 *
 * @param alias the identity provider
 * @param sub the upstream subject, or {@code null}
 * @param sid the upstream session id, or {@code null}; at least one of the two is present
 */
public record UpstreamLogout(String alias, String sub, String sid) {

    /** Never prints the subject, which some provinces derive from the ID number. */
    @Override
    public String toString() {
        return "UpstreamLogout[alias=" + this.alias + ", sid=" + ((this.sid != null) ? "(set)" : null) + "]";
    }
}
