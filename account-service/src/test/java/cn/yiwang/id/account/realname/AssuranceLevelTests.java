package cn.yiwang.id.account.realname;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AssuranceLevelTests {

    @Test
    void acrWhenEachLevelThenOurUrn() {
        assertThat(AssuranceLevel.acrValues())
                .containsExactly("urn:yiwang:loa:1", "urn:yiwang:loa:2", "urn:yiwang:loa:3", "urn:yiwang:loa:4");
        assertThat(AssuranceLevel.L3.acr()).isEqualTo("urn:yiwang:loa:3");
        assertThat("urn:yiwang:loa:2").matches(AssuranceLevel.ACR_PATTERN);
        assertThat("urn:yiwang:loa:5").doesNotMatch(AssuranceLevel.ACR_PATTERN);
    }

    @Test
    void fromAcrWhenOursThenLevelElseEmpty() {
        for (AssuranceLevel level : AssuranceLevel.values()) {
            assertThat(AssuranceLevel.fromAcr(level.acr())).contains(level);
        }
        assertThat(AssuranceLevel.fromAcr("urn:yiwang:loa:0")).isEmpty();
        assertThat(AssuranceLevel.fromAcr("urn:yiwang:loa:22")).isEmpty();
        assertThat(AssuranceLevel.fromAcr("URN:YIWANG:LOA:2"))
                .as("exact, as published")
                .isEmpty();
        assertThat(AssuranceLevel.fromAcr(null)).isEmpty();
    }

    @Test
    void ofWhenOutOfRangeThenRefused() {
        assertThat(AssuranceLevel.of(2)).isEqualTo(AssuranceLevel.L2);
        assertThat(AssuranceLevel.ofValue(5)).isEmpty();
        assertThatIllegalArgumentException().isThrownBy(() -> AssuranceLevel.of(0));
    }

    @ParameterizedTest
    @CsvSource({
        "urn:yiwang:loa:2, L2",
        "urn:yiwang:loa:3 urn:yiwang:loa:2, L2",
        "urn:other urn:yiwang:loa:4, L4",
    })
    void requestedWhenAcrValuesThenLowestOfOurs(String acrValues, AssuranceLevel expected) {
        assertThat(AssuranceLevel.requested(acrValues)).contains(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "urn:other", "2"})
    void requestedWhenNoneOfOursThenEmpty(String acrValues) {
        assertThat(AssuranceLevel.requested(acrValues)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"1, L1", "L2, L2", "l3, L3", " 4 , L4", "urn:yiwang:loa:2, L2", "URN:YIWANG:LOA:3, L3"})
    void fromUpstreamValueWhenNumberLevelOrUrnThenLevel(String value, AssuranceLevel expected) {
        assertThat(AssuranceLevel.fromUpstreamValue(value)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "5", "L", "L12", "high", "urn:yiwang:loa:9"})
    void fromUpstreamValueWhenOtherThenEmpty(String value) {
        assertThat(AssuranceLevel.fromUpstreamValue(value)).isEmpty();
    }

    @Test
    void fromUpstreamAcrWhenAnyCaseThenLevelButNotBareNumbers() {
        assertThat(AssuranceLevel.fromUpstreamAcr(" URN:yiwang:loa:3 ")).contains(AssuranceLevel.L3);
        assertThat(AssuranceLevel.fromUpstreamAcr("3")).isEmpty();
        assertThat(AssuranceLevel.fromUpstreamAcr(null)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"L1, L1", "L2, L2", "L3, L2", "L4, L2"})
    void remoteSessionWhenAccountLevelThenCappedAtL2(AssuranceLevel account, AssuranceLevel expected) {
        assertThat(account.remoteSession()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"L3, L2, L2", "L1, L3, L1", "L4, L4, L4"})
    void federatedSessionWhenAssertedAndTrustThenLower(
            AssuranceLevel asserted, AssuranceLevel trust, AssuranceLevel expected) {
        assertThat(AssuranceLevel.federatedSession(asserted, trust)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"L3, L1, L3", "L1, L4, L2", "L1, L1, L1"})
    void linkedSessionWhenBothProvedThenBetterOfFederatedAndRemote(
            AssuranceLevel federated, AssuranceLevel account, AssuranceLevel expected) {
        assertThat(AssuranceLevel.linkedSession(federated, account)).isEqualTo(expected);
    }

    @Test
    void atMostWhenCapLowerThenCap() {
        assertThat(AssuranceLevel.L3.atMost(AssuranceLevel.L2)).isEqualTo(AssuranceLevel.L2);
        assertThat(AssuranceLevel.L1.atMost(AssuranceLevel.L2)).isEqualTo(AssuranceLevel.L1);
    }
}
