package cn.yiwang.id.federation.linking;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.account.LoginNames;
import cn.yiwang.id.account.NewAccount;
import cn.yiwang.id.account.identity.DocumentCheck;
import cn.yiwang.id.account.identity.IdentityDocumentType;
import cn.yiwang.id.account.identity.IdentityDocuments;
import cn.yiwang.id.account.identity.RealNames;
import cn.yiwang.id.account.realname.AssuranceEvidence;
import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.account.realname.IdentityAlreadyRegisteredException;
import cn.yiwang.id.account.realname.RealNameRegistry;
import cn.yiwang.id.account.realname.VerifiedIdentity;
import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.UpstreamIdentity;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Links upstream identities to national accounts, the one place that decides it: a known link
 * wins; otherwise, when a trusted IdP (trust level at least L2) asserts a verified ID number, the
 * identity joins the account with the same blind index or a new account created just in time; in
 * every other case the citizen must first sign in to an existing account. A citizen who comes
 * through 浙里办 today and 随申办 tomorrow lands in the same account.
 */
@Service
public final class AccountLinking {

    private static final Logger log = LoggerFactory.getLogger(AccountLinking.class);

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private final IdentityLinkRepository links;

    private final AccountRepository accounts;

    private final RealNameRegistry realNames;

    private final Clock clock;

    private final SecureRandom random = new SecureRandom();

    public AccountLinking(
            IdentityLinkRepository links,
            AccountRepository accounts,
            RealNameRegistry realNames,
            Optional<Clock> clock) {
        this.links = links;
        this.accounts = accounts;
        this.realNames = realNames;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /** Removes every link of the account (account erasure). */
    public void unlinkAll(UUID accountId) {
        this.links.forAccount(accountId).forEach((link) -> this.links.unlink(accountId, link.idpAlias()));
    }

    /** The session level an upstream sign-in gives, as {@link AssuranceLevel#federatedSession} decides it. */
    private static AssuranceLevel sessionLevel(UpstreamIdentity identity, IdentityProvider idp) {
        return AssuranceLevel.federatedSession(identity.assertedLevel(), idp.trustLevel());
    }

    public LinkOutcome link(UpstreamIdentity identity, IdentityProvider idp) {
        AssuranceLevel level = sessionLevel(identity, idp);
        Optional<IdentityLink> existing = this.links.find(idp.alias(), identity.subject());
        if (existing.isPresent()) {
            this.links.touch(idp.alias(), identity.subject(), this.clock.instant());
            return new LinkOutcome.Linked(existing.get().accountId(), level, false);
        }
        String number = identity.attributes().get("id_number");
        if (number == null || !level.atLeast(AssuranceLevel.L2)) {
            return new LinkOutcome.NeedsFirstLogin(level);
        }
        IdentityDocumentType type = IdentityDocumentType.fromCode(identity.attributes()
                        .getOrDefault("id_document_type", IdentityDocumentType.RESIDENT_ID_CARD.code()))
                .orElse(null);
        if (type == null) {
            return new LinkOutcome.Refused("unknown-document-type");
        }
        DocumentCheck document = IdentityDocuments.check(type, number, LocalDate.now(this.clock.withZone(CHINA)));
        if (!document.isValid()) {
            return new LinkOutcome.Refused("malformed-id-number");
        }
        Optional<UUID> owner = this.realNames.accountWithNumber(document.number());
        if (owner.isPresent()) {
            UUID linked = this.links.link(idp.alias(), identity.subject(), owner.get(), this.clock.instant());
            log.info("Upstream identity from {} linked to account {} by its verified ID number", idp.alias(), linked);
            return new LinkOutcome.Linked(linked, level, false);
        }
        String name = identity.attributes().get("name");
        if (name == null || !RealNames.check(name).isEmpty()) {
            // Without a usable name there is no identity to record; the citizen links by signing in.
            return new LinkOutcome.NeedsFirstLogin(level);
        }
        return createJustInTime(identity, idp, type, document, RealNames.normalise(name), level);
    }

    /** After a first-login step: links the upstream identity to the account the citizen signed in to. */
    public LinkOutcome.Linked confirm(UpstreamIdentity identity, IdentityProvider idp, UUID accountId) {
        UUID linked = this.links.link(idp.alias(), identity.subject(), accountId, this.clock.instant());
        return new LinkOutcome.Linked(linked, sessionLevel(identity, idp), false);
    }

    /** @return the upstream identities linked to an account, for the citizen to see */
    public List<IdentityLink> linksOf(UUID accountId) {
        return this.links.forAccount(accountId);
    }

    /**
     * Removes an account's link to an identity provider, at the citizen's request.
     * @return whether there was one
     */
    public boolean unlink(UUID accountId, String idpAlias) {
        return this.links.unlink(accountId, idpAlias);
    }

    private LinkOutcome createJustInTime(
            UpstreamIdentity identity,
            IdentityProvider idp,
            IdentityDocumentType type,
            DocumentCheck document,
            String name,
            AssuranceLevel level) {
        String phone = Optional.ofNullable(identity.attributes().get("phone"))
                .flatMap(LoginNames::mobilePhone)
                .filter((p) -> this.accounts.findByLoginName(p).isEmpty())
                .orElse(null);
        Account account;
        try {
            account = this.accounts.create(
                    new NewAccount((phone == null) ? "fed-" + shortId() : null, phone, randomPassword()));
        } catch (DuplicateKeyException ex) {
            account = this.accounts.create(new NewAccount("fed-" + shortId(), null, randomPassword()));
        }
        try {
            this.realNames.recordIdentity(
                    account.id(),
                    new VerifiedIdentity(type.code(), document.number(), name),
                    new AssuranceEvidence(
                            level, "federation", "idp:" + idp.alias(), identity.subject(), null, this.clock.instant()));
        } catch (IdentityAlreadyRegisteredException ex) {
            // Another node linked this person a moment ago: use that account; this new one stays empty.
            return this.realNames
                    .accountWithNumber(document.number())
                    .<LinkOutcome>map((owner) -> new LinkOutcome.Linked(
                            this.links.link(idp.alias(), identity.subject(), owner, this.clock.instant()),
                            level,
                            false))
                    .orElse(new LinkOutcome.Refused("race"));
        }
        UUID linked = this.links.link(idp.alias(), identity.subject(), account.id(), this.clock.instant());
        log.info("Account {} created just in time for an upstream identity from {}", linked, idp.alias());
        return new LinkOutcome.Linked(linked, level, true);
    }

    private String shortId() {
        byte[] bytes = new byte[9];
        this.random.nextBytes(bytes);
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(bytes)
                .toLowerCase()
                .replace('_', '-');
    }

    /** Accounts made for federated citizens get an unusable random password; they sign in upstream or by SMS. */
    private String randomPassword() {
        byte[] bytes = new byte[32];
        this.random.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
