package cn.yiwang.id.server.saml.registry;

import cn.yiwang.id.saml.Certificates;
import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.metadata.EntityMetadata;
import cn.yiwang.id.saml.metadata.SamlEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Service providers for tests: a valid one to start from, changed through a {@link Builder}, and the
 * metadata fixture {@code saml/sp-metadata.xml} with its certificates. Register one in the shared
 * context with {@code ServiceProviderAdministration.save(provider)}.
 */
public final class TestServiceProviders {

    /** The fixture's entity ID. */
    public static final String METADATA_ENTITY_ID = "https://portal.example.gov.cn/saml/metadata";

    private TestServiceProviders() {}

    /** @return a fresh alias, so tests sharing the database never collide */
    public static String alias() {
        return "sp-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** @return a valid provider with a fresh alias and entity ID */
    public static ServiceProvider serviceProvider() {
        return builder().build();
    }

    /** @return a builder of a valid provider with a fresh alias and entity ID */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the bytes of {@code saml/sp-metadata.xml} */
    public static byte[] metadataXml() {
        try (InputStream in = TestServiceProviders.class.getResourceAsStream("/saml/sp-metadata.xml")) {
            return in.readAllBytes();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** @return the fixture's metadata, read */
    public static EntityMetadata metadata() {
        return ImportedServiceProviderMetadata.read(metadataXml());
    }

    /** @return the fixture's signing certificate (RSA) */
    public static X509Certificate signingCertificate() {
        return metadata().signingCertificates().get(0);
    }

    /** @return the fixture's encryption certificate (RSA) */
    public static X509Certificate encryptionCertificate() {
        return metadata().encryptionCertificates().get(0);
    }

    /** @return an EC certificate, which cannot receive RSA-OAEP encrypted keys */
    public static X509Certificate ecCertificate() {
        try (InputStream in = TestServiceProviders.class.getResourceAsStream("/saml/ec-certificate.pem")) {
            return Certificates.parse(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** @return an HTTP-POST endpoint */
    public static SamlEndpoint post(String location, int index, boolean isDefault) {
        return new SamlEndpoint(SamlNames.BINDING_POST, location, null, index, isDefault);
    }

    /** @return an HTTP-Redirect single logout endpoint */
    public static SamlEndpoint redirect(String location) {
        return new SamlEndpoint(SamlNames.BINDING_REDIRECT, location, null, -1, false);
    }

    /** Builds a {@link ServiceProvider}, starting from a valid one. */
    public static final class Builder {

        private String alias = TestServiceProviders.alias();

        private String entityId = "https://" + this.alias + ".example.gov.cn/saml";

        private String displayNameZh = "测试部委门户";

        private String displayNameEn = "Test ministry portal";

        private List<SamlEndpoint> acs =
                new ArrayList<>(List.of(post("https://" + this.alias + ".example.gov.cn/saml/acs", 0, true)));

        private List<SamlEndpoint> slo =
                new ArrayList<>(List.of(redirect("https://" + this.alias + ".example.gov.cn/saml/slo")));

        private List<X509Certificate> signing = new ArrayList<>();

        private List<X509Certificate> encryption = new ArrayList<>();

        private boolean requireSignedAuthnRequests;

        private boolean signResponse = true;

        private boolean signAssertion = true;

        private boolean encryptAssertion;

        private String nameIdFormat = SamlNames.NAMEID_PERSISTENT;

        private Set<String> attributes = new LinkedHashSet<>(List.of("name", "loa"));

        private boolean releaseFullIdNumber;

        private String metadataUrl;

        private boolean enabled = true;

        private Instant updatedAt;

        public Builder alias(String value) {
            this.alias = value;
            return this;
        }

        public Builder entityId(String value) {
            this.entityId = value;
            return this;
        }

        public Builder displayNames(String zh, String en) {
            this.displayNameZh = zh;
            this.displayNameEn = en;
            return this;
        }

        public Builder assertionConsumerServices(SamlEndpoint... endpoints) {
            this.acs = new ArrayList<>(List.of(endpoints));
            return this;
        }

        public Builder singleLogoutServices(SamlEndpoint... endpoints) {
            this.slo = new ArrayList<>(List.of(endpoints));
            return this;
        }

        public Builder signingCertificates(X509Certificate... certificates) {
            this.signing = new ArrayList<>(List.of(certificates));
            return this;
        }

        public Builder encryptionCertificates(X509Certificate... certificates) {
            this.encryption = new ArrayList<>(List.of(certificates));
            return this;
        }

        public Builder requireSignedAuthnRequests(boolean value) {
            this.requireSignedAuthnRequests = value;
            return this;
        }

        public Builder signResponse(boolean value) {
            this.signResponse = value;
            return this;
        }

        public Builder signAssertion(boolean value) {
            this.signAssertion = value;
            return this;
        }

        public Builder encryptAssertion(boolean value) {
            this.encryptAssertion = value;
            return this;
        }

        public Builder nameIdFormat(String value) {
            this.nameIdFormat = value;
            return this;
        }

        public Builder releasedAttributes(String... values) {
            this.attributes = new LinkedHashSet<>(List.of(values));
            return this;
        }

        public Builder releaseFullIdNumber(boolean value) {
            this.releaseFullIdNumber = value;
            return this;
        }

        public Builder metadataUrl(String value) {
            this.metadataUrl = value;
            return this;
        }

        public Builder enabled(boolean value) {
            this.enabled = value;
            return this;
        }

        /** Signing and encryption certificates of the fixture; signed AuthnRequests and encryption on. */
        public Builder signedAndEncrypted() {
            return signingCertificates(signingCertificate())
                    .encryptionCertificates(encryptionCertificate())
                    .requireSignedAuthnRequests(true)
                    .encryptAssertion(true);
        }

        public ServiceProvider build() {
            return new ServiceProvider(
                    this.alias,
                    this.entityId,
                    this.displayNameZh,
                    this.displayNameEn,
                    this.acs,
                    this.slo,
                    this.signing,
                    this.encryption,
                    this.requireSignedAuthnRequests,
                    this.signResponse,
                    this.signAssertion,
                    this.encryptAssertion,
                    this.nameIdFormat,
                    this.attributes,
                    this.releaseFullIdNumber,
                    this.metadataUrl,
                    this.enabled,
                    this.updatedAt);
        }
    }
}
