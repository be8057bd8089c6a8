package cn.yiwang.id.account.consent;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The versions of the user agreement and privacy notice citizens accept at registration
 * ({@code yiwang.account.legal.*}); raise a version when the text changes.
 *
 * @param agreementVersion the user agreement (用户协议) in force
 * @param privacyNoticeVersion the privacy notice (隐私政策) in force
 */
@Validated
@ConfigurationProperties("yiwang.account.legal")
public record LegalDocumentsProperties(
        @DefaultValue("2026-01") @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,32}")
        String agreementVersion,

        @DefaultValue("2026-01") @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,32}")
        String privacyNoticeVersion) {}
