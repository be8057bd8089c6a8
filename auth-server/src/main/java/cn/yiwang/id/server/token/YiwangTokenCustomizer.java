package cn.yiwang.id.server.token;

import cn.yiwang.id.server.client.SubjectIdentifiers;
import cn.yiwang.id.server.enterprise.EnterpriseClaim;
import cn.yiwang.id.server.exchange.ExchangedTokenClaims;
import cn.yiwang.id.server.session.SsoAuthentication;
import cn.yiwang.id.server.session.SsoSession;
import cn.yiwang.id.server.session.SsoSessionStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Date;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Adds what Yiwang ID's tokens carry beyond Spring Authorization Server's defaults: {@code sid},
 * {@code auth_time}, {@code acr} and {@code amr} in ID tokens (OIDC Core §2), and the RFC 9068
 * {@code at+jwt} type, {@code client_id} and space-separated {@code scope} claims in access tokens. Also
 * counts issued access tokens and records which relying parties received tokens in which SSO session.
 */
public final class YiwangTokenCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

    private final MeterRegistry meters;
    private final SsoSessionStore sessions;
    private final SubjectIdentifiers subjects;
    private final EnterpriseClaim enterprise;
    private final ExchangedTokenClaims exchanged = new ExchangedTokenClaims();
    private final ActingClaims acting;

    public YiwangTokenCustomizer(
            MeterRegistry meters, SsoSessionStore sessions, SubjectIdentifiers subjects, EnterpriseClaim enterprise) {
        this.meters = meters;
        this.sessions = sessions;
        this.subjects = subjects;
        this.enterprise = enterprise;
        this.acting = new ActingClaims(subjects);
    }

    @Override
    public void customize(JwtEncodingContext context) {
        // first: a refresh whose enterprise authorisation ended is refused before anything is recorded
        this.enterprise.customize(context);
        if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
            context.getJwsHeader().type("at+jwt");
            context.getClaims().claim("client_id", context.getRegisteredClient().getClientId());
            // RFC 9068 §2.2.3: one space-separated string, as in the token response (RFC 6749 §3.3)
            if (!context.getAuthorizedScopes().isEmpty()) {
                context.getClaims().claim("scope", String.join(" ", context.getAuthorizedScopes()));
            }
            if (context.getPrincipal() instanceof SsoAuthentication sso) {
                // a pairwise client must not learn the account id from its access tokens either (OIDC Core §8.1)
                context.getClaims()
                        .subject(this.subjects.subjectFor(context.getRegisteredClient(), sso.getName()))
                        .claim("sid", sso.getSession().sid());
                if (context.getAuthorization() != null
                        && !AuthorizationGrantType.TOKEN_EXCHANGE.equals(context.getAuthorizationGrantType())) {
                    // The client now holds tokens of this session: it takes part in its logout.
                    this.sessions.addParticipant(
                            sso.getSession().sid(),
                            context.getRegisteredClient().getClientId(),
                            context.getAuthorization().getId());
                }
            }
            this.acting
                    .act(context.getRegisteredClient(), context.getPrincipal())
                    .ifPresent((act) -> context.getClaims().claim(ActingClaims.ACT, act));
            // after the agent's act: an exchange nests whatever act the subject token had
            this.exchanged.customize(context);
            this.meters
                    .counter(
                            "yiwang.token.issued",
                            "grant_type",
                            context.getAuthorizationGrantType().getValue())
                    .increment();
        } else if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())
                && context.getPrincipal() instanceof SsoAuthentication sso) {
            SsoSession session = sso.getSession();
            context.getClaims()
                    .subject(this.subjects.subjectFor(context.getRegisteredClient(), sso.getName()))
                    .claim("sid", session.sid())
                    .claim("auth_time", Date.from(session.authTime()))
                    .claim("acr", session.acr())
                    .claim("amr", session.amr());
            this.acting
                    .act(context.getRegisteredClient(), sso)
                    .ifPresent((act) -> context.getClaims().claim(ActingClaims.ACT, act));
        }
    }
}
