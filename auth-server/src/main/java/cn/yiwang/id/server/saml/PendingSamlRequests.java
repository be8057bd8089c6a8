package cn.yiwang.id.server.saml;

import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.kit.redis.RedisStateStore;
import cn.yiwang.id.server.saml.registry.ServiceProviders;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * AuthnRequests waiting for the citizen to sign in, in Redis under {@code yid:saml:req:<key>} with
 * a TTL ({@link RedisStateStore}); the browser carries only the random key, so any node can finish the
 * request.
 */
public final class PendingSamlRequests {

    private static final String KIND = "req";

    /**
     * A stored request.
     *
     * @param request the request
     * @param receivedAt when we received it
     * @param forcedFrom for ForceAuthn, the session the citizen was sent to sign in again from
     *     ({@code ""} when there was none), or null before that
     * @param idNumberConsent the citizen's answer to releasing the full ID number, null before asking
     * @param subjectAsked whether the citizen was already asked to sign in as the subject the request names
     */
    public record Pending(
            InboundAuthnRequest request,
            Instant receivedAt,
            String forcedFrom,
            Boolean idNumberConsent,
            boolean subjectAsked) {}

    private final RedisStateStore state;
    private final JsonMapper json;
    private final ServiceProviders serviceProviders;
    private final Duration lifetime;

    public PendingSamlRequests(
            RedisStateStore state, JsonMapper json, ServiceProviders serviceProviders, Duration lifetime) {
        this.state = state;
        this.json = json;
        this.serviceProviders = serviceProviders;
        this.lifetime = lifetime;
    }

    public String put(InboundAuthnRequest request, Instant receivedAt) {
        ObjectNode node = this.json.createObjectNode();
        node.put("sp", request.serviceProvider().alias());
        node.put("id", request.requestId());
        node.put("acs", request.acs());
        node.put("rs", request.relayState());
        node.put("force", request.forceAuthn());
        node.put("passive", request.passive());
        node.put("fmt", request.nameIdFormat());
        node.put("min", request.requirement().minimum().map(Enum::name).orElse(null));
        node.put("ref", request.requirement().assertedRef());
        if (request.subject() != null) {
            node.put("sv", request.subject().value());
            node.put("sf", request.subject().format());
        }
        node.put("at", receivedAt.toEpochMilli());
        return this.state.put(KIND, this.json.writeValueAsString(node), this.lifetime);
    }

    /** The request, while it lives and its SP is still registered and enabled. */
    public Optional<Pending> find(String key) {
        String value = this.state.peek(KIND, key).orElse(null);
        if (value == null) {
            return Optional.empty();
        }
        JsonNode node = this.json.readTree(value);
        return this.serviceProviders
                .findByAlias(node.get("sp").asString())
                .filter((sp) -> sp.enabled())
                .map((sp) -> new Pending(
                        new InboundAuthnRequest(
                                sp,
                                text(node, "id"),
                                node.get("acs").asString(),
                                text(node, "rs"),
                                node.get("force").asBoolean(),
                                node.get("passive").asBoolean(),
                                node.get("fmt").asString(),
                                new SamlAuthnContexts.Requirement(
                                        Optional.ofNullable(text(node, "min")).map(AssuranceLevel::valueOf),
                                        text(node, "ref"),
                                        true),
                                node.hasNonNull("sv")
                                        ? new RequestedSubject(text(node, "sv"), text(node, "sf"))
                                        : null),
                        Instant.ofEpochMilli(node.get("at").asLong()),
                        text(node, "ff"),
                        node.hasNonNull("idn") ? node.get("idn").asBoolean() : null,
                        node.hasNonNull("sa")));
    }

    /** Notes that the citizen was sent to sign in again, leaving the session {@code sid} (or none). */
    public void markForced(String key, String sid) {
        update(key, (node) -> node.put("ff", (sid != null) ? sid : ""));
    }

    /** Notes that the citizen was asked to sign in as the subject the request names. */
    public void markSubjectAsked(String key) {
        update(key, (node) -> node.put("sa", true));
    }

    /** Notes the citizen's answer to releasing the full ID number. */
    public void markIdNumberConsent(String key, boolean consent) {
        update(key, (node) -> node.put("idn", consent));
    }

    private void update(String key, java.util.function.Consumer<ObjectNode> change) {
        this.state.peek(KIND, key).ifPresent((value) -> {
            ObjectNode node = (ObjectNode) this.json.readTree(value);
            change.accept(node);
            this.state.replace(KIND, key, this.json.writeValueAsString(node));
        });
    }

    public void remove(String key) {
        this.state.remove(KIND, key);
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asString() : null;
    }
}
