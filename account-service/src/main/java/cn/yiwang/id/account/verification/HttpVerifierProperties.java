package cn.yiwang.id.account.verification;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The authoritative real-name service reached over HTTP ({@code yiwang.verification.http.*}).
 *
 * @param enabled whether to register the HTTP verifier (default false)
 * @param baseUrl the service root; requests go to {@code <base-url>/v1/verifications}
 * @param keyId the id of the shared secret, sent in {@code X-Yiwang-Key-Id}
 * @param secret the shared HMAC secret, at least 32 characters; set it from the environment
 * ({@code YIWANG_VERIFICATION_HTTP_SECRET}), never in a file under version control
 * @param connectTimeout how long to wait for a connection (default 2 seconds)
 * @param timeout how long one attempt may take in all, connection included (default 5 seconds)
 * @param maxAttempts attempts per verification, the first included (default 3, at most 5)
 * @param retryBackoff the pause before the second attempt, doubling for each further one and
 * jittered (default 100 milliseconds)
 * @param failureThreshold consecutive failed attempts that open the circuit (default 5)
 * @param openWait how long the circuit stays open before one trial call (default 30 seconds)
 */
@Validated
@ConfigurationProperties("yiwang.verification.http")
public record HttpVerifierProperties(
        boolean enabled,
        URI baseUrl,
        String keyId,
        String secret,

        @DefaultValue("2s") @NotNull @DurationMin(millis = 1)
        Duration connectTimeout,

        @DefaultValue("5s") @NotNull @DurationMin(millis = 1)
        Duration timeout,

        @DefaultValue("3") @Min(1) @Max(5) int maxAttempts,

        @DefaultValue("100ms") @NotNull @DurationMin(millis = 0)
        Duration retryBackoff,

        @DefaultValue("5") @Min(1) int failureThreshold,

        @DefaultValue("30s") @NotNull @DurationMin(millis = 1)
        Duration openWait) {

    private static final String PREFIX = "yiwang.verification.http.";

    /** Shortest accepted secret: about the 256 bits of strength HMAC-SHA256 can give, when random. */
    static final int MIN_SECRET_LENGTH = 32;

    // the connection settings are only required once the verifier is on, which Bean Validation
    // annotations cannot say; messages name the property, never the secret
    public HttpVerifierProperties {
        if (enabled) {
            if (baseUrl == null
                    || !baseUrl.isAbsolute()
                    || baseUrl.getHost() == null
                    || !("https".equals(baseUrl.getScheme()) || "http".equals(baseUrl.getScheme()))) {
                throw new IllegalArgumentException(PREFIX + "base-url must be an absolute http(s) URL");
            }
            if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
                throw new IllegalArgumentException(PREFIX + "base-url must not have a query or fragment");
            }
            if (keyId == null || keyId.isBlank()) {
                throw new IllegalArgumentException(PREFIX + "key-id must be set");
            }
            if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
                throw new IllegalArgumentException(
                        PREFIX + "secret must be set, at least " + MIN_SECRET_LENGTH + " characters");
            }
        }
        if (connectTimeout != null && timeout != null && connectTimeout.compareTo(timeout) > 0) {
            throw new IllegalArgumentException(PREFIX + "connect-timeout (" + connectTimeout
                    + ") must not be longer than " + PREFIX + "timeout (" + timeout + ")");
        }
    }

    /**
     * The verification endpoint.
     * @return {@code <base-url>/v1/verifications}
     */
    public URI endpoint() {
        String base = this.baseUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v1/verifications");
    }

    /** Keeps the secret out of logs and failure reports. */
    @Override
    public String toString() {
        return "HttpVerifierProperties[enabled=" + this.enabled + ", baseUrl=" + this.baseUrl + ", keyId="
                + this.keyId + ", secret=" + ((this.secret != null) ? "(set)" : null) + ", connectTimeout="
                + this.connectTimeout + ", timeout=" + this.timeout + ", maxAttempts=" + this.maxAttempts
                + ", retryBackoff=" + this.retryBackoff + ", failureThreshold=" + this.failureThreshold
                + ", openWait=" + this.openWait + "]";
    }
}
