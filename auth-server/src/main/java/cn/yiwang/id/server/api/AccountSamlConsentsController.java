package cn.yiwang.id.server.api;

import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.saml.SamlConsents;
import cn.yiwang.id.server.saml.registry.ServiceProvider;
import cn.yiwang.id.server.saml.registry.ServiceProviders;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a citizen allowed SAML service providers to receive beyond their registered attributes
 * ({@code /account/api/saml-consents}, scope {@code yiwang.account}): see it, and withdraw it, after
 * which the provider asks again at the next sign-on.
 */
@RestController
@RequestMapping("/account/api/saml-consents")
public final class AccountSamlConsentsController {

    private final SamlConsents consents;
    private final ServiceProviders serviceProviders;
    private final AuditLog audit;
    private final Clock clock;

    public AccountSamlConsentsController(
            SamlConsents consents, ServiceProviders serviceProviders, AuditLog audit, Clock clock) {
        this.consents = consents;
        this.serviceProviders = serviceProviders;
        this.audit = audit;
        this.clock = clock;
    }

    /** One consent as the API shows it. */
    public record ConsentView(
            String entityId, String displayNameZh, String displayNameEn, String attribute, Instant grantedAt) {}

    @GetMapping
    public List<ConsentView> list(@AuthenticationPrincipal Jwt token) {
        List<ServiceProvider> all = this.serviceProviders.all();
        return this.consents.forAccount(token.getSubject()).stream()
                .map((granted) -> {
                    ServiceProvider sp = all.stream()
                            .filter((p) -> p.entityId().equals(granted.entityId()))
                            .findFirst()
                            .orElse(null);
                    return new ConsentView(
                            granted.entityId(),
                            (sp != null) ? sp.displayNameZh() : granted.entityId(),
                            (sp != null) ? sp.displayNameEn() : granted.entityId(),
                            granted.attribute(),
                            granted.grantedAt());
                })
                .toList();
    }

    /** {@code DELETE /account/api/saml-consents?entityId=<the SP's entity ID>}: entity IDs are URLs. */
    @DeleteMapping
    public ResponseEntity<Void> withdraw(
            @RequestParam("entityId") String entityId, @AuthenticationPrincipal Jwt token) {
        if (!this.consents.withdraw(entityId, token.getSubject())) {
            throw ApiProblems.notFound("Consent not found", "This account gave that service provider no consent");
        }
        this.audit.record(new AuditEvent(
                this.clock.instant(),
                "saml.consent.withdrawn",
                "user",
                token.getSubject(),
                null,
                null,
                "success",
                (entityId.length() <= 900) ? entityId : entityId.substring(0, 900)));
        return ResponseEntity.noContent().build();
    }
}
