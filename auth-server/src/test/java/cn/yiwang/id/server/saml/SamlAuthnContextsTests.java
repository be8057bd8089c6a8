package cn.yiwang.id.server.saml;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.saml.SamlNames;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SamlAuthnContextsTests {

    @Test
    void noRequestedContextAsksForNothing() {
        assertThat(SamlAuthnContexts.requirement(List.of(), null)).isEqualTo(SamlAuthnContexts.Requirement.NONE);
    }

    @Test
    void exactOurLevelRequiresItAndAssertsIt() {
        SamlAuthnContexts.Requirement requirement =
                SamlAuthnContexts.requirement(List.of("urn:yiwang:loa:3", "urn:yiwang:loa:2"), "exact");
        assertThat(requirement.minimum()).contains(AssuranceLevel.L2);
        assertThat(requirement.assertedRef()).isEqualTo("urn:yiwang:loa:2");
        assertThat(requirement.satisfiable()).isTrue();
    }

    @Test
    void minimumRequiresTheLowestListedAndAssertsTheSessionLevel() {
        SamlAuthnContexts.Requirement requirement =
                SamlAuthnContexts.requirement(List.of("urn:yiwang:loa:3"), "minimum");
        assertThat(requirement.minimum()).contains(AssuranceLevel.L3);
        assertThat(requirement.assertedRef()).isNull();
    }

    @Test
    void betterRequiresTheNextLevelAndNothingIsBetterThanL4() {
        assertThat(SamlAuthnContexts.requirement(List.of("urn:yiwang:loa:2"), "better")
                        .minimum())
                .contains(AssuranceLevel.L3);
        assertThat(SamlAuthnContexts.requirement(List.of("urn:yiwang:loa:4"), "better")
                        .satisfiable())
                .isFalse();
    }

    @Test
    void passwordClassesAreMetByAnySessionAndEchoed() {
        SamlAuthnContexts.Requirement requirement =
                SamlAuthnContexts.requirement(List.of(SamlNames.AC_PASSWORD_PROTECTED), null);
        assertThat(requirement.minimum()).isEqualTo(Optional.empty());
        assertThat(requirement.assertedRef()).isEqualTo(SamlNames.AC_PASSWORD_PROTECTED);
        assertThat(requirement.satisfiable()).isTrue();
    }

    @Test
    void onlyForeignClassesCannotBeSatisfied() {
        assertThat(SamlAuthnContexts.requirement(List.of("urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard"), "exact")
                        .satisfiable())
                .isFalse();
    }
}
