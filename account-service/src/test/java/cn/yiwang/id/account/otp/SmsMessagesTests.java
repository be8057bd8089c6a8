package cn.yiwang.id.account.otp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class SmsMessagesTests {

    @Test
    void textWhenLoginThenSignatureCodeValidityAndWarning() {
        assertThat(SmsMessages.text(OneTimeCodePurpose.LOGIN, "123456", Duration.ofMinutes(5)))
                .isEqualTo("【一网通办】您的登录验证码是 123456，5 分钟内有效。请勿告诉他人。");
    }

    @ParameterizedTest
    @EnumSource(value = OneTimeCodePurpose.class, names = "DELEGATION_APPROVAL", mode = EnumSource.Mode.EXCLUDE)
    void textWhenAnyPurposeThenSameFrame(OneTimeCodePurpose purpose) {
        assertThat(SmsMessages.text(purpose, "654321", Duration.ofMinutes(5)))
                .startsWith("【一网通办】")
                .contains("验证码是 654321，5 分钟内有效。")
                .endsWith("请勿告诉他人。");
    }

    @Test
    void textWhenPurposesDifferThenWordingDiffers() {
        assertThat(Arrays.stream(OneTimeCodePurpose.values())
                        .map((purpose) -> SmsMessages.text(purpose, "123456", Duration.ofMinutes(5))))
                .doesNotHaveDuplicates();
        assertThat(SmsMessages.text(OneTimeCodePurpose.REGISTRATION, "123456", Duration.ofMinutes(5)))
                .contains("注册");
        assertThat(SmsMessages.text(OneTimeCodePurpose.STEP_UP, "123456", Duration.ofMinutes(5)))
                .contains("重要操作");
    }

    @Test
    void textWhenDelegationApprovalThenTheLinkAndAWarningNotACode() {
        assertThat(SmsMessages.text(
                        OneTimeCodePurpose.DELEGATION_APPROVAL,
                        "https://id.example.gov.cn/delegation/approve/abc",
                        Duration.ofMinutes(15)))
                .startsWith("【一网通办】社区代办员")
                .contains("https://id.example.gov.cn/delegation/approve/abc")
                .contains("15 分钟内有效")
                .doesNotContain("验证码");
    }

    @ParameterizedTest
    @CsvSource({"PT5M, 5 分钟", "PT10M, 10 分钟", "PT1M, 1 分钟", "PT90S, 90 秒", "PT30S, 30 秒"})
    void validityWhenDurationThenExactNeverRoundedUp(Duration validFor, String expected) {
        assertThat(SmsMessages.validity(validFor)).isEqualTo(expected);
    }

    @Test
    void toStringWhenOneTimeCodeSmsThenCodeHidden() {
        OneTimeCodeSms sms = new OneTimeCodeSms(OneTimeCodePurpose.LOGIN, "123456", Duration.ofMinutes(5));
        assertThat(sms.toString()).doesNotContain("123456").contains("******");
        assertThat(sms.text()).contains("123456");
    }
}
