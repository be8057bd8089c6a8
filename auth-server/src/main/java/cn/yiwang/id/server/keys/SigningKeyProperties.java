package cn.yiwang.id.server.keys;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the keys get their protection, and how they rotate.
 *
 * @param masterKey base64 of 32 random bytes that encrypts private keys at rest
 *     (from the environment: {@code YIWANG_KEYS_MASTER_KEY})
 * @param rotationPeriod how long a key signs before its successor takes over (scheduled rotation)
 * @param publicationPeriod the least time a key is published before it signs: the longest a relying party or a SAML
 *     peer may keep our JWKS or metadata before fetching it again
 * @param retention how long a retired key stays published (and usable to decrypt): longer than anything it signed
 *     lives (tokens, assertions, metadata documents) and than peers keep our metadata
 * @param refreshInterval how often each node checks PostgreSQL for key changes (one cheap query); an on-demand
 *     rotation takes effect three intervals after it is asked for, when every node knows of it
 */
@Validated
@ConfigurationProperties("yiwang.keys")
public record SigningKeyProperties(
        @NotBlank(message = "yiwang.keys.master-key (YIWANG_KEYS_MASTER_KEY) is not set")
        String masterKey,

        @DefaultValue("90d") @NotNull @DurationMin(minutes = 1)
        Duration rotationPeriod,

        @DefaultValue("7d") @NotNull @DurationMin(seconds = 0)
        Duration publicationPeriod,

        @DefaultValue("7d") @NotNull @DurationMin(seconds = 1)
        Duration retention,

        @DefaultValue("10s") @NotNull @DurationMin(millis = 100) @DurationMax(minutes = 10)
        Duration refreshInterval) {

    /** The delay between an on-demand rotation and the new keys signing: every node has read them by then. */
    public Duration activationDelay() {
        return this.refreshInterval.multipliedBy(3);
    }

    @Override
    public String toString() {
        return "SigningKeyProperties[rotationPeriod=" + this.rotationPeriod + ", publicationPeriod="
                + this.publicationPeriod + ", retention=" + this.retention + ", refreshInterval="
                + this.refreshInterval + "]";
    }
}
