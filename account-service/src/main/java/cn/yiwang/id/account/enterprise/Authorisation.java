package cn.yiwang.id.account.enterprise;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One authorisation of an agent, as the legal representative's and the agent's pages show it.
 *
 * @param id the authorisation's id
 * @param uscc the enterprise
 * @param enterpriseName its name
 * @param agentName the agent's name, masked
 * @param scopes the business scopes
 * @param state {@code offered}, {@code accepted} or {@code revoked}
 * @param expiresAt when it ends
 */
public record Authorisation(
        UUID id,
        String uscc,
        String enterpriseName,
        String agentName,
        List<String> scopes,
        String state,
        Instant expiresAt) {}
