package cn.yiwang.id.server.api;

import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.keys.KeyRing;
import cn.yiwang.id.server.keys.KeyRole;
import cn.yiwang.id.server.keys.SigningKeyProperties;
import cn.yiwang.id.server.keys.SigningKeys;
import cn.yiwang.id.server.keys.StoredKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The keys of every role and their schedule ({@code GET /admin/api/keys}), and rotation on demand ({@code POST
 * /admin/api/keys/{role}/rotate}, audited as {@code keys.rotated}): the role's next key, published already, signs
 * once every node knows of it; the replaced key stays published for the retention.
 */
@RestController
public final class KeyAdminController {

    private final SigningKeys keys;
    private final SigningKeyProperties properties;
    private final AuditLog audit;
    private final Clock clock;

    public KeyAdminController(SigningKeys keys, SigningKeyProperties properties, AuditLog audit, Clock clock) {
        this.keys = keys;
        this.properties = properties;
        this.audit = audit;
        this.clock = clock;
    }

    /** One key as the admin API shows it: never its private part. */
    public record KeyView(
            String kid,
            String role,
            String algorithm,
            String use,
            String state,
            Instant createdAt,
            Instant activatesAt,
            Instant retiredAt) {}

    @GetMapping("/admin/api/keys")
    public Map<String, Object> list() {
        KeyRing ring = this.keys.ring();
        Instant now = this.clock.instant();
        List<KeyView> views = ring.keys().stream()
                .map((key) -> view(ring, key, ring.state(key, now, this.properties.retention())))
                .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("roles", Arrays.stream(KeyRole.values()).map(KeyRole::id).toList());
        body.put("rotationPeriod", this.properties.rotationPeriod().toString());
        body.put("keys", views);
        return body;
    }

    @PostMapping("/admin/api/keys/{role}/rotate")
    public ResponseEntity<Map<String, Object>> rotate(@PathVariable String role, @AuthenticationPrincipal Jwt admin) {
        KeyRole keyRole = KeyRole.of(role)
                .orElseThrow(() -> ApiProblems.notFound(
                        "Unknown key role",
                        "Key roles are "
                                + Arrays.stream(KeyRole.values())
                                        .map(KeyRole::id)
                                        .collect(Collectors.joining(", "))));
        List<StoredKey> activating = this.keys.store().rotate(keyRole);
        this.keys.refresh();
        String actor = AdminSessionsController.actor(admin);
        this.audit.record(new AuditEvent(
                this.clock.instant(),
                "keys.rotated",
                actor,
                null,
                null,
                null,
                "scheduled",
                activating.stream()
                        .map((key) -> key.role().id() + " " + key.algorithm() + " key " + key.kid() + " activates at "
                                + key.activatesAt())
                        .collect(Collectors.joining("; "))));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("role", keyRole.id());
        body.put(
                "activating",
                activating.stream()
                        .map((key) -> Map.of(
                                "kid", key.kid(),
                                "algorithm", key.algorithm(),
                                "activatesAt", key.activatesAt().toString()))
                        .toList());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(body);
    }

    private static KeyView view(KeyRing ring, StoredKey key, KeyRing.State state) {
        return new KeyView(
                key.kid(),
                key.role().id(),
                key.algorithm(),
                key.role().use().identifier(),
                state.name().toLowerCase(),
                key.createdAt(),
                key.activatesAt(),
                ring.retiredAt(key));
    }
}
