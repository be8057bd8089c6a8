package cn.yiwang.id.account.enterprise;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A citizen's right to act for an enterprise: one accepted row of {@code enterprise_member} of an
 * active enterprise. What the {@code enterprise} claim carries ({@code uscc}, {@code name}, {@code role},
 * {@code scopes}).
 *
 * @param memberId the authorisation's id
 * @param uscc the enterprise's code
 * @param name the enterprise's registered name
 * @param role legal representative or agent
 * @param scopes the business scopes
 * @param expiresAt when an agent's authorisation ends; {@code null} for the legal representative
 */
public record ActingRole(
        UUID memberId, String uscc, String name, EnterpriseRole role, List<String> scopes, Instant expiresAt) {

    public ActingRole {
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(uscc, "uscc");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        scopes = List.copyOf(scopes);
    }
}
