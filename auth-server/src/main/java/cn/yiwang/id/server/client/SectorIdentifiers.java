package cn.yiwang.id.server.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a pairwise client's sector identifier URI (OIDC Registration §5, OIDC Core §8.1): the document
 * there must be a JSON array of URIs that holds every redirect URI the client registers, so one sector can
 * only be claimed by whoever controls its host.
 */
public final class SectorIdentifiers {

    private static final int MAX_BYTES = 64 * 1024;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;

    private final Duration timeout;

    public SectorIdentifiers(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** @return what is wrong, or empty when the document lists every redirect URI */
    public Optional<String> problem(String sectorIdentifierUri, List<String> redirectUris) {
        JsonNode document;
        try {
            HttpResponse<InputStream> response = this.http.send(
                    HttpRequest.newBuilder(URI.create(sectorIdentifierUri))
                            .timeout(this.timeout)
                            .header("Accept", "application/json")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                byte[] bytes = body.readNBytes(MAX_BYTES + 1);
                if (response.statusCode() != 200) {
                    return Optional.of("fetching " + sectorIdentifierUri + " answered HTTP " + response.statusCode());
                }
                if (bytes.length > MAX_BYTES) {
                    return Optional.of("the document at " + sectorIdentifierUri + " is larger than 64 KB");
                }
                document = JSON.readTree(bytes);
            }
        } catch (IOException | IllegalArgumentException ex) {
            return Optional.of("cannot be fetched: " + ex.getClass().getSimpleName());
        } catch (JacksonException ex) {
            return Optional.of("the document at " + sectorIdentifierUri + " is not JSON");
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return Optional.of("fetching it was interrupted");
        }
        if (document == null || !document.isArray()) {
            return Optional.of("the document at " + sectorIdentifierUri + " must be a JSON array of redirect URIs");
        }
        Set<String> listed = new HashSet<>();
        document.forEach((item) -> listed.add(item.asString()));
        List<String> missing =
                redirectUris.stream().filter((uri) -> !listed.contains(uri)).toList();
        return missing.isEmpty()
                ? Optional.empty()
                : Optional.of("the document at " + sectorIdentifierUri + " does not list the redirect URIs " + missing);
    }
}
