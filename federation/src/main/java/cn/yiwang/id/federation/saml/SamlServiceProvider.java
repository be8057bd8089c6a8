package cn.yiwang.id.federation.saml;

import java.util.Objects;

/**
 * Who we are to a provincial SAML IdP: our SP entity ID, our assertion consumer service (HTTP-POST) and our single
 * logout service (HTTP-Redirect and HTTP-POST), all derived from the national issuer so that every node names
 * itself the same way.
 *
 * @param entityId our SP entity ID, {@code {issuer}/federation/saml/metadata} (where our SP metadata is served)
 * @param assertionConsumerServiceUrl where IdPs post their responses, {@code {issuer}/federation/saml/acs}
 * @param singleLogoutServiceUrl where IdPs send LogoutRequests and LogoutResponses,
 *     {@code {issuer}/federation/saml/slo}
 */
public record SamlServiceProvider(String entityId, String assertionConsumerServiceUrl, String singleLogoutServiceUrl) {

    /** The path of our SP metadata, which is also our entity ID. */
    public static final String METADATA_PATH = "/federation/saml/metadata";

    /** The path of our assertion consumer service. */
    public static final String ACS_PATH = "/federation/saml/acs";

    /** The path of our single logout service. */
    public static final String SLO_PATH = "/federation/saml/slo";

    public SamlServiceProvider {
        Objects.requireNonNull(entityId, "entityId");
        Objects.requireNonNull(assertionConsumerServiceUrl, "assertionConsumerServiceUrl");
        Objects.requireNonNull(singleLogoutServiceUrl, "singleLogoutServiceUrl");
    }

    /**
     * Our SP as named from the national issuer.
     * @param issuer the issuer, such as {@code https://id.yiwang.gov.cn} (a trailing slash is ignored)
     * @return the SP
     */
    public static SamlServiceProvider forIssuer(String issuer) {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        return new SamlServiceProvider(base + METADATA_PATH, base + ACS_PATH, base + SLO_PATH);
    }
}
