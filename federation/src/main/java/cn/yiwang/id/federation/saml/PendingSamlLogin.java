package cn.yiwang.id.federation.saml;

import java.time.Instant;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An AuthnRequest sent to a SAML IdP and not answered yet: what the response is checked against. The caller stores
 * it keyed by {@link #relayState()} (in Redis, with {@code login-timeout} as TTL) and takes it out, once, when the
 * response arrives, as for {@link cn.yiwang.id.federation.oidc.PendingUpstreamLogin}.
 *
 * @param requestId the AuthnRequest's {@code ID}, which the response's {@code InResponseTo} must carry
 * @param relayState the opaque {@code RelayState} sent with the request, which the IdP returns
 * @param idpAlias the identity provider
 * @param createdAt when the sign-in started, to the second
 */
public record PendingSamlLogin(String requestId, String relayState, String idpAlias, Instant createdAt) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public PendingSamlLogin {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(relayState, "relayState");
        Objects.requireNonNull(idpAlias, "idpAlias");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /**
     * Encodes the record compactly, for a Redis value.
     * @return JSON such as {@code {"idp":"jiangsu","req":"_a1…","rs":"…","at":1767225600}}
     */
    public String toJson() {
        return JSON.writeValueAsString(JSON.createObjectNode()
                .put("idp", this.idpAlias)
                .put("req", this.requestId)
                .put("rs", this.relayState)
                .put("at", this.createdAt.getEpochSecond()));
    }

    /**
     * Decodes a record written by {@link #toJson()}.
     * @param json the JSON
     * @return the record
     * @throws IllegalArgumentException when it is not such a record
     */
    public static PendingSamlLogin fromJson(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JacksonException ex) {
            throw new IllegalArgumentException("Not a pending SAML login: not JSON");
        }
        if (node == null
                || !node.isObject()
                || node.get("at") == null
                || !node.get("at").isIntegralNumber()) {
            throw new IllegalArgumentException("Not a pending SAML login");
        }
        return new PendingSamlLogin(
                text(node, "req"),
                text(node, "rs"),
                text(node, "idp"),
                Instant.ofEpochSecond(node.get("at").longValue()));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString() || value.stringValue().isEmpty()) {
            throw new IllegalArgumentException("Not a pending SAML login: no '" + field + "'");
        }
        return value.stringValue();
    }

    /** Never prints the relay state. */
    @Override
    public String toString() {
        return "PendingSamlLogin[idp=" + this.idpAlias + ", createdAt=" + this.createdAt + "]";
    }
}
