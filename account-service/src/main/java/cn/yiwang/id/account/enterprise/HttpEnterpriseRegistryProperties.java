package cn.yiwang.id.account.enterprise;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The enterprise registry reached over HTTP ({@code yiwang.enterprise.registry.http.*}), speaking
 * {@code docs/enterprise-verifier-contract.md}.
 *
 * @param enabled whether to register the HTTP registry (default false)
 * @param baseUrl the service root; requests go to {@code <base-url>/v1/enterprises/lookup}
 * @param keyId the id of the shared secret, sent in {@code X-Yiwang-Key-Id}
 * @param secret the shared HMAC secret, at least 32 characters; from the environment
 * ({@code YIWANG_ENTERPRISE_REGISTRY_HTTP_SECRET}), never from a file under version control
 * @param connectTimeout how long to wait for a connection (default 2 seconds)
 * @param timeout how long one lookup may take in all (default 5 seconds)
 * @param failureThreshold consecutive failed lookups that open the circuit (default 5)
 * @param openWait how long the circuit stays open before one trial call (default 30 seconds)
 */
@Validated
@ConfigurationProperties("yiwang.enterprise.registry.http")
public record HttpEnterpriseRegistryProperties(
        boolean enabled,
        URI baseUrl,
        String keyId,
        String secret,

        @DefaultValue("2s") @NotNull @DurationMin(millis = 1)
        Duration connectTimeout,

        @DefaultValue("5s") @NotNull @DurationMin(millis = 1)
        Duration timeout,

        @DefaultValue("5") @Min(1) int failureThreshold,

        @DefaultValue("30s") @NotNull @DurationMin(millis = 1)
        Duration openWait) {

    private static final String PREFIX = "yiwang.enterprise.registry.http.";

    static final int MIN_SECRET_LENGTH = 32;

    // required only once the registry is on, which Bean Validation cannot say; never names the secret
    public HttpEnterpriseRegistryProperties {
        if (enabled) {
            if (baseUrl == null
                    || !baseUrl.isAbsolute()
                    || baseUrl.getHost() == null
                    || !("https".equals(baseUrl.getScheme()) || "http".equals(baseUrl.getScheme()))) {
                throw new IllegalArgumentException(PREFIX + "base-url must be an absolute http(s) URL");
            }
            if (keyId == null || keyId.isBlank()) {
                throw new IllegalArgumentException(PREFIX + "key-id must be set");
            }
            if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
                throw new IllegalArgumentException(
                        PREFIX + "secret must be set, at least " + MIN_SECRET_LENGTH + " characters");
            }
        }
    }

    /**
     * The lookup endpoint.
     * @return {@code <base-url>/v1/enterprises/lookup}
     */
    public URI endpoint() {
        String base = this.baseUrl.toString();
        return URI.create(
                (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v1/enterprises/lookup");
    }

    /** Keeps the secret out of logs and failure reports. */
    @Override
    public String toString() {
        return "HttpEnterpriseRegistryProperties[enabled=" + this.enabled + ", baseUrl=" + this.baseUrl + ", keyId="
                + this.keyId + ", secret=" + ((this.secret != null) ? "(set)" : null) + ", connectTimeout="
                + this.connectTimeout + ", timeout=" + this.timeout + ", failureThreshold=" + this.failureThreshold
                + ", openWait=" + this.openWait + "]";
    }
}
