package cn.yiwang.id.federation.linking;

import java.time.Instant;
import java.util.UUID;

/**
 * An upstream identity linked to a national account.
 *
 * @param idpAlias the identity provider
 * @param upstreamSubject the subject at that provider
 * @param accountId the national account
 * @param linkedAt when the link was made
 * @param lastLoginAt the last sign-in through it
 */
public record IdentityLink(
        String idpAlias, String upstreamSubject, UUID accountId, Instant linkedAt, Instant lastLoginAt) {}
