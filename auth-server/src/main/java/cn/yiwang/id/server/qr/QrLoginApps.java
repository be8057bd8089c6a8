package cn.yiwang.id.server.qr;

import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.registry.IdentityProviderRegistry;
import java.util.Optional;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * The provincial apps that may scan and confirm QR sign-ins (clients registered with
 * {@code qr-login-app}), and the province each belongs to ({@code province}, the alias of its identity
 * provider).
 */
public final class QrLoginApps {

    /** Client setting: the client is an app that confirms QR sign-ins. */
    public static final String QR_LOGIN_APP = "settings.client.qr-login-app";

    /** Client setting: the alias of the provincial identity provider the app belongs to. */
    public static final String PROVINCE = "settings.client.province";

    private final IdentityProviderRegistry provinces;

    public QrLoginApps(IdentityProviderRegistry provinces) {
        this.provinces = provinces;
    }

    public static boolean isQrLoginApp(RegisteredClient client) {
        return client != null && Boolean.TRUE.equals(client.getClientSettings().getSetting(QR_LOGIN_APP));
    }

    /**
     * The level a QR sign-in confirmed by this app reaches, from the level of the app's own session
     * ({@link AssuranceLevel#qrSession}). An app registered for a province that is unknown or disabled here vouches for
     * no more than L1.
     */
    public AssuranceLevel signInLevel(RegisteredClient app, AssuranceLevel appSession) {
        String province = app.getClientSettings().getSetting(PROVINCE);
        if (province == null) {
            return AssuranceLevel.qrSession(appSession, Optional.empty());
        }
        AssuranceLevel trust = this.provinces
                .findEnabled(province)
                .map(IdentityProvider::trustLevel)
                .orElse(AssuranceLevel.L1);
        return AssuranceLevel.qrSession(appSession, Optional.of(trust));
    }
}
