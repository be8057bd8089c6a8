package cn.yiwang.id.server.saml;

import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.SecureXml;
import cn.yiwang.id.saml.XmlSignatures;
import cn.yiwang.id.saml.metadata.EntityMetadata;
import cn.yiwang.id.saml.metadata.MetadataRole;
import cn.yiwang.id.saml.metadata.MetadataWriter;
import cn.yiwang.id.saml.metadata.SamlEndpoint;
import java.time.Clock;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.w3c.dom.Document;

/**
 * The identity provider's metadata (SAML metadata §2.4.3), signed with our active SAML IdP key: entity
 * ID, the signing certificates ({@code use="signing"}: the active one first, then the next, so SPs know it
 * before it signs, and the retired), SSO and SLO endpoints over HTTP-Redirect and HTTP-POST, and the NameID
 * formats we issue. The IdP decrypts nothing, so it publishes no encryption key.
 */
@RestController
public final class SamlMetadataController {

    static final MediaType SAML_METADATA = MediaType.parseMediaType("application/samlmetadata+xml");

    private final SamlIdpEndpoints idp;
    private final SamlKeyStore keys;
    private final SamlIdpProperties properties;
    private final Clock clock;

    public SamlMetadataController(SamlIdpEndpoints idp, SamlKeyStore keys, SamlIdpProperties properties, Clock clock) {
        this.idp = idp;
        this.keys = keys;
        this.properties = properties;
        this.clock = clock;
    }

    @GetMapping(SamlIdpEndpoints.METADATA_PATH)
    public ResponseEntity<byte[]> metadata() {
        SamlCredential credential = this.keys.credential();
        List<SamlEndpoint> sso = List.of(
                new SamlEndpoint(SamlNames.BINDING_REDIRECT, this.idp.singleSignOn(), null, -1, false),
                new SamlEndpoint(SamlNames.BINDING_POST, this.idp.singleSignOn(), null, -1, false));
        List<SamlEndpoint> slo = List.of(
                new SamlEndpoint(SamlNames.BINDING_REDIRECT, this.idp.singleLogout(), null, -1, false),
                new SamlEndpoint(SamlNames.BINDING_POST, this.idp.singleLogout(), null, -1, false));
        EntityMetadata metadata = new EntityMetadata(
                this.idp.entityId(),
                sso,
                List.of(),
                slo,
                this.keys.publishedCertificates(),
                List.of(),
                List.of(SamlNames.NAMEID_PERSISTENT, SamlNames.NAMEID_TRANSIENT, SamlNames.NAMEID_UNSPECIFIED),
                false,
                false,
                false);
        Document document = MetadataWriter.write(
                metadata, MetadataRole.IDP, this.clock.instant().plus(this.properties.metadataValidity()));
        XmlSignatures.sign(document.getDocumentElement(), credential.privateKey(), credential.certificate());
        return ResponseEntity.ok()
                .contentType(SAML_METADATA)
                .cacheControl(CacheControl.noCache())
                .body(SecureXml.toBytes(document));
    }
}
