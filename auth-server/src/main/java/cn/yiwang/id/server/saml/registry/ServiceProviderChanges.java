package cn.yiwang.id.server.saml.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Which fields differ between two versions of a service provider, by name: the audit log and the
 * bootstrap use it (certificates would not fit a log line, their field names do).
 */
final class ServiceProviderChanges {

    // every field that an administrator or the metadata sets; updatedAt follows from a change and is not one
    private static final List<Field> FIELDS = List.of(
            new Field("alias", ServiceProvider::alias),
            new Field("entityId", ServiceProvider::entityId),
            new Field("displayNameZh", ServiceProvider::displayNameZh),
            new Field("displayNameEn", ServiceProvider::displayNameEn),
            new Field("assertionConsumerServices", ServiceProvider::assertionConsumerServices),
            new Field("singleLogoutServices", ServiceProvider::singleLogoutServices),
            new Field("signingCertificates", ServiceProvider::signingCertificates),
            new Field("encryptionCertificates", ServiceProvider::encryptionCertificates),
            new Field("requireSignedAuthnRequests", ServiceProvider::requireSignedAuthnRequests),
            new Field("signResponse", ServiceProvider::signResponse),
            new Field("signAssertion", ServiceProvider::signAssertion),
            new Field("encryptAssertion", ServiceProvider::encryptAssertion),
            new Field("nameIdFormat", ServiceProvider::nameIdFormat),
            new Field("releasedAttributes", ServiceProvider::releasedAttributes),
            new Field("releaseFullIdNumber", ServiceProvider::releaseFullIdNumber),
            new Field("metadataUrl", ServiceProvider::metadataUrl),
            new Field("enabled", ServiceProvider::enabled));

    private ServiceProviderChanges() {}

    /**
     * @param before the stored version
     * @param after the desired version
     * @return the names of the fields that differ, in declaration order; empty when nothing changes
     */
    static List<String> changedFields(ServiceProvider before, ServiceProvider after) {
        List<String> changed = new ArrayList<>();
        for (Field field : FIELDS) {
            if (!Objects.equals(field.value().apply(before), field.value().apply(after))) {
                changed.add(field.name());
            }
        }
        return changed;
    }

    private record Field(String name, Function<ServiceProvider, Object> value) {}
}
