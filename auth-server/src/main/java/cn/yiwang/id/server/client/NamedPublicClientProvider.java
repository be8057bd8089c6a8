package cn.yiwang.id.server.client;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Accepts a public client that names itself ({@link NamedPublicClientConverter}) when it is registered
 * without a secret ({@code none}); anyone else is {@code invalid_client} (RFC 6749 §5.2). Whether the
 * client may use the grant is the grant's own check ({@code unauthorized_client}). Refresh tokens of
 * public clients rotate on every use and a replayed one is refused, as for all clients.
 */
public final class NamedPublicClientProvider implements AuthenticationProvider {

    private final RegisteredClientRepository clients;

    public NamedPublicClientProvider(RegisteredClientRepository clients) {
        this.clients = clients;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        NamedPublicClientToken token = (NamedPublicClientToken) authentication;
        String clientId = String.valueOf(token.getPrincipal());
        RegisteredClient client = (clientId.length() <= 100) ? this.clients.findByClientId(clientId) : null;
        if (client == null || !client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)) {
            throw new OAuth2AuthenticationException(
                    new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, "Client authentication failed: client_id", null));
        }
        return new NamedPublicClientToken(client);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return NamedPublicClientToken.class.isAssignableFrom(authentication);
    }
}
