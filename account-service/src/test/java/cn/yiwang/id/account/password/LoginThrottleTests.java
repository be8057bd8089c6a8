package cn.yiwang.id.account.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoginThrottleTests {

    @ParameterizedTest
    @CsvSource({"0, 0", "4, 0", "5, 30", "6, 60", "7, 120", "8, 240", "9, 480", "10, 900", "11, 900", "1000000, 900"})
    void lockDelayWhenDefaultsThenDoublesFromThirtySecondsCappedAtFifteenMinutes(long failures, long seconds) {
        assertThat(LoginThrottle.lockDelay(failures, ThrottleProperties.defaults()))
                .isEqualTo(Duration.ofSeconds(seconds));
    }

    @Test
    void lockDelaysWhenDefaultsThenEndWithCap() {
        assertThat(LoginThrottle.lockDelays(ThrottleProperties.defaults()))
                .extracting(Duration::toSeconds)
                .containsExactly(30L, 60L, 120L, 240L, 480L, 900L);
    }

    @Test
    void lockDelayWhenCustomSettingsThenFollowsThem() {
        ThrottleProperties properties =
                new ThrottleProperties(3, Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofSeconds(3));
        assertThat(LoginThrottle.lockDelay(2, properties)).isZero();
        assertThat(LoginThrottle.lockDelay(3, properties)).isEqualTo(Duration.ofSeconds(1));
        assertThat(LoginThrottle.lockDelay(4, properties)).isEqualTo(Duration.ofSeconds(2));
        assertThat(LoginThrottle.lockDelay(5, properties)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void constructorWhenMaxDelayShorterThanInitialThenIllegalArgument() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ThrottleProperties(
                        5, Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofSeconds(30)))
                .withMessageContaining("yiwang.account.throttle.max-delay");
    }
}
