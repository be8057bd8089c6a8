package cn.yiwang.id.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoginNamesTests {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "13812345678",
                "138 1234 5678",
                "138-1234-5678",
                " +86 138 1234 5678 ",
                "+8613812345678",
                "+86-138-1234-5678",
                "１３８１２３４５６７８",
                "＋８６ １３８１２３４５６７８"
            })
    void mobilePhoneWhenMainlandMobileInAnyFormattingThenElevenDigits(String loginName) {
        assertThat(LoginNames.mobilePhone(loginName)).contains("13812345678");
        assertThat(LoginNames.normalise(loginName)).isEqualTo("13812345678");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"12812345678", "1381234567", "138123456789", "+85213812345678", "8613812345678", "alice", ""})
    void mobilePhoneWhenNotMainlandMobileThenEmpty(String loginName) {
        assertThat(LoginNames.mobilePhone(loginName)).isEmpty();
    }

    @Test
    void normaliseWhenUserNameThenTrimmedLowerCaseNfkc() {
        assertThat(LoginNames.normalise("  Alice.W ")).isEqualTo("alice.w");
        assertThat(LoginNames.normalise("Ａｌｉｃｅ")).isEqualTo("alice");
    }

    @Test
    void normaliseWhenNullOrOverlongThenEmpty() {
        assertThat(LoginNames.normalise(null)).isEmpty();
        assertThat(LoginNames.normalise("a".repeat(LoginNames.MAX_INPUT_LENGTH + 1)))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "Alice.W_1-x", "ｂｏｂ", "0123456789"})
    void usernameWhenValidThenNormalised(String username) {
        assertThat(LoginNames.username(username)).matches("[a-z0-9._-]{3,64}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "a b c", "张三丰", "alice@example.com", "13812345678", "+86 138 1234 5678", ""})
    void usernameWhenInvalidOrPhoneThenIllegalArgument(String username) {
        assertThatIllegalArgumentException().isThrownBy(() -> LoginNames.username(username));
    }

    @Test
    void usernameWhenLongerThan64ThenIllegalArgument() {
        assertThat(LoginNames.username("a".repeat(64))).hasSize(64);
        assertThatIllegalArgumentException().isThrownBy(() -> LoginNames.username("a".repeat(65)));
    }
}
