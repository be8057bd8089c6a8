package cn.yiwang.id.server.client;

import java.time.Instant;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * A relying party as stored.
 *
 * @param client what Spring Authorization Server serves
 * @param definition what it was made from; null for a row written before the registry kept definitions
 * @param version incremented by every update; the admin API's ETag
 * @param enabled whether it is served
 * @param managedBy {@code bootstrap}, {@code admin} or {@code registration}
 * @param updatedAt when it last changed, or null when unknown
 */
public record StoredClient(
        RegisteredClient client,
        ClientDefinition definition,
        int version,
        boolean enabled,
        String managedBy,
        Instant updatedAt) {

    public String clientId() {
        return this.client.getClientId();
    }
}
