package cn.yiwang.id.server.account;

import cn.yiwang.id.server.saml.registry.ServiceProvider;
import cn.yiwang.id.server.saml.registry.ServiceProviders;
import java.util.Locale;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Component;

/** The names citizens know apps by: an OIDC client's name, a SAML provider's display name. */
@Component
public final class AppNames {

    private final RegisteredClientRepository clients;

    private final ServiceProviders serviceProviders;

    public AppNames(RegisteredClientRepository clients, ServiceProviders serviceProviders) {
        this.clients = clients;
        this.serviceProviders = serviceProviders;
    }

    /** @param participant a client id, or {@code saml:<alias>} (as sessions record SAML providers) */
    public String name(String participant, Locale locale) {
        if (participant == null) {
            return null;
        }
        if (participant.startsWith("saml:")) {
            String alias = participant.substring(5);
            int colon = alias.indexOf(':');
            if (colon > 0) {
                alias = alias.substring(0, colon);
            }
            return this.serviceProviders
                    .findByAlias(alias)
                    .map((sp) -> samlName(sp, locale))
                    .orElse(alias);
        }
        RegisteredClient client = (participant.length() <= 100) ? this.clients.findByClientId(participant) : null;
        return (client != null) ? client.getClientName() : participant;
    }

    public String samlName(ServiceProvider sp, Locale locale) {
        String name = "en".equals(locale.getLanguage()) ? sp.displayNameEn() : sp.displayNameZh();
        return (name != null && !name.isBlank()) ? name : sp.alias();
    }
}
