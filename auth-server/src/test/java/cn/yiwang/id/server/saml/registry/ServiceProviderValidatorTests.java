package cn.yiwang.id.server.saml.registry;

import static cn.yiwang.id.server.saml.registry.TestServiceProviders.post;
import static cn.yiwang.id.server.saml.registry.TestServiceProviders.redirect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import cn.yiwang.id.kit.registry.Violation;
import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.metadata.SamlEndpoint;
import cn.yiwang.id.server.saml.registry.TestServiceProviders.Builder;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ServiceProviderValidator}: one case per rule and way of breaking it. */
class ServiceProviderValidatorTests {

    private static final String ALIAS = "must be 2 to 32 characters: lower-case letters a-z, digits and '-'";

    private static final String DISPLAY_NAME = "must be 1 to 64 characters and not blank (it is shown to citizens)";

    private static final String HTTPS = "must use https (http is allowed for localhost and 127.0.0.1 only, for tests)";

    private static final String ENTITY_ID_URI = "must be an absolute URI, e.g. https://portal.example.gov.cn/saml "
            + "or urn:example:portal (SAML core §8.3.6)";

    private static final String ACS_POST = "must include an endpoint with the HTTP-POST binding ("
            + SamlNames.BINDING_POST + "): responses are sent only that way";

    @Test
    void validateWhenValidThenNoViolations() {
        assertThat(ServiceProviderValidator.validate(TestServiceProviders.serviceProvider()))
                .isEmpty();
        assertThat(ServiceProviderValidator.validate(TestServiceProviders.builder()
                        .signedAndEncrypted()
                        .releasedAttributes(ServiceProvider.ATTRIBUTES.toArray(String[]::new))
                        .releaseFullIdNumber(true)
                        .nameIdFormat(SamlNames.NAMEID_TRANSIENT)
                        .singleLogoutServices()
                        .metadataUrl("https://portal.example.gov.cn/saml/metadata")
                        .build()))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://portal.example.gov.cn/saml/acs",
                "http://localhost:8090/acs",
                "http://127.0.0.1:8090/saml/acs?x=1",
                "http://[::1]/acs"
            })
    void validateWhenAcsLocationAcceptableThenNoViolations(String location) {
        assertThat(ServiceProviderValidator.validate(TestServiceProviders.builder()
                        .assertionConsumerServices(post(location, 0, false))
                        .build()))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://portal.example.gov.cn/saml", "urn:example:portal", "portal:x"})
    void validateWhenEntityIdAbsoluteUriThenNoViolations(String entityId) {
        assertThat(ServiceProviderValidator.validate(
                        TestServiceProviders.builder().entityId(entityId).build()))
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void validateWhenRuleBrokenThenExactViolation(
            String broken, UnaryOperator<Builder> change, String field, String message) {
        assertThat(ServiceProviderValidator.validate(
                        change.apply(TestServiceProviders.builder()).build()))
                .containsExactly(new Violation(field, message));
    }

    static Stream<Arguments> violations() {
        String acs = "https://portal.example.gov.cn/saml/acs";
        return Stream.of(
                arguments("alias missing", op((b) -> b.alias(null)), "alias", ALIAS),
                arguments("alias upper case", op((b) -> b.alias("Portal")), "alias", ALIAS),
                arguments(
                        "entity ID missing",
                        op((b) -> b.entityId(null)),
                        "entityId",
                        "is required: the SP's SAML entity ID (its metadata's entityID)"),
                arguments("entity ID relative", op((b) -> b.entityId("portal/saml")), "entityId", ENTITY_ID_URI),
                arguments(
                        "entity ID with a space",
                        op((b) -> b.entityId("urn:a b")),
                        "entityId",
                        "must be an absolute URI of at most 1024 printable ASCII characters without spaces "
                                + "(SAML core §8.3.6)"),
                arguments(
                        "entity ID too long",
                        op((b) -> b.entityId("urn:" + "x".repeat(1021))),
                        "entityId",
                        "must be an absolute URI of at most 1024 printable ASCII characters without spaces "
                                + "(SAML core §8.3.6)"),
                arguments(
                        "Chinese name blank", op((b) -> b.displayNames(" ", "Portal")), "displayNameZh", DISPLAY_NAME),
                arguments(
                        "English name too long",
                        op((b) -> b.displayNames("门户", "x".repeat(65))),
                        "displayNameEn",
                        DISPLAY_NAME),
                arguments("no ACS", op((b) -> b.assertionConsumerServices()), "assertionConsumerServices", ACS_POST),
                arguments(
                        "ACS over http elsewhere",
                        op((b) -> b.assertionConsumerServices(post("http://portal.example.gov.cn/acs", 0, false))),
                        "assertionConsumerServices[0].location",
                        HTTPS),
                arguments(
                        "ACS relative",
                        op((b) -> b.assertionConsumerServices(post("/saml/acs", 0, false))),
                        "assertionConsumerServices[0].location",
                        "must be an absolute URL with a host, e.g. https://portal.example.gov.cn/saml/acs"),
                arguments(
                        "ACS with fragment",
                        op((b) -> b.assertionConsumerServices(post(acs + "#x", 0, false))),
                        "assertionConsumerServices[0].location",
                        "must have no fragment"),
                arguments(
                        "ACS index twice",
                        op((b) -> b.assertionConsumerServices(post(acs, 1, false), post(acs + "/2", 1, false))),
                        "assertionConsumerServices[1].index",
                        "index 1 is used twice; AuthnRequests name an endpoint by its index"),
                arguments(
                        "ACS index negative",
                        op((b) -> b.assertionConsumerServices(post(acs, 0, false), post(acs + "/2", -1, false))),
                        "assertionConsumerServices[1].index",
                        "must be 0 or more"),
                arguments(
                        "two default ACS",
                        op((b) -> b.assertionConsumerServices(post(acs, 0, true), post(acs + "/2", 1, true))),
                        "assertionConsumerServices",
                        "at most one endpoint may be the default"),
                arguments(
                        "SLO over HTTP-Artifact",
                        op((b) -> b.singleLogoutServices(new SamlEndpoint(
                                "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact",
                                "https://portal.example.gov.cn/slo",
                                null,
                                -1,
                                false))),
                        "singleLogoutServices[0].binding",
                        "must be " + SamlNames.BINDING_REDIRECT
                                + " (HTTP-Redirect), " + SamlNames.BINDING_POST + " (HTTP-POST) or "
                                + SamlNames.BINDING_SOAP + " (SOAP, back-channel)"),
                arguments(
                        "SLO response location over http",
                        op((b) -> b.singleLogoutServices(new SamlEndpoint(
                                SamlNames.BINDING_POST,
                                "https://portal.example.gov.cn/slo",
                                "http://portal.example.gov.cn/r",
                                -1,
                                false))),
                        "singleLogoutServices[0].responseLocation",
                        HTTPS),
                arguments(
                        "signed requests without certificate",
                        op((b) -> b.requireSignedAuthnRequests(true)),
                        "signingCertificates",
                        "must include the SP's signing certificate when "
                                + "requireSignedAuthnRequests is true: signatures are checked against it only"),
                arguments(
                        "encryption without certificate",
                        op((b) -> b.encryptAssertion(true)),
                        "encryptionCertificates",
                        "must include the SP's encryption certificate when " + "encryptAssertion is true"),
                arguments(
                        "encryption to an EC key",
                        op((b) -> b.encryptionCertificates(TestServiceProviders.ecCertificate())),
                        "encryptionCertificates[0]",
                        "must carry an RSA public key: assertions are encrypted with RSA-OAEP key transport"),
                arguments(
                        "NameID format unknown",
                        op((b) -> b.nameIdFormat("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress")),
                        "nameIdFormat",
                        "must be one of " + String.join(", ", ServiceProviderValidator.NAME_ID_FORMATS)
                                + " (or persistent, transient, unspecified)"),
                arguments(
                        "NameID format missing",
                        op((b) -> b.nameIdFormat(null)),
                        "nameIdFormat",
                        "must be one of " + String.join(", ", ServiceProviderValidator.NAME_ID_FORMATS)
                                + " (or persistent, transient, unspecified)"),
                arguments(
                        "attribute outside the vocabulary",
                        op((b) -> b.releasedAttributes("name", "email")),
                        "releasedAttributes",
                        "'email' is not an attribute Yiwang ID releases; use name, loa, "
                                + "id_document_type, id_number_masked, phone, id_number"),
                arguments(
                        "full ID number without id_number",
                        op((b) -> b.releaseFullIdNumber(true)),
                        "releaseFullIdNumber",
                        "is true but releasedAttributes lacks id_number: list id_number as "
                                + "well, or set this to false"),
                arguments(
                        "metadata URL over http",
                        op((b) -> b.metadataUrl("http://portal.example.gov.cn/md")),
                        "metadataUrl",
                        HTTPS));
    }

    @Test
    void validateWhenAcsOnlyArtifactThenBothTheListAndTheEndpointReported() {
        SamlEndpoint artifact = new SamlEndpoint(
                "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact",
                "https://portal.example.gov.cn/saml/artifact",
                null,
                0,
                false);
        assertThat(ServiceProviderValidator.validate(TestServiceProviders.builder()
                        .assertionConsumerServices(artifact)
                        .build()))
                .extracting(Violation::field)
                .containsExactly("assertionConsumerServices", "assertionConsumerServices[0].binding");
    }

    @Test
    void validateWhenSloWithoutIndexThenAccepted() {
        assertThat(ServiceProviderValidator.validate(TestServiceProviders.builder()
                        .singleLogoutServices(
                                redirect("https://portal.example.gov.cn/slo"),
                                new SamlEndpoint(
                                        SamlNames.BINDING_POST,
                                        "https://portal.example.gov.cn/slo/post",
                                        null,
                                        -1,
                                        false))
                        .build()))
                .isEmpty();
    }

    private static UnaryOperator<Builder> op(UnaryOperator<Builder> change) {
        return change;
    }
}
