package cn.yiwang.id.federation.linking;

import cn.yiwang.id.account.realname.AssuranceLevel;
import java.util.UUID;

/** What an upstream sign-in leads to. */
public sealed interface LinkOutcome {

    /**
     * The upstream identity belongs to this account (linked before, by the verified ID number, or
     * created just in time).
     * @param accountId the national account
     * @param sessionLevel the session's level: the lower of what the IdP asserted and its trust level
     * @param created whether the account was created just now
     */
    record Linked(UUID accountId, AssuranceLevel sessionLevel, boolean created) implements LinkOutcome {}

    /**
     * The identity cannot be linked automatically (no verified ID number, or an IdP trusted below
     * L2): the citizen signs in to an existing national account, which is then linked.
     * @param sessionLevel the level the session would have
     */
    record NeedsFirstLogin(AssuranceLevel sessionLevel) implements LinkOutcome {}

    /** The upstream asserted a malformed document number; nothing was linked or created. */
    record Refused(String reason) implements LinkOutcome {}
}
