package cn.yiwang.id.server.keys;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.saml.metadata.EntityMetadata;
import cn.yiwang.id.saml.metadata.MetadataReader;
import cn.yiwang.id.saml.metadata.MetadataRole;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.RawHttp;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * One key pair per role: OIDC signing, SAML IdP signing, SAML SP signing and SAML SP decryption never share key
 * material (a decryption oracle must not endanger the national signing key), and each is published with its use.
 * The SP roles start from a copy of the former shared key when upgrading (V6), so they are rotated here first: the
 * keys that sign and decrypt afterwards are their own.
 */
class KeyRolesIntegrationTests extends IntegrationTestSupport {

    @Test
    void metadataWhenEveryRoleHasItsKeyThenNoTwoRolesShareKeyMaterialAndEachIsPublishedWithItsUse() throws Exception {
        rotateAndWait("saml-sp-signing", "saml-sp-decryption");

        EntityMetadata idp = metadata("/saml2/idp/metadata", MetadataRole.IDP);
        EntityMetadata sp = metadata("/federation/saml/metadata", MetadataRole.SP);
        String idpXml = RawHttp.get(ISSUER + "/saml2/idp/metadata", null).body();

        assertThat(idp.encryptionCertificates()).as("the IdP decrypts nothing").isEmpty();
        assertThat(idpXml).doesNotContain("use=\"encryption\"");
        PublicKey idpSigning = idp.signingCertificates().get(0).getPublicKey();
        PublicKey spSigning = sp.signingCertificates().get(0).getPublicKey();
        PublicKey spDecryption = sp.encryptionCertificates().get(0).getPublicKey();
        List<PublicKey> oidc = JWKSet.load(URI.create(ISSUER + "/oauth2/jwks").toURL()).getKeys().stream()
                .map(KeyRolesIntegrationTests::publicKey)
                .toList();
        Set<PublicKey> distinct = new HashSet<>(List.of(idpSigning, spSigning, spDecryption));
        distinct.addAll(oidc);
        assertThat(distinct)
                .as("SAML IdP signing, SP signing, SP decryption and every OIDC key are different key pairs")
                .hasSize(3 + oidc.size());
        assertThat(sp.encryptionCertificates().get(0))
                .as("the certificate provinces encrypt to is the decryption key's, not the SP signing key's")
                .isNotEqualTo(sp.signingCertificates().get(0));
        assertThat(JWKSet.load(URI.create(ISSUER + "/oauth2/jwks").toURL()).getKeys())
                .allSatisfy((jwk) -> assertThat(jwk.getKeyUse()).isEqualTo(KeyUse.SIGNATURE));
    }

    @Test
    void adminWhenListingKeysThenEveryRoleWithItsUseAndNoPrivatePart() throws Exception {
        HttpResponse<String> response = RawHttp.withBearer("GET", ISSUER + "/admin/api/keys", adminToken());

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> body = RawHttp.json(response);
        assertThat(JSONObjectUtils.getStringList(body, "roles"))
                .containsExactly(
                        "oidc-signing", "saml-idp-signing", "saml-sp-signing", "saml-sp-decryption", "audit-signing");
        List<Object> keys = JSONObjectUtils.getJSONArray(body, "keys");
        assertThat(keys)
                .extracting((key) -> ((Map<?, ?>) key).get("role") + " " + ((Map<?, ?>) key).get("use"))
                .contains("oidc-signing sig", "saml-idp-signing sig", "saml-sp-signing sig", "saml-sp-decryption enc");
        assertThat(response.body()).doesNotContain("\"d\"").doesNotContain("private");
    }

    private void rotateAndWait(String... roles) throws Exception {
        String admin = adminToken();
        Instant latest = Instant.now();
        for (String role : roles) {
            HttpResponse<String> response =
                    RawHttp.withBearer("POST", ISSUER + "/admin/api/keys/" + role + "/rotate", admin);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            for (Object activating : JSONObjectUtils.getJSONArray(RawHttp.json(response), "activating")) {
                Instant at = Instant.parse(
                        ((Map<?, ?>) activating).get("activatesAt").toString());
                latest = at.isAfter(latest) ? at : latest;
            }
        }
        // the nodes switch at the activation instant; give the clock a little margin
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), latest).toMillis()) + 300);
    }

    private static EntityMetadata metadata(String path, MetadataRole role) throws Exception {
        return MetadataReader.read(RawHttp.get(ISSUER + path, null).body().getBytes(StandardCharsets.UTF_8), role);
    }

    private static PublicKey publicKey(JWK jwk) {
        try {
            return (jwk instanceof com.nimbusds.jose.jwk.RSAKey rsa)
                    ? rsa.toPublicKey()
                    : jwk.toECKey().toPublicKey();
        } catch (com.nimbusds.jose.JOSEException ex) {
            throw new AssertionError(ex);
        }
    }

    private static String adminToken() throws Exception {
        return RawHttp.json(RawHttp.postForm(
                        ISSUER + "/oauth2/token",
                        RawHttp.basic("test-admin", "demo-secret"),
                        "grant_type",
                        "client_credentials",
                        "scope",
                        "yiwang.admin"))
                .get("access_token")
                .toString();
    }
}
