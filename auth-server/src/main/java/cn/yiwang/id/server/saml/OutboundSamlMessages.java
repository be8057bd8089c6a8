package cn.yiwang.id.server.saml;

import cn.yiwang.id.kit.redis.RedisStateStore;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * SAML messages waiting for the browser to carry them (a LogoutRequest for an SP's iframe, the
 * LogoutResponse sent once the national logout is done), in Redis under {@code yid:saml:out:<key>}
 * for a few minutes; read once.
 */
public final class OutboundSamlMessages {

    private static final String KIND = "out";
    private static final Duration LIFETIME = Duration.ofMinutes(5);

    /**
     * A message to deliver.
     *
     * @param destination the SP endpoint
     * @param binding HTTP-Redirect or HTTP-POST
     * @param parameter {@code SAMLRequest} or {@code SAMLResponse}
     * @param xml the message (for HTTP-POST already signed; for HTTP-Redirect signed in the query)
     * @param relayState the RelayState to send, or null
     */
    public record Message(String destination, String binding, String parameter, String xml, String relayState) {}

    private final RedisStateStore state;
    private final JsonMapper json;

    public OutboundSamlMessages(RedisStateStore state, JsonMapper json) {
        this.state = state;
        this.json = json;
    }

    public String put(Message message) {
        ObjectNode node = this.json.createObjectNode();
        node.put("d", message.destination());
        node.put("b", message.binding());
        node.put("p", message.parameter());
        node.put("x", message.xml());
        node.put("r", message.relayState());
        return this.state.put(KIND, this.json.writeValueAsString(node), LIFETIME);
    }

    public Optional<Message> take(String key) {
        String value = this.state.take(KIND, key).orElse(null);
        if (value == null) {
            return Optional.empty();
        }
        JsonNode node = this.json.readTree(value);
        return Optional.of(new Message(
                node.get("d").asString(),
                node.get("b").asString(),
                node.get("p").asString(),
                node.get("x").asString(),
                node.hasNonNull("r") ? node.get("r").asString() : null));
    }
}
