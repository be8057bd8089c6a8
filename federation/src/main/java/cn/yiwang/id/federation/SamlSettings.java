package cn.yiwang.id.federation;

import cn.yiwang.id.account.realname.AssuranceLevel;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a SAML identity provider is known to us: its metadata (from a URL, or given inline), and which
 * {@code AuthnContextClassRef} values stand for which level of assurance.
 *
 * <p>The signing certificates we trust for the provider come from this metadata only, never from a
 * {@code KeyInfo} inside a message.
 *
 * @param metadataUrl where its metadata is fetched from (https), or {@code null} when given inline
 * @param metadataXml its metadata document, or {@code null} when fetched from {@code metadataUrl}
 * @param authnContextLevels {@code AuthnContextClassRef} → level 1 to 4, on top of
 *     {@link #DEFAULT_AUTHN_CONTEXT_LEVELS}
 * @param metadataSigningCertificate the certificate (PEM or base64 DER) the metadata document itself must be
 *     signed with (an enveloped signature on its root element), or {@code null} when the metadata is trusted for
 *     where it comes from (https URL, or given inline by an administrator)
 */
public record SamlSettings(
        String metadataUrl,
        String metadataXml,
        Map<String, Integer> authnContextLevels,
        String metadataSigningCertificate) {

    /** The class references our own SAML IdP asserts, the OIDC {@code acr} values ({@code urn:yiwang:loa:1} … {@code 4}). */
    public static final Map<String, Integer> DEFAULT_AUTHN_CONTEXT_LEVELS = Arrays.stream(AssuranceLevel.values())
            .collect(Collectors.toUnmodifiableMap(AssuranceLevel::acr, AssuranceLevel::value));

    public SamlSettings {
        authnContextLevels = (authnContextLevels != null) ? Map.copyOf(authnContextLevels) : Map.of();
    }

    /** Settings whose metadata is not required to be signed. */
    public SamlSettings(String metadataUrl, String metadataXml, Map<String, Integer> authnContextLevels) {
        this(metadataUrl, metadataXml, authnContextLevels, null);
    }

    /**
     * The level an {@code AuthnContextClassRef} stands for: the configured mapping first, then the defaults.
     * @param classRef the class reference from the assertion, or {@code null}
     * @return the level, or empty when the class reference is unknown
     */
    public Optional<AssuranceLevel> level(String classRef) {
        if (classRef == null) {
            return Optional.empty();
        }
        Integer value = allAuthnContextLevels().get(classRef.strip());
        return (value != null) ? AssuranceLevel.ofValue(value) : Optional.empty();
    }

    /** @return the defaults overridden by the configured mapping */
    public Map<String, Integer> allAuthnContextLevels() {
        Map<String, Integer> all = new LinkedHashMap<>(DEFAULT_AUTHN_CONTEXT_LEVELS);
        all.putAll(this.authnContextLevels);
        return all;
    }

    /** Keeps the (possibly long) metadata document out of logs. */
    @Override
    public String toString() {
        return "SamlSettings[metadataUrl=" + this.metadataUrl + ", metadataXml="
                + ((this.metadataXml != null) ? "(" + this.metadataXml.length() + " chars)" : null)
                + ", metadataSigned=" + (this.metadataSigningCertificate != null) + "]";
    }
}
