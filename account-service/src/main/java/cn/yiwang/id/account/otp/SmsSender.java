package cn.yiwang.id.account.otp;

/** Delivers an SMS; {@code yiwang.sms.sender} picks the implementation ({@code log} or {@code http}). */
public interface SmsSender {

    /**
     * Sends one message, once: implementations never retry, since a duplicate code SMS is worse than
     * the citizen asking again.
     * @param phone the 11-digit mainland mobile number
     * @param sms the message
     * @throws SmsSendException (or any other runtime exception) when the message was not accepted
     */
    void send(String phone, OneTimeCodeSms sms);
}
