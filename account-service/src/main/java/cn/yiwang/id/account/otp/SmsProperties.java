package cn.yiwang.id.account.otp;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How SMS messages leave the server ({@code yiwang.sms.*}).
 *
 * <p>Binding the choice here (rather than only in the conditions that pick a sender) makes a typo
 * such as {@code yiwang.sms.sender=htp} fail start-up with the property named, instead of leaving
 * no sender at all.
 *
 * @param sender {@code log} (default; development only, refused under {@code prod}) or {@code http}
 * @param http the HTTP gateway, required when {@code sender} is {@code http}
 */
@Validated
@ConfigurationProperties("yiwang.sms")
public record SmsProperties(
        @DefaultValue("log") @NotNull Sender sender,
        @DefaultValue @Valid Http http) {

    public SmsProperties {
        if (sender == Sender.HTTP) {
            if (http == null) {
                throw new IllegalArgumentException("yiwang.sms.http.* must be set when yiwang.sms.sender=http");
            }
            http.requireComplete();
        }
    }

    /** Which {@link SmsSender} runs. */
    public enum Sender {

        /** {@link LogOnlySmsSender}: messages go to the log. */
        LOG,

        /** {@link HttpSmsGatewaySender}: messages go to the gateway in docs/sms-gateway-contract.md. */
        HTTP
    }

    /**
     * The HTTP SMS gateway ({@code yiwang.sms.http.*}).
     *
     * @param baseUrl the gateway root; messages are posted to {@code <base-url>/v1/sms}; https, or
     * http on loopback only (the API key travels in every request)
     * @param apiKey the bearer token; set it from the environment ({@code YIWANG_SMS_HTTP_API_KEY}),
     * never in a committed file
     * @param templateId the carrier-approved template the gateway fills with the code
     * @param signName the carrier-approved signature, for example {@code 一网通办}
     * @param connectTimeout how long to wait for a connection (default 3 seconds)
     * @param timeout how long to wait for the whole answer (default 10 seconds)
     */
    public record Http(
            URI baseUrl,
            String apiKey,
            String templateId,
            String signName,
            @DefaultValue("3s") @DurationMin(millis = 1) Duration connectTimeout,
            @DefaultValue("10s") @DurationMin(millis = 1) Duration timeout) {

        private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

        void requireComplete() {
            if (this.baseUrl == null) {
                throw new IllegalArgumentException("yiwang.sms.http.base-url must be set when yiwang.sms.sender=http");
            }
            String scheme = lowerCase(this.baseUrl.getScheme());
            String host = lowerCase(this.baseUrl.getHost());
            boolean secure = scheme.equals("https") || (scheme.equals("http") && LOOPBACK_HOSTS.contains(host));
            if (host.isEmpty() || !secure) {
                throw new IllegalArgumentException("yiwang.sms.http.base-url (" + this.baseUrl
                        + ") must be an absolute https URL (http only on loopback): it carries the API key");
            }
            requireText(this.apiKey, "api-key");
            requireText(this.templateId, "template-id");
            requireText(this.signName, "sign-name");
        }

        private static void requireText(String value, String property) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(
                        "yiwang.sms.http." + property + " must be set when yiwang.sms.sender=http");
            }
        }

        private static String lowerCase(String value) {
            return (value != null) ? value.toLowerCase(Locale.ROOT) : "";
        }

        /** Keeps the API key out of logs and failure reports. */
        @Override
        public String toString() {
            return "Http[baseUrl=" + this.baseUrl + ", apiKey=" + ((this.apiKey != null) ? "******" : null)
                    + ", templateId=" + this.templateId + ", signName=" + this.signName + ", connectTimeout="
                    + this.connectTimeout + ", timeout=" + this.timeout + "]";
        }
    }
}
