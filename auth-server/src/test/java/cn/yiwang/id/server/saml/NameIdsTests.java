package cn.yiwang.id.server.saml;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.server.saml.registry.ServiceProvider;
import cn.yiwang.id.server.saml.registry.TestServiceProviders;
import org.junit.jupiter.api.Test;

class NameIdsTests {

    private final NameIds nameIds = new NameIds(new byte[32]);

    private final ServiceProvider a =
            TestServiceProviders.builder().entityId("https://a.example/sp").build();

    private final ServiceProvider b =
            TestServiceProviders.builder().entityId("https://b.example/sp").build();

    @Test
    void persistentIsStableForOneSpAndDifferentAcrossSps() {
        String first = this.nameIds.nameId(SamlNames.NAMEID_PERSISTENT, this.a, "acct-1", "sid-1");
        assertThat(this.nameIds.nameId(SamlNames.NAMEID_PERSISTENT, this.a, "acct-1", "sid-2"))
                .isEqualTo(first);
        assertThat(this.nameIds.nameId(SamlNames.NAMEID_PERSISTENT, this.b, "acct-1", "sid-1"))
                .isNotEqualTo(first);
        assertThat(first).doesNotContain("acct-1");
        assertThat(new NameIds(new byte[] {1}).nameId(SamlNames.NAMEID_PERSISTENT, this.a, "acct-1", "sid-1"))
                .as("a different key gives different identifiers")
                .isNotEqualTo(first);
    }

    @Test
    void transientChangesWithTheSession() {
        String one = this.nameIds.nameId(SamlNames.NAMEID_TRANSIENT, this.a, "acct-1", "sid-1");
        assertThat(this.nameIds.nameId(SamlNames.NAMEID_TRANSIENT, this.a, "acct-1", "sid-2"))
                .isNotEqualTo(one);
        assertThat(this.nameIds.nameId(SamlNames.NAMEID_TRANSIENT, this.a, "acct-1", "sid-1"))
                .isEqualTo(one);
    }

    @Test
    void unspecifiedIsTheAccountIdAndSessionIndexesArePerSp() {
        assertThat(this.nameIds.nameId(SamlNames.NAMEID_UNSPECIFIED, this.a, "acct-1", "sid-1"))
                .isEqualTo("acct-1");
        assertThat(this.nameIds.sessionIndex(this.a, "sid-1"))
                .isNotEqualTo(this.nameIds.sessionIndex(this.b, "sid-1"))
                .doesNotContain("sid-1");
    }

    @Test
    void theRequestedFormatWinsOverTheRegisteredOneExceptUnspecified() {
        ServiceProvider transientSp = TestServiceProviders.builder()
                .nameIdFormat(SamlNames.NAMEID_TRANSIENT)
                .build();
        assertThat(NameIds.effectiveFormat(null, transientSp)).isEqualTo(SamlNames.NAMEID_TRANSIENT);
        assertThat(NameIds.effectiveFormat(SamlNames.NAMEID_UNSPECIFIED, transientSp))
                .isEqualTo(SamlNames.NAMEID_TRANSIENT);
        assertThat(NameIds.effectiveFormat(SamlNames.NAMEID_PERSISTENT, transientSp))
                .isEqualTo(SamlNames.NAMEID_PERSISTENT);
        assertThat(NameIds.supported("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"))
                .isFalse();
    }
}
