package cn.yiwang.id.server.enterprise;

import cn.yiwang.id.account.enterprise.ActingRole;
import cn.yiwang.id.account.enterprise.EnterpriseAuthorisations;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.session.SsoAuthentication;
import java.security.Principal;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.stereotype.Component;

/**
 * The {@code enterprise} claim ({@code { "uscc", "name", "role", "scopes" }}) of ID tokens, access tokens and
 * userinfo, when the citizen chose to act for an enterprise; {@code sub} stays the person's. The role is
 * checked again at every token issue, so a refresh after the role ended is refused ({@code invalid_grant}).
 * Every token issued acting for an enterprise is audited with the person and the enterprise.
 */
@Component
public final class EnterpriseClaim {

    /** The claim's name. */
    public static final String CLAIM = "enterprise";

    private final EnterpriseAuthorisations authorisations;

    private final EnterpriseChoices choices;

    private final AuditLog audit;

    private final Clock clock;

    public EnterpriseClaim(
            EnterpriseAuthorisations authorisations, EnterpriseChoices choices, AuditLog audit, Optional<Clock> clock) {
        this.authorisations = authorisations;
        this.choices = choices;
        this.audit = audit;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /** Adds the claim to an ID or access token of an authorization acting for an enterprise. */
    public void customize(JwtEncodingContext context) {
        boolean idToken =
                OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue());
        if (!(idToken || OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType()))) {
            return;
        }
        OAuth2Authorization authorization = context.getAuthorization();
        Optional<String> uscc = chosenEnterprise(authorization);
        if (uscc.isEmpty()) {
            return;
        }
        String accountId = authorization.getPrincipalName();
        Optional<ActingRole> role = role(accountId, uscc.get());
        if (role.isEmpty()) {
            // the authorisation ended (revoked, expired, representative changed): no more tokens for it
            throw new OAuth2AuthenticationException(new OAuth2Error(
                    OAuth2ErrorCodes.INVALID_GRANT, "The authorisation to act for this enterprise has ended", null));
        }
        context.getClaims().claim(CLAIM, claim(role.get()));
        if (!idToken) {
            this.choices.actedIn(accountId, uscc.get(), authorization.getId());
            String sid = (context.getPrincipal() instanceof SsoAuthentication sso)
                    ? sso.getSession().sid()
                    : null;
            this.audit.record(new AuditEvent(
                    this.clock.instant(),
                    "enterprise.act-as",
                    "user",
                    accountId,
                    context.getRegisteredClient().getClientId(),
                    sid,
                    "success",
                    "acting for enterprise " + uscc.get() + " as "
                            + role.get().role().code() + " ("
                            + context.getAuthorizationGrantType().getValue() + ")"));
        }
    }

    /** Adds the claim to a userinfo response, when the access token's authorization acts for an enterprise. */
    public void addTo(OAuth2Authorization authorization, Map<String, Object> claims) {
        chosenEnterprise(authorization)
                .flatMap((uscc) -> role(authorization.getPrincipalName(), uscc))
                .ifPresent((role) -> claims.put(CLAIM, claim(role)));
    }

    /** The enterprise the authorization acts for: what the citizen chose, when the scope was granted. */
    public static Optional<String> chosenEnterprise(OAuth2Authorization authorization) {
        if (authorization == null || !authorization.getAuthorizedScopes().contains(EnterpriseChoiceFilter.SCOPE)) {
            return Optional.empty();
        }
        OAuth2AuthorizationRequest request = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
        Object choice = (request != null) ? request.getAdditionalParameters().get(EnterpriseChoices.PARAMETER) : null;
        if (choice == null
                || EnterpriseChoices.PERSONAL.equals(choice)
                || !(authorization.getAttribute(Principal.class.getName()) instanceof SsoAuthentication)) {
            return Optional.empty();
        }
        return Optional.of(choice.toString());
    }

    private Optional<ActingRole> role(String accountId, String uscc) {
        try {
            return this.authorisations.actingRole(UUID.fromString(accountId), uscc);
        } catch (IllegalArgumentException ex) {
            return Optional.empty();
        }
    }

    private static Map<String, Object> claim(ActingRole role) {
        Map<String, Object> claim = new LinkedHashMap<>();
        claim.put("uscc", role.uscc());
        claim.put("name", role.name());
        claim.put("role", role.role().code());
        claim.put("scopes", role.scopes());
        return claim;
    }
}
