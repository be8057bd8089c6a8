package cn.yiwang.id.account.crypto;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Keys protecting citizen data at rest ({@code yiwang.crypto.*}).
 *
 * @param activeKeyId id of the data key used for new ciphertexts
 * @param dataKeys data key id to base64-encoded 32-byte AES-256 key; old ids stay listed so
 * existing ciphertexts remain readable after a rotation
 * @param blindIndexKey base64-encoded HMAC key (at least 32 bytes) for blind indexes; it
 * cannot rotate without recomputing every index
 */
@Validated
@ConfigurationProperties("yiwang.crypto")
public record CryptoProperties(
        @NotBlank String activeKeyId,
        @NotEmpty Map<String, String> dataKeys,
        @NotBlank String blindIndexKey) {

    /** Keeps key material out of logs and failure reports. */
    @Override
    public String toString() {
        return "CryptoProperties[activeKeyId=" + this.activeKeyId + ", dataKeys="
                + ((this.dataKeys != null) ? this.dataKeys.keySet() : null) + "]";
    }
}
