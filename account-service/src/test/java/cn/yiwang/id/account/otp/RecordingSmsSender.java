package cn.yiwang.id.account.otp;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what would have been sent, and fails on request. */
final class RecordingSmsSender implements SmsSender {

    /** One message that was sent. */
    record Message(String phone, OneTimeCodeSms sms) {}

    private final List<Message> messages = new CopyOnWriteArrayList<>();

    private volatile RuntimeException failure;

    @Override
    public void send(String phone, OneTimeCodeSms sms) {
        RuntimeException toThrow = this.failure;
        if (toThrow != null) {
            throw toThrow;
        }
        this.messages.add(new Message(phone, sms));
    }

    void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    List<Message> messages() {
        return List.copyOf(this.messages);
    }

    /** @return the code of the last message sent */
    String lastCode() {
        return this.messages.get(this.messages.size() - 1).sms().code();
    }
}
