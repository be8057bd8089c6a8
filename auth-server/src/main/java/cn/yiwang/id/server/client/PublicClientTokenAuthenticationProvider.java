package cn.yiwang.id.server.client;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Accepts a public client named by {@link PublicClientTokenAuthenticationConverter} at the refresh and
 * revocation endpoints: it must be registered with {@code none}. Holding the refresh token (rotated at each
 * use and bound to the SSO session) or the token to revoke is what it proves, as RFC 9700 §4.14.2 allows.
 * Authorization code requests stay with Spring Authorization Server's PKCE check.
 */
public final class PublicClientTokenAuthenticationProvider implements AuthenticationProvider {

    private final RegisteredClientRepository clients;

    public PublicClientTokenAuthenticationProvider(RegisteredClientRepository clients) {
        this.clients = clients;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        OAuth2ClientAuthenticationToken request = (OAuth2ClientAuthenticationToken) authentication;
        if (!ClientAuthenticationMethod.NONE.equals(request.getClientAuthenticationMethod())) {
            return null;
        }
        Object grantType = request.getAdditionalParameters().get(OAuth2ParameterNames.GRANT_TYPE);
        boolean refresh = AuthorizationGrantType.REFRESH_TOKEN.getValue().equals(grantType);
        boolean revocation =
                grantType == null && request.getAdditionalParameters().containsKey(OAuth2ParameterNames.TOKEN);
        if (!refresh && !revocation) {
            return null;
        }
        RegisteredClient client = this.clients.findByClientId(String.valueOf(request.getPrincipal()));
        if (client == null || !client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)) {
            throw new OAuth2AuthenticationException(new OAuth2Error(
                    OAuth2ErrorCodes.INVALID_CLIENT,
                    "Client authentication failed: " + OAuth2ParameterNames.CLIENT_ID,
                    "https://datatracker.ietf.org/doc/html/rfc6749#section-3.2.1"));
        }
        return new OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.NONE, null);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return OAuth2ClientAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
