package cn.yiwang.id.account.realname;

import java.time.Instant;

/**
 * One check that raised an account's level.
 *
 * @param level the level it proves
 * @param method {@code name-number}, {@code face-match} or {@code in-person}
 * @param verifier the verifier that answered (e.g. {@code http:gov}, {@code sandbox}, {@code counter})
 * @param reference the verifier's transaction id, if any
 * @param operator for in-person checks, the operator who recorded it
 * @param verifiedAt when
 */
public record AssuranceEvidence(
        AssuranceLevel level, String method, String verifier, String reference, String operator, Instant verifiedAt) {}
