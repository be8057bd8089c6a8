package cn.yiwang.id.server.client;

import java.util.Map;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * A public client (no secret) that only names itself, where the framework's own public-client
 * authentication (PKCE code exchange only) does not apply: device authorization and device code requests
 * (RFC 8628), refresh token and revocation requests. Its own type, so only {@link NamedPublicClientProvider} handles
 * it.
 */
public final class NamedPublicClientToken extends OAuth2ClientAuthenticationToken {

    private static final long serialVersionUID = 1L;

    NamedPublicClientToken(String clientId, Map<String, Object> additionalParameters) {
        super(clientId, ClientAuthenticationMethod.NONE, null, additionalParameters);
    }

    NamedPublicClientToken(RegisteredClient client) {
        super(client, ClientAuthenticationMethod.NONE, null);
    }
}
