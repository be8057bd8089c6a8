package cn.yiwang.id.server.test;

import cn.yiwang.id.account.otp.OneTimeCodeSms;
import cn.yiwang.id.account.otp.SmsSender;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The tests' phone: keeps the last code sent to each number, so a test can type it in. */
public final class RecordingSmsSender implements SmsSender {

    private final Map<String, String> lastCode = new ConcurrentHashMap<>();

    @Override
    public void send(String phone, OneTimeCodeSms sms) {
        this.lastCode.put(phone, sms.code());
    }

    public String lastCodeFor(String phone) {
        return this.lastCode.get(phone);
    }
}
