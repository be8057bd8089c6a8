package cn.yiwang.id.account.otp;

/** An SMS was not accepted; the message says why and never contains the phone number or the code. */
public final class SmsSendException extends RuntimeException {

    public SmsSendException(String reason) {
        super(reason);
    }

    public SmsSendException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
