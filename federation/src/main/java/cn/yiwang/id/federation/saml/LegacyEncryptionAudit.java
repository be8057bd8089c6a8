package cn.yiwang.id.federation.saml;

/**
 * Told each time a province flagged {@code legacy-cbc} sent an assertion encrypted with AES-CBC, so the weaker
 * algorithm never goes unnoticed. The application that assembles the federation writes it to its audit log.
 */
@FunctionalInterface
public interface LegacyEncryptionAudit {

    /**
     * Records one use.
     * @param idpAlias the province
     * @param algorithm the content encryption algorithm URI it used
     */
    void used(String idpAlias, String algorithm);
}
