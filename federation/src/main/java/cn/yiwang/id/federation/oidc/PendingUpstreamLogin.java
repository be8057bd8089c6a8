package cn.yiwang.id.federation.oidc;

import java.time.Instant;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A sign-in sent to an upstream identity provider and not back yet: what the callback is checked against. The
 * caller stores it keyed by {@link #state()} (in Redis, with the {@code login-timeout} as TTL) and takes it out,
 * once, when the callback arrives.
 *
 * @param state the {@code state} sent, which the callback must return (RFC 6749 §10.12)
 * @param nonce the {@code nonce} sent, which the ID token must carry (OIDC Core §3.1.2.1)
 * @param codeVerifier the PKCE code verifier, whose S256 challenge was sent (RFC 7636)
 * @param idpAlias the identity provider
 * @param createdAt when the sign-in started, to the second
 */
public record PendingUpstreamLogin(
        String state, String nonce, String codeVerifier, String idpAlias, Instant createdAt) {

    // immutable once built, and thread-safe: shared by every record
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public PendingUpstreamLogin {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(codeVerifier, "codeVerifier");
        Objects.requireNonNull(idpAlias, "idpAlias");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /**
     * Encodes the record compactly, for a Redis value.
     * @return JSON such as {@code {"idp":"zhejiang","state":"…","nonce":"…","verifier":"…","at":1767225600}}
     */
    public String toJson() {
        return JSON.writeValueAsString(JSON.createObjectNode()
                .put("idp", this.idpAlias)
                .put("state", this.state)
                .put("nonce", this.nonce)
                .put("verifier", this.codeVerifier)
                .put("at", this.createdAt.getEpochSecond()));
    }

    /**
     * Decodes a record written by {@link #toJson()}.
     * @param json the JSON
     * @return the record
     * @throws IllegalArgumentException when it is not such a record
     */
    public static PendingUpstreamLogin fromJson(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JacksonException ex) {
            throw new IllegalArgumentException("Not a pending upstream login: not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("Not a pending upstream login: not a JSON object");
        }
        JsonNode at = node.get("at");
        if (at == null || !at.isIntegralNumber()) {
            throw new IllegalArgumentException("Not a pending upstream login: no 'at'");
        }
        return new PendingUpstreamLogin(
                text(node, "state"),
                text(node, "nonce"),
                text(node, "verifier"),
                text(node, "idp"),
                Instant.ofEpochSecond(at.longValue()));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString() || value.stringValue().isEmpty()) {
            throw new IllegalArgumentException("Not a pending upstream login: no '" + field + "'");
        }
        return value.stringValue();
    }

    /** Never prints the nonce or the code verifier. */
    @Override
    public String toString() {
        return "PendingUpstreamLogin[idp=" + this.idpAlias + ", createdAt=" + this.createdAt + "]";
    }
}
