package cn.yiwang.id.federation.saml;

import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.SecureXml;
import cn.yiwang.id.saml.XmlSignatures;
import cn.yiwang.id.saml.metadata.EntityMetadata;
import cn.yiwang.id.saml.metadata.MetadataRole;
import cn.yiwang.id.saml.metadata.MetadataWriter;
import cn.yiwang.id.saml.metadata.SamlEndpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.w3c.dom.Document;

/**
 * Our SP metadata for the provincial IdPs (SAML 2.0 Metadata §2.4.4): our entity ID, the certificate we sign
 * AuthnRequests with and IdPs encrypt assertions to, our assertion consumer service (HTTP-POST), our single logout service (HTTP-Redirect and HTTP-POST), and our
 * wishes:
 * {@code AuthnRequestsSigned="true"}, {@code WantAssertionsSigned="true"}. Signed with the same key, valid for a
 * week, so that an IdP that caches it picks up a key change in time.
 */
public final class OurServiceProviderMetadata {

    /** How long an IdP may rely on a copy of our metadata. */
    static final Duration VALIDITY = Duration.ofDays(7);

    private final ServiceProviderCredentials credentials;

    public OurServiceProviderMetadata(ServiceProviderCredentials credentials) {
        this.credentials = credentials;
    }

    /**
     * Our metadata document.
     * @param sp who we are
     * @param now the current time
     * @return the signed EntityDescriptor, UTF-8
     */
    public byte[] document(SamlServiceProvider sp, Instant now) {
        EntityMetadata metadata = new EntityMetadata(
                sp.entityId(),
                List.of(),
                List.of(new SamlEndpoint(SamlNames.BINDING_POST, sp.assertionConsumerServiceUrl(), null, 0, true)),
                List.of(
                        new SamlEndpoint(SamlNames.BINDING_REDIRECT, sp.singleLogoutServiceUrl(), null, -1, false),
                        new SamlEndpoint(SamlNames.BINDING_POST, sp.singleLogoutServiceUrl(), null, -1, false)),
                this.credentials.signingCertificates(),
                this.credentials.encryptionCertificates(),
                List.of(SamlNames.NAMEID_PERSISTENT, SamlNames.NAMEID_TRANSIENT, SamlNames.NAMEID_UNSPECIFIED),
                true,
                true,
                false);
        Document document = MetadataWriter.write(metadata, MetadataRole.SP, now.plus(VALIDITY));
        XmlSignatures.sign(
                document.getDocumentElement(), this.credentials.signingKey(), this.credentials.certificate());
        return SecureXml.toBytes(document);
    }
}
