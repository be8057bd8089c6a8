package cn.yiwang.id.account.otp;

/** What a one-time code is for; a code issued for one purpose never verifies for another. */
public enum OneTimeCodePurpose {

    /** Signing in with a phone number and an SMS code. */
    LOGIN,

    /** Proving a phone number while creating an account. */
    REGISTRATION,

    /** Confirming a sensitive action in a session that is already signed in. */
    STEP_UP,

    /** Resetting a forgotten password. */
    PASSWORD_RESET,

    /** Proving a new mobile number before it replaces the account's. */
    PHONE_CHANGE,

    /**
     * Asking a citizen to approve a community agent's errand: the "code" is the approval link, opened on the
     * citizen's own phone.
     */
    DELEGATION_APPROVAL
}
