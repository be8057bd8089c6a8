package cn.yiwang.id.server.saml;

import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.account.realname.RealNameRegistry;
import cn.yiwang.id.account.realname.VerifiedIdentity;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.saml.registry.ServiceProvider;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The attributes released to a service provider, by its registration: the same vocabulary and
 * rules as the OIDC claims ({@code name}, {@code loa}, {@code id_document_type},
 * {@code id_number_masked}, {@code phone_number}; the full {@code id_number} only where an
 * administrator allowed it and the citizen consented, each such release audited).
 */
public final class SamlAttributes {

    /** One released attribute: SAML Name (basic format) and its value. */
    public record Released(String name, String value) {

        @Override
        public String toString() {
            return "Released[" + this.name + "]";
        }
    }

    private final AccountRepository accounts;
    private final RealNameRegistry realNames;
    private final AuditLog audit;
    private final Clock clock;

    public SamlAttributes(AccountRepository accounts, RealNameRegistry realNames, AuditLog audit, Clock clock) {
        this.accounts = accounts;
        this.realNames = realNames;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * The attributes for one response.
     * @param idNumberConsented whether the citizen consented to this SP receiving the full ID number
     */
    public List<Released> release(ServiceProvider sp, String accountId, boolean idNumberConsented) {
        List<Released> released = new ArrayList<>();
        UUID id;
        try {
            id = UUID.fromString(accountId);
        } catch (IllegalArgumentException ex) {
            return released;
        }
        var wanted = sp.releasedAttributes();
        Optional<VerifiedIdentity> identity = (wanted.contains("name")
                        || wanted.contains("id_document_type")
                        || wanted.contains("id_number_masked")
                        || wanted.contains("id_number"))
                ? this.realNames.identityOf(id)
                : Optional.empty();
        if (wanted.contains("name")) {
            identity.ifPresent((i) -> released.add(new Released("name", i.realName())));
        }
        if (wanted.contains("loa")) {
            released.add(new Released("loa", this.realNames.level(id).name()));
        }
        if (wanted.contains("id_document_type")) {
            identity.ifPresent((i) -> released.add(new Released("id_document_type", i.documentType())));
        }
        if (wanted.contains("id_number_masked")) {
            identity.ifPresent((i) -> released.add(new Released("id_number_masked", i.maskedNumber())));
        }
        if (wanted.contains("phone")) {
            this.accounts
                    .phoneNumber(id)
                    .ifPresent((phone) -> released.add(new Released("phone_number", "+86" + phone)));
        }
        if (sp.releases(ServiceProvider.ID_NUMBER) && idNumberConsented && identity.isPresent()) {
            released.add(new Released("id_number", identity.get().number()));
            this.audit.record(new AuditEvent(
                    this.clock.instant(),
                    "claims.id-number-released",
                    "saml:" + sp.alias(),
                    accountId,
                    "saml:" + sp.alias(),
                    null,
                    "success",
                    "full ID number released in a SAML assertion"));
        }
        return released;
    }
}
