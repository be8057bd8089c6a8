package cn.yiwang.id.federation.oidc;

import cn.yiwang.id.account.realname.AssuranceLevel;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Maps upstream claims onto account attributes with an identity provider's {@code claimMappings} (attribute →
 * upstream claim name), and reads the level of assurance the upstream asserts. The SAML service provider maps
 * attributes (by {@code Name}) with the same rules.
 */
public final class UpstreamClaims {

    /** The mapping key of the level claim; it sets the asserted level and is not an attribute. */
    static final String LEVEL = "level";

    private UpstreamClaims() {}

    /**
     * The mapped upstream claims that the claims at hand lack.
     * @param mappings attribute → upstream claim
     * @param claims the claims at hand
     * @return the names of the missing upstream claims
     */
    static Set<String> missing(Map<String, String> mappings, Map<String, Object> claims) {
        Set<String> missing = new LinkedHashSet<>();
        mappings.values().forEach((claim) -> {
            if (value(claims.get(claim)) == null) {
                missing.add(claim);
            }
        });
        return missing;
    }

    /**
     * The account attributes the claims give.
     * @param mappings attribute → upstream claim
     * @param claims the upstream claims
     * @return attribute → value, for the claims present as a string, number or boolean
     */
    public static Map<String, String> attributes(Map<String, String> mappings, Map<String, Object> claims) {
        Map<String, String> attributes = new LinkedHashMap<>();
        mappings.forEach((attribute, claim) -> {
            String value = value(claims.get(claim));
            if (!LEVEL.equals(attribute) && value != null) {
                attributes.put(attribute, value);
            }
        });
        return attributes;
    }

    /**
     * The level the upstream asserts: the mapped {@code level} claim ({@code 1}–{@code 4}, {@code L1}–{@code L4} or
     * {@code urn:yiwang:loa:N}); else the ID token's {@code acr} when it is one of ours; else L1.
     * @param mappings attribute → upstream claim
     * @param claims the upstream claims
     * @param acr the ID token's {@code acr}, or {@code null}
     * @return the asserted level, before capping by the provider's trust level
     */
    static AssuranceLevel level(Map<String, String> mappings, Map<String, Object> claims, Object acr) {
        return mappedLevel(mappings, claims)
                .or(() -> AssuranceLevel.fromUpstreamAcr(value(acr)))
                .orElse(AssuranceLevel.L1);
    }

    /**
     * The level the mapped {@code level} claim asserts ({@code 1}–{@code 4}, {@code L1}–{@code L4} or
     * {@code urn:yiwang:loa:N}).
     * @param mappings attribute → upstream claim
     * @param claims the upstream claims
     * @return the level, or empty when no level claim is mapped or it holds none of those values
     */
    public static Optional<AssuranceLevel> mappedLevel(Map<String, String> mappings, Map<String, Object> claims) {
        String claim = mappings.get(LEVEL);
        return (claim != null) ? AssuranceLevel.fromUpstreamValue(value(claims.get(claim))) : Optional.empty();
    }

    private static String value(Object claim) {
        if (claim instanceof String text) {
            return text.isBlank() ? null : text;
        }
        if (claim instanceof Number || claim instanceof Boolean) {
            // JSON numbers arrive as Long or Integer for whole numbers: toString gives "2", not "2.0"
            return claim.toString();
        }
        // objects and arrays do not fit an attribute
        return null;
    }
}
