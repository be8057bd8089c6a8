package cn.yiwang.id.server.token;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.account.realname.RealNameRegistry;
import cn.yiwang.id.account.realname.VerifiedIdentity;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * The claims about a citizen a client may receive, by scope: {@code profile} (OIDC Core §5.4:
 * {@code preferred_username}, and {@code name} once the real name is confirmed), {@code phone}
 * ({@code phone_number} in E.164, {@code phone_number_verified}), and {@code realname} ({@code loa},
 * {@code id_document_type}, {@code id_number_masked}; the full {@code id_number} only for clients an
 * administrator flagged, which must ask for consent, and every such release is audited).
 */
public final class UserClaims {

    /** Client setting: the client may receive the full ID number under scope {@code realname}. */
    public static final String RELEASE_ID_NUMBER = "settings.client.release-id-number";

    private final AccountRepository accounts;
    private final RealNameRegistry realNames;
    private final AuditLog audit;
    private final Clock clock;

    public UserClaims(AccountRepository accounts, RealNameRegistry realNames, AuditLog audit, Clock clock) {
        this.accounts = accounts;
        this.realNames = realNames;
        this.audit = audit;
        this.clock = clock;
    }

    public Map<String, Object> claims(String subject, Set<String> scopes, RegisteredClient client) {
        return claims(subject, subject, scopes, client, null);
    }

    /**
     * @param accountId the account (the authorization's principal)
     * @param subject the {@code sub} this client knows it by (pairwise or the account id)
     * @param sessionAcr the {@code acr} of the session the token was issued in, or null: {@code loa} then says the
     *     same level as the ID token's {@code acr}, rather than the account's own
     */
    public Map<String, Object> claims(
            String accountId, String subject, Set<String> scopes, RegisteredClient client, String sessionAcr) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", subject);
        UUID id;
        try {
            id = UUID.fromString(accountId);
        } catch (IllegalArgumentException ex) {
            return claims;
        }
        Optional<Account> account = this.accounts.findById(id);
        if (account.isEmpty()) {
            return claims;
        }
        Optional<VerifiedIdentity> identity = (scopes.contains("profile") || scopes.contains("realname"))
                ? this.realNames.identityOf(id)
                : Optional.empty();
        if (scopes.contains("profile")) {
            String preferred = (account.get().username() != null)
                    ? account.get().username()
                    : account.get().phoneMasked();
            if (preferred != null) {
                claims.put("preferred_username", preferred);
            }
            identity.ifPresent((i) -> claims.put("name", i.realName()));
        }
        if (scopes.contains("phone")) {
            this.accounts.phoneNumber(id).ifPresent((phone) -> {
                claims.put("phone_number", "+86" + phone);
                claims.put("phone_number_verified", true);
            });
        }
        if (scopes.contains("realname")) {
            claims.put(
                    "loa",
                    AssuranceLevel.fromAcr(sessionAcr)
                            .orElseGet(() -> this.realNames.level(id))
                            .name());
            identity.ifPresent((i) -> {
                claims.put("id_document_type", i.documentType());
                claims.put("id_number_masked", i.maskedNumber());
                if (Boolean.TRUE.equals(client.getClientSettings().getSetting(RELEASE_ID_NUMBER))
                        && client.getClientSettings().isRequireAuthorizationConsent()) {
                    claims.put("id_number", i.number());
                    this.audit.record(new AuditEvent(
                            this.clock.instant(),
                            "claims.id-number-released",
                            "client:" + client.getClientId(),
                            accountId,
                            client.getClientId(),
                            null,
                            "success",
                            "full ID number released under scope realname"));
                }
            });
        }
        return claims;
    }
}
