package cn.yiwang.id.federation.registry;

import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.kit.registry.FieldChanges;
import java.util.List;

/**
 * Which fields differ between two versions of an identity provider, by name only: the audit log and
 * the bootstrap use it, and neither may ever show the client secret itself.
 */
final class IdentityProviderChanges {

    // every field that an administrator sets; updatedAt follows from a change and is not one
    private static final FieldChanges<IdentityProvider> FIELDS = new FieldChanges<IdentityProvider>()
            .field("alias", IdentityProvider::alias)
            .field("displayNameZh", IdentityProvider::displayNameZh)
            .field("displayNameEn", IdentityProvider::displayNameEn)
            .field("regionCode", IdentityProvider::regionCode)
            .field("protocol", IdentityProvider::protocol)
            .field("issuer", IdentityProvider::issuer)
            .field("clientId", IdentityProvider::clientId)
            .field("clientSecret", IdentityProvider::clientSecret)
            .field("clientAuthentication", IdentityProvider::clientAuthentication)
            .field("scopes", IdentityProvider::scopes)
            .field("claimMappings", IdentityProvider::claimMappings)
            .field("trustLevel", IdentityProvider::trustLevel)
            .field("enabled", IdentityProvider::enabled)
            .field("shownOnLoginPage", IdentityProvider::shownOnLoginPage)
            .field("order", IdentityProvider::order)
            .field("saml", IdentityProvider::saml);

    private IdentityProviderChanges() {}

    /**
     * @param before the stored version (client secret decrypted)
     * @param after the desired version
     * @return the names of the fields that differ, in declaration order; empty when nothing changes
     */
    static List<String> changedFields(IdentityProvider before, IdentityProvider after) {
        return FIELDS.changedFields(before, after);
    }
}
