package cn.yiwang.id.federation.registry;

import cn.yiwang.id.federation.IdentityProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Which fields differ between two versions of an identity provider, by name only: the audit log and
 * the bootstrap use it, and neither may ever show the client secret itself.
 */
final class IdentityProviderChanges {

    // every field that an administrator sets; updatedAt follows from a change and is not one
    private static final List<Field> FIELDS = List.of(
            new Field("alias", IdentityProvider::alias),
            new Field("displayNameZh", IdentityProvider::displayNameZh),
            new Field("displayNameEn", IdentityProvider::displayNameEn),
            new Field("regionCode", IdentityProvider::regionCode),
            new Field("protocol", IdentityProvider::protocol),
            new Field("issuer", IdentityProvider::issuer),
            new Field("clientId", IdentityProvider::clientId),
            new Field("clientSecret", IdentityProvider::clientSecret),
            new Field("clientAuthentication", IdentityProvider::clientAuthentication),
            new Field("scopes", IdentityProvider::scopes),
            new Field("claimMappings", IdentityProvider::claimMappings),
            new Field("trustLevel", IdentityProvider::trustLevel),
            new Field("enabled", IdentityProvider::enabled),
            new Field("shownOnLoginPage", IdentityProvider::shownOnLoginPage),
            new Field("order", IdentityProvider::order),
            new Field("saml", IdentityProvider::saml));

    private IdentityProviderChanges() {}

    /**
     * @param before the stored version (client secret decrypted)
     * @param after the desired version
     * @return the names of the fields that differ, in declaration order; empty when nothing changes
     */
    static List<String> changedFields(IdentityProvider before, IdentityProvider after) {
        List<String> changed = new ArrayList<>();
        for (Field field : FIELDS) {
            if (!Objects.equals(field.value().apply(before), field.value().apply(after))) {
                changed.add(field.name());
            }
        }
        return changed;
    }

    private record Field(String name, Function<IdentityProvider, Object> value) {}
}
