package cn.yiwang.id.server.keys;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where signing keys get their protection.
 *
 * @param masterKey base64 of 32 random bytes that encrypts private signing keys at rest
 *     (from the environment: {@code YIWANG_KEYS_MASTER_KEY})
 */
@Validated
@ConfigurationProperties("yiwang.keys")
public record SigningKeyProperties(
        @NotBlank(message = "yiwang.keys.master-key (YIWANG_KEYS_MASTER_KEY) is not set")
        String masterKey) {}
