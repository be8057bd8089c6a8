package cn.yiwang.id.account.delegation;

/** Where a delegation stands. */
public enum DelegationStatus {

    /** Asked for by the agent; the citizen has not answered yet. */
    PENDING,

    /** Approved by the citizen; in force until it expires or is ended. */
    ACTIVE,

    /** Refused by the citizen, or never approved in time. */
    REFUSED,

    /** Ended early by the citizen, the agent or an administrator. */
    ENDED
}
