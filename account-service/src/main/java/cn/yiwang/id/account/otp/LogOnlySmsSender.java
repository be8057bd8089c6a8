package cn.yiwang.id.account.otp;

import cn.yiwang.id.account.crypto.Masking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The development stand-in for a phone: writes each message, code included, to the log at INFO
 * with the phone number masked. Never used under the {@code prod} profile.
 */
public final class LogOnlySmsSender implements SmsSender {

    private static final Logger log = LoggerFactory.getLogger(LogOnlySmsSender.class);

    @Override
    public void send(String phone, OneTimeCodeSms sms) {
        // the code is in this line on purpose: a developer reads it here instead of on a phone
        log.info("SMS to {}: {}", Masking.phone(phone), sms.text());
    }
}
