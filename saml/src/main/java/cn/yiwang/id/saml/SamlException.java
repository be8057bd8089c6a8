package cn.yiwang.id.saml;

/** A SAML message or document that cannot be accepted; {@link #reason()} is a short machine code. */
public class SamlException extends RuntimeException {

    private final String reason;

    public SamlException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public SamlException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public SamlException(String reason) {
        this(reason, reason);
    }

    public String reason() {
        return this.reason;
    }
}
