package cn.yiwang.id.account.enterprise;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.identity.UnifiedSocialCreditCodes;
import org.junit.jupiter.api.Test;

/** The documented synthetic enterprises of {@link SandboxEnterpriseRegistry}. */
class SandboxEnterpriseRegistryTests {

    private final SandboxEnterpriseRegistry registry = new SandboxEnterpriseRegistry();

    @Test
    void enterprisesHaveValidCodes() {
        assertThat(SandboxEnterpriseRegistry.ENTERPRISES)
                .allSatisfy((e) -> assertThat(
                                UnifiedSocialCreditCodes.check(e.uscc()).isValid())
                        .isTrue());
        assertThat(UnifiedSocialCreditCodes.check(SandboxEnterpriseRegistry.UNAVAILABLE)
                        .isValid())
                .isTrue();
    }

    @Test
    void lookupWhenKnownThenFoundWithStatus() {
        assertThat(this.registry.lookup("91310115MA1FL00154"))
                .isInstanceOfSatisfying(
                        RegistryAnswer.Found.class,
                        (found) -> assertThat(found.enterprise().status()).isEqualTo(EnterpriseStatus.ACTIVE));
        assertThat(this.registry.lookup("91310104MA1FL00231"))
                .isInstanceOfSatisfying(
                        RegistryAnswer.Found.class,
                        (found) -> assertThat(found.enterprise().status()).isEqualTo(EnterpriseStatus.CANCELLED));
    }

    @Test
    void lookupWhenUnknownThenNotFoundAndWhenUnavailableCodeThenNoAnswer() {
        assertThat(this.registry.lookup("91350100M000100Y43")).isInstanceOf(RegistryAnswer.NotFound.class);
        assertThat(this.registry.lookup(SandboxEnterpriseRegistry.UNAVAILABLE))
                .isInstanceOf(RegistryAnswer.Unavailable.class);
    }

    @Test
    void changeRepresentativeWhenKnownThenLookupNamesTheNewOne() {
        this.registry.changeRepresentative("91310115MA1FL00154", "测试用户三", "440305200002290029");
        assertThat(this.registry.lookup("91310115MA1FL00154"))
                .isInstanceOfSatisfying(
                        RegistryAnswer.Found.class,
                        (found) -> assertThat(found.enterprise().representativeNumber())
                                .isEqualTo("440305200002290029"));
        // another instance is untouched: the change is this instance's only
        assertThat(((RegistryAnswer.Found) new SandboxEnterpriseRegistry().lookup("91310115MA1FL00154"))
                        .enterprise()
                        .representativeName())
                .isEqualTo("测试用户二");
    }

    @Test
    void toStringMasksTheRepresentative() {
        assertThat(SandboxEnterpriseRegistry.ENTERPRISES.get(0).toString())
                .doesNotContain("310104199003071512")
                .doesNotContain("测试用户二");
    }
}
