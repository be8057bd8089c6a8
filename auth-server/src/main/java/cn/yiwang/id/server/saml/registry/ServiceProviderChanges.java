package cn.yiwang.id.server.saml.registry;

import cn.yiwang.id.kit.registry.FieldChanges;
import java.util.List;

/**
 * Which fields differ between two versions of a service provider, by name: the audit log and the
 * bootstrap use it (certificates would not fit a log line, their field names do).
 */
final class ServiceProviderChanges {

    // every field that an administrator or the metadata sets; updatedAt follows from a change and is not one
    private static final FieldChanges<ServiceProvider> FIELDS = new FieldChanges<ServiceProvider>()
            .field("alias", ServiceProvider::alias)
            .field("entityId", ServiceProvider::entityId)
            .field("displayNameZh", ServiceProvider::displayNameZh)
            .field("displayNameEn", ServiceProvider::displayNameEn)
            .field("assertionConsumerServices", ServiceProvider::assertionConsumerServices)
            .field("singleLogoutServices", ServiceProvider::singleLogoutServices)
            .field("signingCertificates", ServiceProvider::signingCertificates)
            .field("encryptionCertificates", ServiceProvider::encryptionCertificates)
            .field("requireSignedAuthnRequests", ServiceProvider::requireSignedAuthnRequests)
            .field("signResponse", ServiceProvider::signResponse)
            .field("signAssertion", ServiceProvider::signAssertion)
            .field("encryptAssertion", ServiceProvider::encryptAssertion)
            .field("nameIdFormat", ServiceProvider::nameIdFormat)
            .field("releasedAttributes", ServiceProvider::releasedAttributes)
            .field("releaseFullIdNumber", ServiceProvider::releaseFullIdNumber)
            .field("metadataUrl", ServiceProvider::metadataUrl)
            .field("enabled", ServiceProvider::enabled);

    private ServiceProviderChanges() {}

    /**
     * @param before the stored version
     * @param after the desired version
     * @return the names of the fields that differ, in declaration order; empty when nothing changes
     */
    static List<String> changedFields(ServiceProvider before, ServiceProvider after) {
        return FIELDS.changedFields(before, after);
    }
}
