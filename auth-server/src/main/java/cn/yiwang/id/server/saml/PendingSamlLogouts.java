package cn.yiwang.id.server.saml;

import cn.yiwang.id.kit.redis.RedisStateStore;
import cn.yiwang.id.server.saml.registry.ServiceProvider;
import cn.yiwang.id.server.saml.registry.ServiceProviders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Accepted LogoutRequests between their arrival (often a cross-site POST, which carries no
 * SameSite=Lax cookie) and the top-level GET that can see the browser's SSO session; Redis
 * {@code yid:saml:slo:<key>}, read once.
 */
public final class PendingSamlLogouts {

    private static final String KIND = "slo";
    private static final Duration LIFETIME = Duration.ofMinutes(5);

    private final RedisStateStore state;
    private final JsonMapper json;
    private final ServiceProviders serviceProviders;

    public PendingSamlLogouts(RedisStateStore state, JsonMapper json, ServiceProviders serviceProviders) {
        this.state = state;
        this.json = json;
        this.serviceProviders = serviceProviders;
    }

    public String put(LogoutRequestReader.SamlLogoutRequest request) {
        ObjectNode node = this.json.createObjectNode();
        node.put("sp", request.serviceProvider().alias());
        node.put("id", request.id());
        node.put("fmt", request.nameIdFormat());
        node.put("nid", request.nameId());
        ArrayNode indexes = node.putArray("si");
        request.sessionIndexes().forEach(indexes::add);
        node.put("rs", request.relayState());
        node.put("b", request.binding());
        return this.state.put(KIND, this.json.writeValueAsString(node), LIFETIME);
    }

    public Optional<LogoutRequestReader.SamlLogoutRequest> take(String key) {
        String value = this.state.take(KIND, key).orElse(null);
        if (value == null) {
            return Optional.empty();
        }
        JsonNode node = this.json.readTree(value);
        Optional<ServiceProvider> sp =
                this.serviceProviders.findByAlias(node.get("sp").asString()).filter(ServiceProvider::enabled);
        List<String> indexes = new ArrayList<>();
        node.get("si").forEach((i) -> indexes.add(i.asString()));
        return sp.map((s) -> new LogoutRequestReader.SamlLogoutRequest(
                s,
                node.get("id").asString(),
                node.get("fmt").asString(),
                node.get("nid").asString(),
                indexes,
                node.hasNonNull("rs") ? node.get("rs").asString() : null,
                node.get("b").asString()));
    }
}
