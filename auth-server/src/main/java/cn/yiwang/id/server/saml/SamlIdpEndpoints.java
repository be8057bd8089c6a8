package cn.yiwang.id.server.saml;

/**
 * Where the identity provider lives: its entity ID and the URLs its metadata publishes.
 *
 * @param entityId our entity ID (the Issuer of everything we send)
 * @param metadata the metadata URL
 * @param singleSignOn the SSO service (HTTP-Redirect and HTTP-POST)
 * @param singleLogout the SLO service (HTTP-Redirect and HTTP-POST)
 */
public record SamlIdpEndpoints(String entityId, String metadata, String singleSignOn, String singleLogout) {

    static final String METADATA_PATH = "/saml2/idp/metadata";
    static final String SSO_PATH = "/saml2/idp/sso";
    static final String SLO_PATH = "/saml2/idp/slo";
    static final String INITIATE_PATH = "/saml2/idp/init";
    static final String CONTINUE_PATH = "/saml2/idp/continue";

    public static SamlIdpEndpoints of(String issuer, SamlIdpProperties properties) {
        String entityId = properties.entityId().isBlank() ? issuer + METADATA_PATH : properties.entityId();
        return new SamlIdpEndpoints(entityId, issuer + METADATA_PATH, issuer + SSO_PATH, issuer + SLO_PATH);
    }
}
