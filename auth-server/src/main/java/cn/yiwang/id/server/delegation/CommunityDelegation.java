package cn.yiwang.id.server.delegation;

import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.account.LoginNames;
import cn.yiwang.id.account.crypto.Masking;
import cn.yiwang.id.account.delegation.AgentDelegations;
import cn.yiwang.id.account.delegation.CommunityAgent;
import cn.yiwang.id.account.delegation.CommunityAgents;
import cn.yiwang.id.account.delegation.Delegation;
import cn.yiwang.id.account.otp.OneTimeCodePurpose;
import cn.yiwang.id.account.otp.OneTimeCodeSms;
import cn.yiwang.id.account.otp.SmsSender;
import cn.yiwang.id.account.realname.RealNameRegistry;
import cn.yiwang.id.server.YiwangServerProperties;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.session.SsoSession;
import cn.yiwang.id.server.session.SsoSessionEnder;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The community-agent errand (办理代办) as one service: the agent names the citizen (by phone or ID number,
 * found through the blind index) with scopes and a duration, the citizen approves on their own phone through the
 * link sent by SMS, the agent then acts for them, and the citizen (or the agent) ends it. Every step is audited
 * with both persons: the agent as actor, the citizen as the account concerned (so it shows in the citizen's
 * activity page).
 */
@Component
public final class CommunityDelegation {

    private static final Logger log = LoggerFactory.getLogger(CommunityDelegation.class);

    private static final Pattern SCOPE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private static final int MAX_SCOPES = 10;

    /** Why an errand could not be started; each has a message key {@code delegation.agent.error.<name>}. */
    public enum Refusal {
        NOT_AGENT,
        CITIZEN_UNKNOWN,
        CITIZEN_NO_PHONE,
        SELF,
        SCOPES,
        DURATION,
        SMS
    }

    /** The outcome of starting an errand: the delegation, or why not. */
    public record Started(Delegation delegation, Refusal refusal) {}

    private final CommunityAgents agents;
    private final AgentDelegations delegations;
    private final AccountRepository accounts;
    private final RealNameRegistry realNames;
    private final SmsSender sms;
    private final SsoSessionEnder sessions;
    private final AuditLog audit;
    private final MeterRegistry meters;
    private final YiwangServerProperties server;
    private final Clock clock;

    public CommunityDelegation(
            CommunityAgents agents,
            AgentDelegations delegations,
            AccountRepository accounts,
            RealNameRegistry realNames,
            SmsSender sms,
            SsoSessionEnder sessions,
            AuditLog audit,
            MeterRegistry meters,
            YiwangServerProperties server,
            Clock clock) {
        this.agents = agents;
        this.delegations = delegations;
        this.accounts = accounts;
        this.realNames = realNames;
        this.sms = sms;
        this.sessions = sessions;
        this.audit = audit;
        this.meters = meters;
        this.server = server;
        this.clock = clock;
    }

    public Optional<CommunityAgent> agent(UUID accountId) {
        return this.agents.find(accountId);
    }

    /** The agent asks to act for a citizen; the citizen gets the approval link by SMS. */
    public Started start(UUID agentId, String citizen, String scopeList, int hours) {
        Optional<CommunityAgent> agent = this.agents.find(agentId);
        if (agent.isEmpty()) {
            return refused(Refusal.NOT_AGENT);
        }
        List<String> scopes = (scopeList != null)
                ? List.of(scopeList.trim().split("\\s+")).stream()
                        .filter((s) -> !s.isEmpty())
                        .distinct()
                        .toList()
                : List.of();
        if (scopes.isEmpty()
                || scopes.size() > MAX_SCOPES
                || !scopes.stream().allMatch((s) -> SCOPE.matcher(s).matches())) {
            return refused(Refusal.SCOPES);
        }
        if (hours < 1 || hours > Delegation.MAX_DURATION.toHours()) {
            return refused(Refusal.DURATION);
        }
        Optional<UUID> citizenId = findCitizen(citizen);
        if (citizenId.isEmpty()) {
            return refused(Refusal.CITIZEN_UNKNOWN);
        }
        if (citizenId.get().equals(agentId)) {
            return refused(Refusal.SELF);
        }
        Optional<String> phone = this.accounts.phoneNumber(citizenId.get());
        if (phone.isEmpty()) {
            return refused(Refusal.CITIZEN_NO_PHONE);
        }
        AgentDelegations.Requested requested =
                this.delegations.request(agent.get(), citizenId.get(), scopes, Duration.ofHours(hours));
        String link = this.server.issuerString() + "/delegation/approve/" + requested.approvalToken();
        try {
            this.sms.send(
                    phone.get(),
                    new OneTimeCodeSms(OneTimeCodePurpose.DELEGATION_APPROVAL, link, AgentDelegations.APPROVAL_WINDOW));
        } catch (RuntimeException ex) {
            log.warn(
                    "Approval SMS for delegation {} not sent to {}: {}",
                    requested.delegation().id(),
                    Masking.phone(phone.get()),
                    ex.toString());
            this.delegations.end(requested.delegation().id(), "system");
            return refused(Refusal.SMS);
        }
        record(requested.delegation(), "delegation.requested", "agent", "pending");
        return new Started(requested.delegation(), null);
    }

    /** The delegation an approval link names, while the citizen can still answer. */
    public Optional<Delegation> awaiting(String approvalToken) {
        return this.delegations.awaitingApproval(approvalToken);
    }

    /** The citizen's answer through the link. */
    public Optional<Delegation> answer(String approvalToken, boolean approve) {
        Optional<Delegation> answered =
                approve ? this.delegations.approve(approvalToken) : this.delegations.refuse(approvalToken);
        answered.ifPresent((d) -> record(
                d, approve ? "delegation.approved" : "delegation.refused", "citizen", approve ? "success" : "refused"));
        return answered;
    }

    /**
     * The agent starts acting for the citizen in a new session made from theirs.
     * @return the delegation when it is in force and the agent's own, else empty
     */
    public Optional<Delegation> actable(UUID agentId, UUID delegationId) {
        return this.delegations
                .find(delegationId)
                .filter((d) -> d.agentId().equals(agentId))
                .filter((d) -> d.inForce(this.clock.instant()));
    }

    /** Records the session in which the agent now acts for the citizen. */
    public void acting(Delegation delegation, SsoSession session) {
        this.delegations.actingIn(delegation.id(), session.sid());
        this.audit.record(new AuditEvent(
                this.clock.instant(),
                "delegation.acting",
                "agent:" + delegation.agentId(),
                delegation.citizenId().toString(),
                null,
                session.sid(),
                "success",
                "agent " + delegation.agentId() + " acts for citizen " + delegation.citizenId() + "; delegation "
                        + delegation.id()));
        this.meters.counter("yiwang.delegation", "event", "acting").increment();
    }

    /**
     * Ends a delegation early, and the session in which the agent acts for the citizen with it.
     * @param by {@code citizen} or {@code agent}
     * @return whether it was pending or active and is now ended
     */
    public boolean end(UUID delegationId, UUID requesterId, String by) {
        Optional<Delegation> delegation = this.delegations
                .find(delegationId)
                .filter((d) -> "citizen".equals(by)
                        ? d.citizenId().equals(requesterId)
                        : d.agentId().equals(requesterId));
        if (delegation.isEmpty()) {
            return false;
        }
        Optional<Delegation> ended = this.delegations.end(delegationId, by);
        ended.ifPresent((d) -> {
            if (d.actingSid() != null) {
                this.sessions.end(d.actingSid(), by.equals("citizen") ? "user" : "agent", "delegation-ended");
            }
            record(d, "delegation.ended", by, "success");
        });
        return ended.isPresent();
    }

    public List<Delegation> givenBy(UUID citizenId) {
        return this.delegations.forCitizen(citizenId);
    }

    public List<Delegation> takenBy(UUID agentId) {
        return this.delegations.forAgent(agentId);
    }

    /** A person's name as shown to the other party: masked ({@code 张*}), or the masked phone without a real name. */
    public String maskedName(UUID accountId) {
        return this.realNames
                .identityOf(accountId)
                .map((identity) -> Masking.name(identity.realName()))
                .or(() -> this.accounts.findById(accountId).map((a) -> a.phoneMasked()))
                .orElse("—");
    }

    private Optional<UUID> findCitizen(String input) {
        if (input == null || input.isBlank() || input.length() > LoginNames.MAX_INPUT_LENGTH) {
            return Optional.empty();
        }
        Optional<String> phone = LoginNames.mobilePhone(input);
        if (phone.isPresent()) {
            return this.accounts.findByLoginName(phone.get()).map((account) -> account.id());
        }
        // an ID number: found through its keyed blind index, never by the number itself
        return this.realNames.accountWithNumber(input.trim().toUpperCase(Locale.ROOT));
    }

    private Started refused(Refusal refusal) {
        this.meters
                .counter(
                        "yiwang.delegation",
                        "event",
                        "refused-" + refusal.name().toLowerCase(Locale.ROOT))
                .increment();
        return new Started(null, refusal);
    }

    private void record(Delegation delegation, String type, String by, String outcome) {
        this.audit.record(new AuditEvent(
                this.clock.instant(),
                type,
                "citizen".equals(by) ? "user" : by + ":" + delegation.agentId(),
                delegation.citizenId().toString(),
                null,
                null,
                outcome,
                "agent " + delegation.agentId() + " for citizen " + delegation.citizenId() + "; scopes "
                        + String.join(" ", delegation.scopes()) + "; "
                        + delegation.duration().toHours() + " h"
                        + "; delegation " + delegation.id()));
        this.meters
                .counter("yiwang.delegation", "event", type.substring("delegation.".length()))
                .increment();
    }
}
