package cn.yiwang.id.server.login;

import cn.yiwang.id.account.realname.AssuranceLevel;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The {@code acr} values Yiwang ID publishes, one per level of assurance: {@code urn:yiwang:loa:1}
 * (registered, phone proved) to {@code urn:yiwang:loa:4} (verified in person).
 */
public final class LevelsOfAssurance {

    public static final String L1 = "urn:yiwang:loa:1";
    public static final String L2 = "urn:yiwang:loa:2";
    public static final String L3 = "urn:yiwang:loa:3";
    public static final String L4 = "urn:yiwang:loa:4";

    public static final List<String> SUPPORTED = List.of(L1, L2, L3, L4);

    private LevelsOfAssurance() {}

    public static String acr(AssuranceLevel level) {
        return SUPPORTED.get(level.value() - 1);
    }

    public static Optional<AssuranceLevel> level(String acr) {
        int index = SUPPORTED.indexOf(acr);
        return (index >= 0) ? Optional.of(AssuranceLevel.of(index + 1)) : Optional.empty();
    }

    /**
     * The level an {@code acr_values} request asks for: any listed value satisfies it, so the lowest
     * one we know; empty when none is ours (OIDC Core §3.1.2.1: acr_values are voluntary).
     */
    public static Optional<AssuranceLevel> requested(String acrValues) {
        if (acrValues == null || acrValues.isBlank()) {
            return Optional.empty();
        }
        return Arrays.stream(acrValues.trim().split("\\s+"))
                .map(LevelsOfAssurance::level)
                .flatMap(Optional::stream)
                .min(Enum::compareTo);
    }
}
