package cn.yiwang.id.federation.saml;

import java.util.Objects;

/**
 * Who we are to a provincial SAML IdP: our SP entity ID and our assertion consumer service (HTTP-POST), both
 * derived from the national issuer so that every node names itself the same way.
 *
 * @param entityId our SP entity ID, {@code {issuer}/federation/saml/metadata} (where our SP metadata is served)
 * @param assertionConsumerServiceUrl where IdPs post their responses, {@code {issuer}/federation/saml/acs}
 */
public record SamlServiceProvider(String entityId, String assertionConsumerServiceUrl) {

	/** The path of our SP metadata, which is also our entity ID. */
	public static final String METADATA_PATH = "/federation/saml/metadata";

	/** The path of our assertion consumer service. */
	public static final String ACS_PATH = "/federation/saml/acs";

	public SamlServiceProvider {
		Objects.requireNonNull(entityId, "entityId");
		Objects.requireNonNull(assertionConsumerServiceUrl, "assertionConsumerServiceUrl");
	}

	/**
	 * Our SP as named from the national issuer.
	 * @param issuer the issuer, such as {@code https://id.yiwang.gov.cn} (a trailing slash is ignored)
	 * @return the SP
	 */
	public static SamlServiceProvider forIssuer(String issuer) {
		String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
		return new SamlServiceProvider(base + METADATA_PATH, base + ACS_PATH);
	}

}
