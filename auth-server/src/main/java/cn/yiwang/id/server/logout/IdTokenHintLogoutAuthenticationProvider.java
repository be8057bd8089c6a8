package cn.yiwang.id.server.logout;

import cn.yiwang.id.server.client.SubjectIdentifiers;
import cn.yiwang.id.server.session.SsoAuthentication;
import java.util.List;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;

/**
 * Validates RP-Initiated Logout requests (RP-Initiated Logout 1.0 §2, §3) in place of Spring Authorization
 * Server's provider, which accepts only the ID token an authorization still holds (so a token from before a
 * refresh got a 400): any ID token we issued is a valid hint, by our signature and issuer, expired or not, when
 * its {@code aud} names the client ({@code client_id}, when sent, must be one of them). A
 * {@code post_logout_redirect_uri} must be registered for that client. A hint naming another user than the one
 * signed in here leads to the confirmation page, as does a request without a hint.
 */
public final class IdTokenHintLogoutAuthenticationProvider implements AuthenticationProvider {

    private static final String ERROR_URI =
            "https://openid.net/specs/openid-connect-rpinitiated-1_0.html#ValidationAndErrorHandling";

    private final JwtDecoder idTokens;

    private final RegisteredClientRepository clients;

    private final SubjectIdentifiers subjects;

    public IdTokenHintLogoutAuthenticationProvider(
            JwtDecoder idTokens, RegisteredClientRepository clients, SubjectIdentifiers subjects) {
        this.idTokens = idTokens;
        this.clients = clients;
        this.subjects = subjects;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        if (authentication instanceof LogoutWithoutHint request) {
            return withoutHint(request);
        }
        OidcLogoutAuthenticationToken request = (OidcLogoutAuthenticationToken) authentication;
        Jwt hint;
        try {
            hint = this.idTokens.decode(request.getIdTokenHint());
        } catch (JwtException ex) {
            throw error(OAuth2ErrorCodes.INVALID_REQUEST, "id_token_hint is not an ID token issued by this provider");
        }
        List<String> audience = (hint.getAudience() != null) ? hint.getAudience() : List.of();
        String clientId = (request.getClientId() != null) ? request.getClientId() : first(audience);
        if (clientId == null || !audience.contains(clientId)) {
            throw error(OAuth2ErrorCodes.INVALID_REQUEST, "client_id is not an audience of id_token_hint");
        }
        RegisteredClient client = this.clients.findByClientId(clientId);
        if (client == null) {
            throw error(OAuth2ErrorCodes.INVALID_REQUEST, "id_token_hint was issued to an unknown client");
        }
        String redirectUri = request.getPostLogoutRedirectUri();
        if (redirectUri != null && !client.getPostLogoutRedirectUris().contains(redirectUri)) {
            throw error(OAuth2ErrorCodes.INVALID_REQUEST, "post_logout_redirect_uri is not registered for the client");
        }
        Authentication principal = (Authentication) request.getPrincipal();
        if (principal instanceof SsoAuthentication sso
                && !this.subjects.subjectFor(client, sso.getName()).equals(hint.getSubject())) {
            // someone else is signed in here: ask before ending that session
            return new LogoutWithoutHint(principal, clientId, redirectUri, request.getState(), true);
        }
        OidcIdToken idToken =
                new OidcIdToken(hint.getTokenValue(), hint.getIssuedAt(), hint.getExpiresAt(), hint.getClaims());
        return new OidcLogoutAuthenticationToken(
                idToken, principal, request.getSessionId(), clientId, redirectUri, request.getState());
    }

    private Authentication withoutHint(LogoutWithoutHint request) {
        RegisteredClient client =
                (request.getClientId() != null) ? this.clients.findByClientId(request.getClientId()) : null;
        String redirectUri = request.getPostLogoutRedirectUri();
        if (redirectUri != null
                && (client == null || !client.getPostLogoutRedirectUris().contains(redirectUri))) {
            // without a hint the request may come from anyone: an unverified URI is not followed, nor refused loudly
            redirectUri = null;
        }
        return new LogoutWithoutHint(
                request.getPrincipal(),
                (client != null) ? client.getClientId() : null,
                redirectUri,
                (redirectUri != null) ? request.getState() : null,
                true);
    }

    private static String first(List<String> values) {
        return values.isEmpty() ? null : values.get(0);
    }

    private static OAuth2AuthenticationException error(String code, String description) {
        return new OAuth2AuthenticationException(new OAuth2Error(code, description, ERROR_URI));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return OidcLogoutAuthenticationToken.class.isAssignableFrom(authentication)
                || LogoutWithoutHint.class.isAssignableFrom(authentication);
    }
}
