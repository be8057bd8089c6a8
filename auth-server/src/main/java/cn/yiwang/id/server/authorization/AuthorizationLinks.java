package cn.yiwang.id.server.authorization;

/**
 * What an authorization's tokens live on besides themselves. A token obtained by exchanging another (RFC 8693)
 * lives only while the authorization it came from does; a token issued to a community agent acting for a citizen
 * lives only while the citizen's delegation (named by the session it was issued in) does. When the link has ended, the authorization reads as revoked
 * (its access and refresh tokens invalidated), so introspection answers inactive, refresh is refused and our
 * APIs refuse the access token.
 */
public final class AuthorizationLinks {

    /** Attribute: the id of the authorization whose access token was exchanged for this one's. */
    public static final String PARENT = "yiwang.parent-authorization";

    /** How deep a chain of exchanges is followed; deeper chains read as ended. */
    static final int MAX_CHAIN = 8;

    private AuthorizationLinks() {}
}
