package cn.yiwang.id.account.otp;

import java.time.Duration;
import java.util.Objects;

/**
 * One SMS carrying a one-time code: the parts a template-based gateway needs, and the zh-CN text
 * for senders that send text.
 *
 * @param purpose what the code is for
 * @param code the digits
 * @param validFor how long the code verifies
 */
public record OneTimeCodeSms(OneTimeCodePurpose purpose, String code, Duration validFor) {

    public OneTimeCodeSms {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(validFor, "validFor");
    }

    /**
     * The message as the citizen reads it.
     * @return the zh-CN text, see {@link SmsMessages#text}
     */
    public String text() {
        return SmsMessages.text(this.purpose, this.code, this.validFor);
    }

    /** Keeps the code out of logs and failure reports that print the record by accident. */
    @Override
    public String toString() {
        return "OneTimeCodeSms[purpose=" + this.purpose + ", code=" + "*".repeat(this.code.length()) + ", validFor="
                + this.validFor + "]";
    }
}
