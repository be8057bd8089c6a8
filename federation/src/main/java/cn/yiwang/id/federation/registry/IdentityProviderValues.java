package cn.yiwang.id.federation.registry;

import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.federation.IdentityProvider.ClientAuthentication;
import cn.yiwang.id.federation.IdentityProvider.Protocol;
import cn.yiwang.id.federation.SamlSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the admin API and the bootstrap file spell an identity provider's values, and how loose
 * input becomes an {@link cn.yiwang.id.federation.IdentityProvider} the validator can judge: an
 * unknown value becomes {@code null} (which a rule then explains) rather than an exception.
 */
final class IdentityProviderValues {

    private IdentityProviderValues() {}

    /** @return {@code oidc} */
    static String name(Protocol protocol) {
        return protocol.name().toLowerCase(Locale.ROOT);
    }

    /**
     * @return the OAuth spelling, e.g. {@code client_secret_basic} (RFC 8414 token_endpoint_auth_method); null for
     * none (SAML)
     */
    static String name(ClientAuthentication method) {
        return (method != null) ? method.name().toLowerCase(Locale.ROOT) : null;
    }

    static Protocol protocol(String value) {
        return parse(Protocol.class, value);
    }

    static ClientAuthentication clientAuthentication(String value) {
        return parse(ClientAuthentication.class, value);
    }

    static AssuranceLevel trustLevel(Integer value) {
        return (value != null && value >= 1 && value <= AssuranceLevel.values().length)
                ? AssuranceLevel.of(value)
                : null;
    }

    // IdentityProvider copies its collections with List.copyOf / Map.copyOf, which refuse nulls:
    // absent becomes empty and a null entry blank, so the rules report them instead of an NPE
    static List<String> scopes(List<String> scopes) {
        List<String> copy = new ArrayList<>();
        if (scopes != null) {
            scopes.forEach((scope) -> copy.add((scope != null) ? scope : ""));
        }
        return copy;
    }

    static Map<String, String> claimMappings(Map<String, String> mappings) {
        Map<String, String> copy = new LinkedHashMap<>();
        if (mappings != null) {
            mappings.forEach((attribute, claim) -> copy.put(String.valueOf(attribute), (claim != null) ? claim : ""));
        }
        return copy;
    }

    /**
     * SAML settings as given, nulls made explicit: absent levels become none, a null level 0 (which the
     * rules report).
     * @param metadataUrl the metadata URL or null
     * @param metadataXml the inline metadata or null
     * @param levels class reference → level, or null
     * @param metadataSigningCertificate the certificate the metadata must be signed with, or null
     * @param legacyCbc whether AES-CBC is allowed for its encrypted assertions; null is no
     * @return the settings
     */
    static SamlSettings saml(
            String metadataUrl,
            String metadataXml,
            Map<String, Integer> levels,
            String metadataSigningCertificate,
            Boolean legacyCbc) {
        Map<String, Integer> copy = new LinkedHashMap<>();
        if (levels != null) {
            levels.forEach((classRef, level) -> copy.put(String.valueOf(classRef), (level != null) ? level : 0));
        }
        return new SamlSettings(
                blankToNull(metadataUrl),
                blankToNull(metadataXml),
                copy,
                blankToNull(metadataSigningCertificate),
                Boolean.TRUE.equals(legacyCbc));
    }

    private static String blankToNull(String value) {
        return (value == null || value.isBlank()) ? null : value;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value) {
        if (value == null) {
            return null;
        }
        String name = value.strip().replace('-', '_').toUpperCase(Locale.ROOT);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(name)) {
                return constant;
            }
        }
        return null;
    }
}
