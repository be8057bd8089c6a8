package cn.yiwang.id.server.keys;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import java.util.List;
import java.util.Optional;

/**
 * What a key is for. Each role has keys of its own (a decryption oracle must never endanger a signing key), each
 * rotates on its own, and each is published with its {@code use}: in the JWKS for OIDC, as a
 * {@code KeyDescriptor use="signing"} or {@code "encryption"} in SAML metadata.
 */
public enum KeyRole {

    /** Signs ID tokens, access tokens and logout tokens: one RS256 and one ES256 key, published in the JWKS. */
    OIDC_SIGNING("oidc-signing", KeyUse.SIGNATURE, List.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), false),

    /** Signs the SAML IdP's responses, assertions, logout messages and metadata (RSA with a certificate). */
    SAML_IDP_SIGNING("saml-idp-signing", KeyUse.SIGNATURE, List.of(JWSAlgorithm.RS256), true),

    /** Signs our SAML service provider's AuthnRequests, logout messages and metadata towards the provinces. */
    SAML_SP_SIGNING("saml-sp-signing", KeyUse.SIGNATURE, List.of(JWSAlgorithm.RS256), true),

    /**
     * Decrypts the assertions provinces encrypt to our SAML service provider (RSA-OAEP key transport); published
     * as its encryption certificate. Never signs anything.
     */
    SAML_SP_DECRYPTION("saml-sp-decryption", KeyUse.ENCRYPTION, List.of(JWEAlgorithm.RSA_OAEP_256), true),

    /**
     * Signs the audit trail's checkpoints (the head of its hash chain). Published nowhere; its retired keys are
     * kept for good, since a checkpoint signed years ago must still verify.
     */
    AUDIT_SIGNING("audit-signing", KeyUse.SIGNATURE, List.of(JWSAlgorithm.ES256), false, true);

    private final String id;
    private final KeyUse use;
    private final List<Algorithm> algorithms;
    private final boolean certificate;
    private final boolean keepsRetired;

    KeyRole(String id, KeyUse use, List<Algorithm> algorithms, boolean certificate) {
        this(id, use, algorithms, certificate, false);
    }

    KeyRole(String id, KeyUse use, List<Algorithm> algorithms, boolean certificate, boolean keepsRetired) {
        this.id = id;
        this.use = use;
        this.algorithms = algorithms;
        this.certificate = certificate;
        this.keepsRetired = keepsRetired;
    }

    /** @return the name used in storage and in the admin API, e.g. {@code oidc-signing} */
    public String id() {
        return this.id;
    }

    /** @return signature or encryption */
    public KeyUse use() {
        return this.use;
    }

    /** @return the algorithms this role keeps one key each of (for the SAML roles, a label of the RSA key's use) */
    public List<Algorithm> algorithms() {
        return this.algorithms;
    }

    /** @return whether its keys carry a self-signed certificate (the SAML roles) */
    public boolean hasCertificate() {
        return this.certificate;
    }

    /** @return whether its retired keys stay for good instead of being removed after the retention */
    public boolean keepsRetired() {
        return this.keepsRetired;
    }

    /**
     * The role of a name.
     * @param id e.g. {@code saml-idp-signing}
     * @return the role, or empty when no role has that name
     */
    public static Optional<KeyRole> of(String id) {
        for (KeyRole role : values()) {
            if (role.id.equals(id)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
