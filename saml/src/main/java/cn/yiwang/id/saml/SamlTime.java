package cn.yiwang.id.saml;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** xs:dateTime as SAML uses it: always UTC, written to the second. */
public final class SamlTime {

    private SamlTime() {}

    public static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** Parses a dateTime with a zone; a value without one is refused (SAML core §1.3.3 requires UTC). */
    public static Instant parse(String value) {
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException | NullPointerException ex) {
            throw new SamlException("invalid_time", "Not a SAML dateTime: " + value);
        }
    }
}
