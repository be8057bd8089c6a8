package cn.yiwang.id.server.audit;

import java.time.Clock;
import java.util.TreeSet;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * The consent store, with every consent a citizen gives on the consent page in the audit trail
 * ({@code consent.granted}, with the scopes): a decorator, so Spring Authorization Server's consent endpoint stays
 * as it is. Withdrawals are audited where the citizen makes them (the account centre).
 */
public final class AuditedConsents implements OAuth2AuthorizationConsentService {

    private final OAuth2AuthorizationConsentService consents;
    private final RegisteredClientRepository clients;
    private final AuditLog audit;
    private final Clock clock;

    public AuditedConsents(
            OAuth2AuthorizationConsentService consents,
            RegisteredClientRepository clients,
            AuditLog audit,
            Clock clock) {
        this.consents = consents;
        this.clients = clients;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void save(OAuth2AuthorizationConsent consent) {
        this.consents.save(consent);
        TreeSet<String> scopes = new TreeSet<>();
        for (GrantedAuthority authority : consent.getAuthorities()) {
            String name = authority.getAuthority();
            scopes.add(name.startsWith("SCOPE_") ? name.substring("SCOPE_".length()) : name);
        }
        RegisteredClient client = this.clients.findById(consent.getRegisteredClientId());
        this.audit.record(new AuditEvent(
                this.clock.instant(),
                "consent.granted",
                "user",
                consent.getPrincipalName(),
                (client != null) ? client.getClientId() : consent.getRegisteredClientId(),
                null,
                "success",
                "scopes " + String.join(" ", scopes)));
    }

    @Override
    public void remove(OAuth2AuthorizationConsent consent) {
        this.consents.remove(consent);
    }

    @Override
    public OAuth2AuthorizationConsent findById(String registeredClientId, String principalName) {
        return this.consents.findById(registeredClientId, principalName);
    }
}
