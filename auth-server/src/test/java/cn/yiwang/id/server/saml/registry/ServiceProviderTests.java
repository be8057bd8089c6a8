package cn.yiwang.id.server.saml.registry;

import static cn.yiwang.id.server.saml.registry.TestServiceProviders.post;
import static cn.yiwang.id.server.saml.registry.TestServiceProviders.redirect;
import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.metadata.SamlEndpoint;
import org.junit.jupiter.api.Test;

/** {@link ServiceProvider}'s look-ups: which endpoint a message goes to, which attributes are released. */
class ServiceProviderTests {

    private static final String ACS = "https://portal.example.gov.cn/saml/acs";

    private static final SamlEndpoint ARTIFACT =
            new SamlEndpoint("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact", ACS + "/artifact", null, 1, true);

    private final ServiceProvider provider = TestServiceProviders.builder()
            .assertionConsumerServices(post(ACS, 0, false), ARTIFACT, post(ACS + "/mobile", 2, true))
            .singleLogoutServices(
                    redirect("https://portal.example.gov.cn/slo"),
                    new SamlEndpoint(SamlNames.BINDING_POST, "https://portal.example.gov.cn/slo/post", null, -1, false))
            .build();

    @Test
    void assertionConsumerServiceWhenNothingAskedThenDefaultPostEndpoint() {
        assertThat(this.provider.assertionConsumerService(null, null)).contains(post(ACS + "/mobile", 2, true));
    }

    @Test
    void assertionConsumerServiceWhenNoDefaultThenFirstPostEndpoint() {
        ServiceProvider noDefault = TestServiceProviders.builder()
                .assertionConsumerServices(ARTIFACT, post(ACS, 3, false), post(ACS + "/2", 0, false))
                .build();
        assertThat(noDefault.assertionConsumerService(null, null)).contains(post(ACS, 3, false));
    }

    @Test
    void assertionConsumerServiceWhenIndexThenThatPostEndpointOnly() {
        assertThat(this.provider.assertionConsumerService(0, null)).contains(post(ACS, 0, false));
        assertThat(this.provider.assertionConsumerService(2, null)).contains(post(ACS + "/mobile", 2, true));
        assertThat(this.provider.assertionConsumerService(1, null))
                .as("HTTP-Artifact is not used")
                .isEmpty();
        assertThat(this.provider.assertionConsumerService(7, null)).isEmpty();
    }

    @Test
    void assertionConsumerServiceWhenUrlThenExactMatchOnly() {
        assertThat(this.provider.assertionConsumerService(null, ACS)).contains(post(ACS, 0, false));
        assertThat(this.provider.assertionConsumerService(null, ACS + "/")).isEmpty();
        assertThat(this.provider.assertionConsumerService(null, ACS.toUpperCase()))
                .isEmpty();
        assertThat(this.provider.assertionConsumerService(null, ACS + "?x=1")).isEmpty();
        assertThat(this.provider.assertionConsumerService(null, ACS + "/artifact"))
                .isEmpty();
    }

    @Test
    void assertionConsumerServiceWhenIndexAndUrlThenNone() {
        // SAML core §3.4.1: AssertionConsumerServiceIndex and AssertionConsumerServiceURL are mutually exclusive
        assertThat(this.provider.assertionConsumerService(0, ACS)).isEmpty();
    }

    @Test
    void singleLogoutServiceWhenBindingThenFirstWithIt() {
        assertThat(this.provider
                        .singleLogoutService(SamlNames.BINDING_REDIRECT)
                        .orElseThrow()
                        .location())
                .isEqualTo("https://portal.example.gov.cn/slo");
        assertThat(this.provider
                        .singleLogoutService(SamlNames.BINDING_POST)
                        .orElseThrow()
                        .location())
                .isEqualTo("https://portal.example.gov.cn/slo/post");
        assertThat(TestServiceProviders.builder()
                        .singleLogoutServices()
                        .build()
                        .singleLogoutService(SamlNames.BINDING_REDIRECT))
                .isEmpty();
    }

    @Test
    void releasesWhenIdNumberListedThenOnlyWithReleaseFullIdNumber() {
        ServiceProvider listed = TestServiceProviders.builder()
                .releasedAttributes("name", "id_number")
                .build();
        assertThat(listed.releases("name")).isTrue();
        assertThat(listed.releases("phone")).isFalse();
        assertThat(listed.releases("id_number")).isFalse();
        assertThat(TestServiceProviders.builder()
                        .releasedAttributes("name", "id_number")
                        .releaseFullIdNumber(true)
                        .build()
                        .releases("id_number"))
                .isTrue();
        assertThat(TestServiceProviders.builder()
                        .releasedAttributes("name")
                        .releaseFullIdNumber(true)
                        .build()
                        .releases("id_number"))
                .isFalse();
    }

    @Test
    void constructWhenCollectionsAbsentThenEmptyAndImmutable() {
        ServiceProvider loose = new ServiceProvider(
                "a", null, null, null, null, null, null, null, false, true, true, false, null, null, false, null, true,
                null);
        assertThat(loose.assertionConsumerServices()).isEmpty();
        assertThat(loose.releasedAttributes()).isEmpty();
        assertThat(loose.assertionConsumerService(null, null)).isEmpty();
    }

    @Test
    void toStringWhenCertificatesThenNoCertificateText() {
        assertThat(TestServiceProviders.builder().signedAndEncrypted().build().toString())
                .contains("signingCertificates=1")
                .doesNotContain("MII");
    }
}
