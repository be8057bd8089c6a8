package cn.yiwang.id.account.verification;

import java.util.Set;

/**
 * Checks a citizen's identity against an authoritative source (实名 / 实人).
 *
 * <p>Implementations never throw for an answer they could not get: an unreachable or
 * misbehaving source is {@link VerificationResult.Unavailable}, so callers can tell "this
 * person did not match" from "ask again later".
 */
public interface IdentityVerifier {

    /**
     * Verifies one request.
     * @param request the identity to check; its {@code check} must be one of {@link #supports()}
     * @return matched, not matched, or unavailable; never {@code null}
     * @throws IllegalArgumentException when the request's check is not supported
     */
    VerificationResult verify(VerificationRequest request);

    /**
     * Names this verifier in results, logs and metrics.
     * @return for example {@code http:rn.example.gov.cn} or {@code sandbox}
     */
    String id();

    /**
     * The checks this verifier can perform.
     * @return a non-empty set
     */
    Set<VerificationCheck> supports();
}
