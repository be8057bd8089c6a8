package cn.yiwang.id.server.saml;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The SAML 2.0 identity provider's settings.
 *
 * @param entityId our entity ID; empty means {@code <issuer>/saml2/idp/metadata}
 * @param assertionLifetime how long an assertion may be presented (Conditions/NotOnOrAfter)
 * @param clockSkew how far a service provider's clock may be off when we judge its IssueInstant
 * @param requestLifetime how long a received AuthnRequest waits for the citizen to sign in
 * @param metadataValidity the validUntil of the published metadata, from now
 * @param backChannelTimeout connect and response timeout of a SOAP logout delivery to an SP
 */
@Validated
@ConfigurationProperties("yiwang.saml.idp")
public record SamlIdpProperties(
        @DefaultValue("") String entityId,
        @NotNull @DefaultValue("5m") Duration assertionLifetime,
        @NotNull @DefaultValue("3m") Duration clockSkew,
        @NotNull @DefaultValue("15m") Duration requestLifetime,
        @NotNull @DefaultValue("7d") Duration metadataValidity,
        @NotNull @DefaultValue("5s") Duration backChannelTimeout) {

    public SamlIdpProperties {
        if (assertionLifetime.isNegative() || assertionLifetime.isZero() || assertionLifetime.toMinutes() > 60) {
            throw new IllegalArgumentException("yiwang.saml.idp.assertion-lifetime must be between 1s and 60m");
        }
        if (clockSkew.isNegative() || clockSkew.toMinutes() > 10) {
            throw new IllegalArgumentException("yiwang.saml.idp.clock-skew must be between 0 and 10m");
        }
    }
}
