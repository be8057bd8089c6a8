package cn.yiwang.id.account.identity;

/** Sex as encoded in a GB 11643 number: odd 17th digit for male, even for female. */
public enum Sex {

    /** Odd 17th digit. */
    MALE,

    /** Even 17th digit (0 included). */
    FEMALE
}
