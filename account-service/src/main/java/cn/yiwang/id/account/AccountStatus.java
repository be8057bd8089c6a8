package cn.yiwang.id.account;

/** Lifecycle state of an account; only {@link #ACTIVE} accounts may sign in. */
public enum AccountStatus {

    /** May sign in. */
    ACTIVE,

    /** Temporarily barred, for example by an administrator after suspicious activity. */
    LOCKED,

    /** Permanently barred (closed account). */
    DISABLED
}
