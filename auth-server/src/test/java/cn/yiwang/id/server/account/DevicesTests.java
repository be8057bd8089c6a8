package cn.yiwang.id.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How sessions' browsers and places are named for citizens. */
class DevicesTests {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36|Chrome · Android",
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Version/17.5 Mobile/15E148 Safari/604.1|Safari · iOS",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36 Edg/126.0|Edge · Windows",
                "Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Chrome/116.0 Mobile Safari/537.36 MicroMessenger/8.0.47|微信 · Android",
                "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0|Firefox · Linux"
            })
    void describeWhenCommonBrowserThenNamed(String userAgent, String described) {
        assertThat(Devices.describe(userAgent, Locale.SIMPLIFIED_CHINESE)).isEqualTo(described);
    }

    @ParameterizedTest
    @CsvSource({
        "127.0.0.*, 本机 127.0.0.*",
        "10.1.2.*, 内网地址 10.1.2.*",
        "172.20.1.*, 内网地址 172.20.1.*",
        "172.32.1.*, 公网地址 172.32.1.*",
        "203.0.113.*, 公网地址 203.0.113.*",
        "'', 未知"
    })
    void placeWhenMaskedAddressThenPrivateAndLoopbackNamed(String address, String place) {
        assertThat(Devices.place(address, Locale.SIMPLIFIED_CHINESE)).isEqualTo(place);
    }

    @ParameterizedTest
    @CsvSource({
        "short, short, password.error.rules",
        "long enough 1, long enough 2, password.error.mismatch",
        "has 13912345678 in it, has 13912345678 in it, password.error.rules",
        "long enough 1, long enough 1, ''"
    })
    void passwordRulesWhenNewPasswordThenFirstProblemNamed(String password, String confirmation, String problem) {
        assertThat(PasswordRules.problem(password, confirmation, "13912345678").orElse(""))
                .isEqualTo(problem);
    }
}
