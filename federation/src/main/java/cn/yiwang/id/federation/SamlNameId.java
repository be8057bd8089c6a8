package cn.yiwang.id.federation;

import java.util.Objects;

/**
 * A SAML {@code NameID} as a provincial IdP gave it (core §2.2.3): the value and, as sent, its format and
 * qualifiers. A LogoutRequest must name the principal exactly so (core §3.7.1), and a LogoutRequest from the IdP
 * is matched against it.
 *
 * @param value the identifier, the upstream subject
 * @param format the {@code Format}, or {@code null} when the IdP gave none
 * @param nameQualifier the {@code NameQualifier}, or {@code null}
 * @param spNameQualifier the {@code SPNameQualifier}, or {@code null}
 */
public record SamlNameId(String value, String format, String nameQualifier, String spNameQualifier) {

    public SamlNameId {
        Objects.requireNonNull(value, "value");
        format = blankToNull(format);
        nameQualifier = blankToNull(nameQualifier);
        spNameQualifier = blankToNull(spNameQualifier);
    }

    /**
     * Whether another NameID names the same principal: the same value, and the same format and qualifiers where
     * both give one (an absent format means "unspecified", core §8.3.1).
     * @param other the NameID of a LogoutRequest
     * @return whether they match
     */
    public boolean sameAs(SamlNameId other) {
        return this.value.equals(other.value)
                && compatible(this.format, other.format)
                && compatible(this.nameQualifier, other.nameQualifier)
                && compatible(this.spNameQualifier, other.spNameQualifier);
    }

    private static boolean compatible(String mine, String theirs) {
        return mine == null || theirs == null || mine.equals(theirs);
    }

    private static String blankToNull(String value) {
        return (value == null || value.isBlank()) ? null : value;
    }

    /** Never prints the identifier. */
    @Override
    public String toString() {
        return "SamlNameId[format=" + this.format + "]";
    }
}
