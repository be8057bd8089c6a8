package cn.yiwang.id.server.client;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Client settings Yiwang ID adds to Spring Authorization Server's, and how to read them. Values are
 * plain strings, so they survive the settings' JSON storage as they are.
 */
public final class RelyingPartySettings {

    /** The browser origins the client calls our endpoints from, space-separated, "+" already resolved. */
    public static final String WEB_ORIGINS = "settings.client.web-origins";

    /** A {@code private_key_jwt} client's inline JWK Set (JSON). */
    public static final String JWKS = "settings.client.jwks";

    /** The algorithms its client assertions may use, space-separated. */
    public static final String ASSERTION_ALGORITHMS = "settings.client.assertion-algorithms";

    /** For a pairwise client (OIDC Core §8.1): the sector identifier its subjects are computed for. */
    public static final String PAIRWISE_SECTOR = "settings.client.pairwise-sector";

    private RelyingPartySettings() {}

    public static List<String> webOrigins(RegisteredClient client) {
        return words(client.getClientSettings().getSetting(WEB_ORIGINS));
    }

    public static Optional<String> jwks(RegisteredClient client) {
        return Optional.ofNullable(client.getClientSettings().getSetting(JWKS));
    }

    public static List<String> assertionAlgorithms(RegisteredClient client) {
        return words(client.getClientSettings().getSetting(ASSERTION_ALGORITHMS));
    }

    /** The sector of a pairwise client, empty for a public-subject one. */
    public static Optional<String> pairwiseSector(RegisteredClient client) {
        return Optional.ofNullable(client.getClientSettings().getSetting(PAIRWISE_SECTOR));
    }

    private static List<String> words(Object value) {
        return (value instanceof String text && !text.isBlank())
                ? Arrays.asList(text.trim().split("\\s+"))
                : List.of();
    }
}
