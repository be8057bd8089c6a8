package cn.yiwang.id.federation.oidc;

/**
 * The calls Yiwang ID makes to an upstream identity provider, as metrics tag them and failure reasons name
 * them.
 */
enum UpstreamCall {
    DISCOVERY("discovery", "discovery", false),

    JWKS("jwks", "jwks", false),

    TOKEN("token", "token-endpoint", true),

    USERINFO("userinfo", "userinfo", true);

    private final String tag;

    private final String reasonPrefix;

    private final boolean answersWithErrors;

    UpstreamCall(String tag, String reasonPrefix, boolean answersWithErrors) {
        this.tag = tag;
        this.reasonPrefix = reasonPrefix;
        this.answersWithErrors = answersWithErrors;
    }

    /** The value of the {@code call} tag. */
    String tag() {
        return this.tag;
    }

    /**
     * Names a failure of this call.
     * @param what what went wrong ({@code timeout}, {@code http-500})
     * @return for example {@code token-endpoint-timeout}
     */
    String reason(String what) {
        return this.reasonPrefix + "-" + what;
    }

    /**
     * Whether a 4xx from this call is an answer (the token endpoint refusing a code, the userinfo endpoint
     * refusing a token) rather than a sign that the upstream is broken: a healthy upstream says no to a bad
     * code, and a citizen replaying a callback must not open the circuit for everyone.
     */
    boolean answersWithErrors() {
        return this.answersWithErrors;
    }
}
