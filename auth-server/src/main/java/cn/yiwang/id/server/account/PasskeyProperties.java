package cn.yiwang.id.server.account;

import jakarta.validation.constraints.Pattern;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Passkeys (WebAuthn) as a relying party ({@code yiwang.passkeys.*}).
 *
 * @param rpId the relying party id: a host name (WebAuthn refuses IP addresses); default the issuer's host
 * @param rpName the name authenticators show
 * @param allowedOrigins the origins the account center runs on; default the issuer's origin
 */
@Validated
@ConfigurationProperties("yiwang.passkeys")
public record PasskeyProperties(
        @Pattern(regexp = "[A-Za-z0-9.-]{1,253}") String rpId,
        @DefaultValue("一网 ID") String rpName,
        Set<String> allowedOrigins) {}
