package cn.yiwang.id.account.realname;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.realname.SecondFactorLevels.SecondFactor;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The README's levels table with second factors, row by row. */
class SecondFactorLevelsTests {

    @ParameterizedTest
    @CsvSource({
        // account, factor, passkey bound at, session
        "L1, NONE, L1, L1",
        "L2, NONE, L1, L2",
        "L3, NONE, L1, L2",
        "L4, NONE, L1, L2",
        "L1, TOTP, L1, L1",
        "L2, TOTP, L1, L2",
        "L3, TOTP, L1, L2",
        "L4, RECOVERY_CODE, L1, L2",
        "L1, PASSKEY, L1, L1",
        "L2, PASSKEY, L2, L2",
        "L3, PASSKEY, L2, L2",
        "L3, PASSKEY, L3, L3",
        "L4, PASSKEY, L4, L3",
        // the account lost its face-verified level since: the passkey cannot claim more than the account has
        "L2, PASSKEY, L3, L2"
    })
    void sessionLevelWhenSecondFactorThenAsTheTableSays(
            AssuranceLevel account, SecondFactor factor, AssuranceLevel bound, AssuranceLevel session) {
        assertThat(SecondFactorLevels.sessionLevel(account, factor, bound)).isEqualTo(session);
    }

    @ParameterizedTest
    @CsvSource({"NONE, pwd", "TOTP, pwd otp mfa", "RECOVERY_CODE, pwd otp mfa", "PASSKEY, pwd hwk user mfa"})
    void amrWhenSecondFactorThenRfc8176Values(SecondFactor factor, String amr) {
        assertThat(SecondFactorLevels.amr(List.of("pwd"), factor)).containsExactly(amr.split(" "));
    }
}
