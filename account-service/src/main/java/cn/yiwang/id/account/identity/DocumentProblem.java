package cn.yiwang.id.account.identity;

import java.util.Objects;

/**
 * One thing wrong with an identity document number or a name, with a stable code and messages for people.
 *
 * <p>Codes: {@code empty}, {@code bad-length}, {@code bad-characters}, {@code unknown-region},
 * {@code impossible-date}, {@code future-date}, {@code too-old}, {@code bad-check-character},
 * {@code wrong-document-type}. Messages never repeat the number, so a problem can be logged or
 * returned to a client as it is.
 *
 * @param code stable machine-readable code; clients map it to their own texts if they like
 * @param messageZh what is wrong, in Chinese
 * @param messageEn what is wrong, in English
 */
public record DocumentProblem(String code, String messageZh, String messageEn) {

    /** Nothing was entered. */
    public static final String EMPTY = "empty";

    /** Too many or too few characters. */
    public static final String BAD_LENGTH = "bad-length";

    /** A character that is not allowed at its position. */
    public static final String BAD_CHARACTERS = "bad-characters";

    /** The address code (or issuing-office code) is not one this document can have. */
    public static final String UNKNOWN_REGION = "unknown-region";

    /** The birth date does not exist in the calendar. */
    public static final String IMPOSSIBLE_DATE = "impossible-date";

    /** The birth date is after the day of the check. */
    public static final String FUTURE_DATE = "future-date";

    /** The birth date is before 1900-01-01. */
    public static final String TOO_OLD = "too-old";

    /** The last character does not match the ISO 7064 MOD 11-2 check of the others. */
    public static final String BAD_CHECK_CHARACTER = "bad-check-character";

    /** The number belongs to another kind of document than the one chosen. */
    public static final String WRONG_DOCUMENT_TYPE = "wrong-document-type";

    /** Position 1 of a unified social credit code is not a registration-authority code. */
    public static final String UNKNOWN_AUTHORITY = "unknown-authority";

    /** Position 2 of a unified social credit code is not a type its authority registers. */
    public static final String UNKNOWN_ORGANISATION_TYPE = "unknown-organisation-type";

    /** The organisation code inside a unified social credit code fails its GB 11714 check. */
    public static final String BAD_ORGANISATION_CHECK = "bad-organisation-check";

    public DocumentProblem {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(messageZh, "messageZh");
        Objects.requireNonNull(messageEn, "messageEn");
    }
}
