package cn.yiwang.id.server.saml;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * SAML messages waiting for the browser to carry them (a LogoutRequest for an SP's iframe, the
 * LogoutResponse sent once the national logout is done), in Redis under {@code yid:saml:out:<key>}
 * for a few minutes; read once.
 */
public final class OutboundSamlMessages {

    private static final String PREFIX = "yid:saml:out:";
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
    public record Message(String destination, String binding, String parameter, String xml, String relayState) {
    }

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final SecureRandom random = new SecureRandom();

    public OutboundSamlMessages(StringRedisTemplate redis, JsonMapper json) {
        this.redis = redis;
        this.json = json;
    }

    public String put(Message message) {
        byte[] bytes = new byte[24];
        this.random.nextBytes(bytes);
        String key = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ObjectNode node = this.json.createObjectNode();
        node.put("d", message.destination());
        node.put("b", message.binding());
        node.put("p", message.parameter());
        node.put("x", message.xml());
        node.put("r", message.relayState());
        this.redis.opsForValue().set(PREFIX + key, this.json.writeValueAsString(node), LIFETIME);
        return key;
    }

    public Optional<Message> take(String key) {
        if (key == null || key.length() > 64) {
            return Optional.empty();
        }
        String value = this.redis.opsForValue().getAndDelete(PREFIX + key);
        if (value == null) {
            return Optional.empty();
        }
        JsonNode node = this.json.readTree(value);
        return Optional.of(new Message(node.get("d").asString(), node.get("b").asString(), node.get("p").asString(),
                node.get("x").asString(), node.hasNonNull("r") ? node.get("r").asString() : null));
    }
}
