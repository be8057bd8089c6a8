package cn.yiwang.id.server.login;

import java.util.List;

/**
 * The {@code acr} values Yiwang ID publishes, one per level of assurance (L1 to L4).
 * L1: registered with a proved phone or a password account; higher levels come with real-name verification.
 */
public final class LevelsOfAssurance {

    public static final String L1 = "urn:yiwang:loa:1";
    public static final String L2 = "urn:yiwang:loa:2";
    public static final String L3 = "urn:yiwang:loa:3";
    public static final String L4 = "urn:yiwang:loa:4";

    public static final List<String> SUPPORTED = List.of(L1, L2, L3, L4);

    private LevelsOfAssurance() {
    }
}
