package cn.yiwang.id.saml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SamlTimeTests {

    @Test
    void formatWhenFractionalThenUtcToTheSecond() {
        assertThat(SamlTime.format(Instant.parse("2026-01-01T08:00:00.987Z"))).isEqualTo("2026-01-01T08:00:00Z");
    }

    @Test
    void parseWhenOffsetGivenThenInstant() {
        assertThat(SamlTime.parse(" 2026-01-01T16:00:00+08:00 ")).isEqualTo(Instant.parse("2026-01-01T08:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-01-01T08:00:00", "yesterday", ""})
    void parseWhenNoZoneOrNotATimeThenInvalidTime(String value) {
        assertThatThrownBy(() -> SamlTime.parse(value))
                .isInstanceOf(SamlException.class)
                .extracting((e) -> ((SamlException) e).reason())
                .isEqualTo("invalid_time");
    }
}
