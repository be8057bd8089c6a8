package cn.yiwang.id.federation.saml;

import java.util.Optional;

import cn.yiwang.id.saml.SamlException;
import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.metadata.EntityMetadata;
import cn.yiwang.id.saml.metadata.MetadataReader;
import cn.yiwang.id.saml.metadata.MetadataRole;

/**
 * A provincial SAML IdP's metadata as the federation uses it: the entity named by the provider's
 * {@code issuer}, with a single sign-on service we can send an AuthnRequest to (HTTP-Redirect or
 * HTTP-POST) and at least one signing certificate, the only keys its responses are verified with.
 */
public final class IdentityProviderMetadata {

	private IdentityProviderMetadata() {
	}

	/**
	 * Reads usable metadata.
	 * @param xml the metadata document (an EntityDescriptor, or an EntitiesDescriptor holding the entity)
	 * @param entityId the IdP's entity ID
	 * @return the entity
	 * @throws SamlException when the document is unsafe or malformed, lacks the entity, or the entity is
	 * unusable ({@code no_sso_service}, {@code no_signing_certificate})
	 */
	public static EntityMetadata read(byte[] xml, String entityId) {
		EntityMetadata entity = MetadataReader.read(xml, MetadataRole.IDP, entityId);
		if (entity.singleSignOnService(SamlNames.BINDING_REDIRECT).isEmpty()
				&& entity.singleSignOnService(SamlNames.BINDING_POST).isEmpty()) {
			throw new SamlException("no_sso_service",
					"The IdP has no SingleSignOnService with the HTTP-Redirect or HTTP-POST binding");
		}
		if (entity.signingCertificates().isEmpty()) {
			throw new SamlException("no_signing_certificate",
					"The IdP's metadata has no signing certificate (KeyDescriptor use=\"signing\" or without use)");
		}
		return entity;
	}

	/**
	 * What makes the metadata unusable, in words for an administrator.
	 * @param xml the metadata document
	 * @param entityId the IdP's entity ID, or null
	 * @return the problem, or empty when {@link #read} accepts it
	 */
	public static Optional<String> problem(byte[] xml, String entityId) {
		if (entityId == null) {
			// the issuer rule reports the missing entity ID
			return Optional.empty();
		}
		try {
			read(xml, entityId);
			return Optional.empty();
		}
		catch (SamlException ex) {
			return Optional.of(switch (ex.reason()) {
				case "entity_not_found" -> "has no IDPSSODescriptor for SAML 2.0 of the entity '" + entityId
						+ "' (the issuer)";
				case "no_sso_service" -> "must offer a SingleSignOnService with the HTTP-Redirect or HTTP-POST binding";
				case "no_signing_certificate" -> "must hold the IdP's signing certificate (a KeyDescriptor with"
						+ " use=\"signing\" or no use): responses are only accepted signed with it";
				case "dtd_not_allowed" -> "must not contain a DOCTYPE (DTDs and entities are refused)";
				case "message_too_large" -> "is too large";
				case "not_metadata" -> "is not SAML metadata (an EntityDescriptor or EntitiesDescriptor)";
				default -> "is not valid SAML metadata (" + ex.reason() + ")";
			});
		}
	}

}
