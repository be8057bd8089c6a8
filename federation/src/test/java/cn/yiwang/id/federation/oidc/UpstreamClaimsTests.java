package cn.yiwang.id.federation.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.realname.AssuranceLevel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Claim mapping and the asserted level. */
class UpstreamClaimsTests {

    private static final Map<String, String> MAPPINGS = TestIdentityProviders.CLAIM_MAPPINGS;

    @ParameterizedTest(name = "level claim {0}, acr {1} -> {2}")
    @CsvSource(
            nullValues = "-",
            value = {
                "1, -, L1",
                "2, -, L2",
                "4, -, L4",
                "L3, -, L3",
                "l2, -, L2",
                "urn:yiwang:loa:4, -, L4",
                " 3 , -, L3",
                "5, -, L1",
                "L0, -, L1",
                "gold, urn:yiwang:loa:2, L2",
                "-, urn:yiwang:loa:3, L3",
                "-, urn:zhejiang:level:3, L1",
                "-, 3, L1",
                "-, -, L1"
            })
    void levelWhenClaimOrAcrThenLevel(String level, String acr, AssuranceLevel expected) {
        Map<String, Object> claims = new HashMap<>();
        if (level != null) {
            claims.put("auth_level", level);
        }

        assertThat(UpstreamClaims.level(MAPPINGS, claims, acr)).isEqualTo(expected);
    }

    @Test
    void levelWhenClaimIsANumberThenLevel() {
        assertThat(UpstreamClaims.level(MAPPINGS, Map.of("auth_level", 3L), null))
                .isEqualTo(AssuranceLevel.L3);
    }

    @Test
    void levelWhenNoLevelMappingThenAcr() {
        assertThat(UpstreamClaims.level(Map.of("name", "name"), Map.of("auth_level", "4"), "urn:yiwang:loa:2"))
                .isEqualTo(AssuranceLevel.L2);
    }

    @Test
    void attributesWhenClaimsOfAllShapesThenScalarsMappedAndLevelLeftOut() {
        Map<String, Object> claims = Map.of(
                "name",
                "李四",
                "id_card",
                "11010519491231002X",
                "id_type",
                1L,
                "phone_number",
                List.of("13800138000"),
                "auth_level",
                "L2");

        assertThat(UpstreamClaims.attributes(MAPPINGS, claims))
                .containsOnly(
                        Map.entry("name", "李四"),
                        Map.entry("id_number", "11010519491231002X"),
                        Map.entry("id_document_type", "1"));
    }

    @Test
    void missingWhenClaimAbsentOrBlankThenListed() {
        Map<String, Object> claims =
                Map.of("name", " ", "id_card", "11010519491231002X", "id_type", "RESIDENT_ID", "auth_level", "L2");

        assertThat(UpstreamClaims.missing(MAPPINGS, claims)).containsExactlyInAnyOrder("name", "phone_number");
    }
}
