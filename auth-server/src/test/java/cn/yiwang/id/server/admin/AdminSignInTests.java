package cn.yiwang.id.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.totp.Base32;
import cn.yiwang.id.account.totp.Totp;
import org.junit.jupiter.api.Test;

class AdminSignInTests {

    private static final byte[] SECRET = Base32.decode("JBSWY3DPEHPK3PXP");

    private static final long NOW = 59_000_000L;

    @Test
    void matchingStepWhenCodeOfAStepInTheWindowThenThatStep() {
        assertThat(AdminSignIn.matchingStep(SECRET, Totp.code(SECRET, NOW - 1), NOW, 0))
                .isEqualTo(NOW - 1);
        assertThat(AdminSignIn.matchingStep(SECRET, Totp.code(SECRET, NOW), NOW, 0))
                .isEqualTo(NOW);
        assertThat(AdminSignIn.matchingStep(SECRET, " " + Totp.code(SECRET, NOW + 1), NOW, 0))
                .isEqualTo(NOW + 1);
    }

    @Test
    void matchingStepWhenStepAlreadyUsedThenNone() {
        assertThat(AdminSignIn.matchingStep(SECRET, Totp.code(SECRET, NOW), NOW, NOW))
                .isNull();
    }

    @Test
    void matchingStepWhenOutsideTheWindowOrNotSixDigitsThenNone() {
        assertThat(AdminSignIn.matchingStep(SECRET, Totp.code(SECRET, NOW - 2), NOW, 0))
                .isNull();
        assertThat(AdminSignIn.matchingStep(SECRET, Totp.code(SECRET, NOW + 2), NOW, 0))
                .isNull();
        assertThat(AdminSignIn.matchingStep(SECRET, "12345", NOW, 0)).isNull();
        assertThat(AdminSignIn.matchingStep(SECRET, "abcdef", NOW, 0)).isNull();
        assertThat(AdminSignIn.matchingStep(SECRET, null, NOW, 0)).isNull();
    }
}
