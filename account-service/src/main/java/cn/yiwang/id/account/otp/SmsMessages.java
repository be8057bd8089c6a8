package cn.yiwang.id.account.otp;

import java.time.Duration;

/** The zh-CN wording of one-time code messages, one per purpose. */
public final class SmsMessages {

    /** The signature Chinese carriers require at the start of a message. */
    public static final String SIGNATURE = "【一网通办】";

    private static final String WARNING = "请勿告诉他人。";

    private SmsMessages() {}

    /**
     * Builds the message for a code, for example
     * {@code 【一网通办】您的登录验证码是 123456，5 分钟内有效。请勿告诉他人。}.
     * @param purpose what the code is for; it decides the opening
     * @param code the digits
     * @param validFor how long the code verifies
     * @return the message text
     */
    public static String text(OneTimeCodePurpose purpose, String code, Duration validFor) {
        if (purpose == OneTimeCodePurpose.DELEGATION_APPROVAL) {
            return SIGNATURE + "社区代办员请求为您代办业务，请用本机打开 " + code + " 查看并确认，" + validity(validFor) + "内有效。如不认识该代办员，请勿确认。";
        }
        String opening = switch (purpose) {
            case LOGIN -> "您的登录验证码是 ";
            case REGISTRATION -> "您正在注册一网通办账号，验证码是 ";
            case STEP_UP -> "您正在进行重要操作的身份确认，验证码是 ";
            case PASSWORD_RESET -> "您正在重置一网通办账号的密码，验证码是 ";
            case PHONE_CHANGE -> "您正在将此号码绑定为一网通办账号的手机号，验证码是 ";
            case DELEGATION_APPROVAL -> throw new IllegalStateException("answered above");
        };
        return SIGNATURE + opening + code + "，" + validity(validFor) + "内有效。" + WARNING;
    }

    /**
     * Says how long a code lives, exactly: whole minutes as minutes, anything else in seconds.
     * @param validFor the lifetime
     * @return for example {@code 5 分钟} or {@code 90 秒}
     */
    static String validity(Duration validFor) {
        long seconds = validFor.toSeconds();
        // never round up: telling a citizen a code lives longer than it does strands them
        return (seconds % 60 == 0) ? (seconds / 60) + " 分钟" : seconds + " 秒";
    }
}
