package cn.yiwang.id.account.consent;

import java.time.Instant;

/**
 * One document a citizen accepted.
 *
 * @param document {@code user-agreement} or {@code privacy-notice}
 * @param version the version accepted
 * @param acceptedAt when
 */
public record ConsentRecord(String document, String version, Instant acceptedAt) {}
