package cn.yiwang.id.federation.registry;

import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.IdentityProvider.ClientAuthentication;
import cn.yiwang.id.federation.IdentityProvider.Protocol;
import cn.yiwang.id.federation.SamlSettings;
import cn.yiwang.id.federation.saml.TestSamlIdp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Valid identity providers with aliases no other test uses, and a builder to vary them. */
final class TestIdentityProviders {

    private TestIdentityProviders() {}

    /** @return an alias no other test uses ({@code t-} and 12 random base-36 characters) */
    static String alias() {
        StringBuilder alias = new StringBuilder("t-");
        for (int i = 0; i < 12; i++) {
            alias.append(Character.forDigit(ThreadLocalRandom.current().nextInt(36), 36));
        }
        return alias.toString();
    }

    /** @return a valid provider with a fresh alias */
    static IdentityProvider identityProvider() {
        return builder().build();
    }

    /** @return a builder of a valid provider with a fresh alias */
    static Builder builder() {
        return new Builder();
    }

    /** Builds a valid provider (浙里办-like, client_secret_basic), one field at a time. */
    static final class Builder {

        private String alias = TestIdentityProviders.alias();

        private String displayNameZh = "浙里办";

        private String displayNameEn = "Zhejiang";

        private String regionCode = "330000";

        private Protocol protocol = Protocol.OIDC;

        private String issuer = "https://idp.zj.example.gov.cn";

        private String clientId = "yiwang-id";

        private String clientSecret = "s3cret-" + TestIdentityProviders.alias();

        private ClientAuthentication clientAuthentication = ClientAuthentication.CLIENT_SECRET_BASIC;

        private List<String> scopes = List.of("openid", "profile");

        private Map<String, String> claimMappings = Map.of("name", "name", "id_number", "idcard");

        private AssuranceLevel trustLevel = AssuranceLevel.L2;

        private boolean enabled = true;

        private boolean shownOnLoginPage = true;

        private int order = 10;

        private SamlSettings saml;

        Builder alias(String alias) {
            this.alias = alias;
            return this;
        }

        Builder displayNameZh(String displayNameZh) {
            this.displayNameZh = displayNameZh;
            return this;
        }

        Builder displayNameEn(String displayNameEn) {
            this.displayNameEn = displayNameEn;
            return this;
        }

        Builder regionCode(String regionCode) {
            this.regionCode = regionCode;
            return this;
        }

        Builder protocol(Protocol protocol) {
            this.protocol = protocol;
            return this;
        }

        Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        Builder clientSecret(String clientSecret) {
            this.clientSecret = clientSecret;
            return this;
        }

        Builder clientAuthentication(ClientAuthentication clientAuthentication) {
            this.clientAuthentication = clientAuthentication;
            return this;
        }

        /** private_key_jwt, and so no secret. */
        Builder privateKeyJwt() {
            this.clientAuthentication = ClientAuthentication.PRIVATE_KEY_JWT;
            this.clientSecret = null;
            return this;
        }

        Builder scopes(String... scopes) {
            this.scopes = new ArrayList<>(List.of(scopes));
            return this;
        }

        Builder claimMapping(String attribute, String claim) {
            Map<String, String> mappings = new LinkedHashMap<>(this.claimMappings);
            mappings.put(attribute, claim);
            this.claimMappings = mappings;
            return this;
        }

        Builder trustLevel(AssuranceLevel trustLevel) {
            this.trustLevel = trustLevel;
            return this;
        }

        Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        Builder shownOnLoginPage(boolean shownOnLoginPage) {
            this.shownOnLoginPage = shownOnLoginPage;
            return this;
        }

        Builder order(int order) {
            this.order = order;
            return this;
        }

        /** A SAML provider (苏服办-like) with these settings: no client, secret or scopes; issuer the entity ID. */
        Builder saml(SamlSettings saml) {
            this.protocol = Protocol.SAML;
            this.issuer = TestSamlIdp.ENTITY_ID;
            this.clientId = null;
            this.clientSecret = null;
            this.clientAuthentication = null;
            this.scopes = List.of();
            this.claimMappings = Map.of("name", "cn", "id_number", "idcard");
            this.saml = saml;
            return this;
        }

        /** A SAML provider with the test IdP's metadata inline. */
        Builder saml() {
            return saml(new SamlSettings(null, TestSamlIdp.metadataXml(), Map.of()));
        }

        Builder samlSettings(SamlSettings saml) {
            this.saml = saml;
            return this;
        }

        IdentityProvider build() {
            return new IdentityProvider(
                    this.alias,
                    this.displayNameZh,
                    this.displayNameEn,
                    this.regionCode,
                    this.protocol,
                    this.issuer,
                    this.clientId,
                    this.clientSecret,
                    this.clientAuthentication,
                    this.scopes,
                    this.claimMappings,
                    this.trustLevel,
                    this.enabled,
                    this.shownOnLoginPage,
                    this.order,
                    null,
                    this.saml);
        }
    }
}
