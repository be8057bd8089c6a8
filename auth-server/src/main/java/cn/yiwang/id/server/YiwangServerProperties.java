package cn.yiwang.id.server;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Server-wide settings.
 *
 * @param issuer the OIDC issuer identifier: the base URL relying parties see (no query, no fragment)
 */
@Validated
@ConfigurationProperties("yiwang")
public record YiwangServerProperties(
        @NotNull @DefaultValue("http://localhost:9000") URI issuer) {

    public YiwangServerProperties {
        if (issuer.getQuery() != null || issuer.getFragment() != null || !issuer.isAbsolute()) {
            throw new IllegalArgumentException("yiwang.issuer must be an absolute URL without query or fragment");
        }
    }

    /** The issuer as relying parties compare it: no trailing slash. */
    public String issuerString() {
        String value = this.issuer.toString();
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }
}
