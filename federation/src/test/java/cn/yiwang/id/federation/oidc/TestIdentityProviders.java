package cn.yiwang.id.federation.oidc;

import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.federation.IdentityProvider;
import java.util.List;
import java.util.Map;

/** Identity providers for the tests, pointing at a {@link TestUpstreamOp}. */
final class TestIdentityProviders {

    /** Our attributes and the upstream claims they come from. */
    static final Map<String, String> CLAIM_MAPPINGS = Map.of(
            "name",
            "name",
            "id_number",
            "id_card",
            "id_document_type",
            "id_type",
            "phone",
            "phone_number",
            "level",
            "auth_level");

    private TestIdentityProviders() {}

    static IdentityProvider zhejiang(TestUpstreamOp op) {
        return zhejiang(op, IdentityProvider.ClientAuthentication.CLIENT_SECRET_BASIC);
    }

    static IdentityProvider zhejiang(TestUpstreamOp op, IdentityProvider.ClientAuthentication method) {
        String secret =
                (method == IdentityProvider.ClientAuthentication.PRIVATE_KEY_JWT) ? null : TestUpstreamOp.CLIENT_SECRET;
        return new IdentityProvider(
                TestUpstreamOp.ALIAS,
                "浙里办",
                "Zhejiang",
                "330000",
                IdentityProvider.Protocol.OIDC,
                op.issuer(),
                TestUpstreamOp.CLIENT_ID,
                secret,
                method,
                List.of("openid", "profile", "phone"),
                CLAIM_MAPPINGS,
                AssuranceLevel.L3,
                true,
                true,
                1,
                TestClock.START);
    }
}
