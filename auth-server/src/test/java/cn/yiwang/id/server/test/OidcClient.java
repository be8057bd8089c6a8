package cn.yiwang.id.server.test;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.util.List;

/**
 * A relying party built only from the Nimbus OAuth 2.0 / OIDC SDK, the way an integrating team
 * would: discovery, PKCE, token exchange and ID token validation against the published JWKS.
 */
public final class OidcClient {

    private final OIDCProviderMetadata provider;
    private final ClientID clientId;
    private final Secret secret;
    private final URI redirectUri;

    /** One authorization request in flight. */
    public record Attempt(URI uri, State state, Nonce nonce, CodeVerifier verifier) {}

    public OidcClient(String issuer, String clientId, String secret, String redirectUri) throws Exception {
        this.provider = OIDCProviderMetadata.resolve(new Issuer(issuer));
        this.clientId = new ClientID(clientId);
        this.secret = (secret != null) ? new Secret(secret) : null;
        this.redirectUri = URI.create(redirectUri);
    }

    public OIDCProviderMetadata provider() {
        return this.provider;
    }

    public Attempt authorizationRequest(
            String scope, java.util.function.Consumer<AuthenticationRequest.Builder> extra) {
        State state = new State();
        Nonce nonce = new Nonce();
        CodeVerifier verifier = new CodeVerifier();
        AuthenticationRequest.Builder builder = new AuthenticationRequest.Builder(
                        ResponseType.CODE, Scope.parse(scope), this.clientId, this.redirectUri)
                .endpointURI(this.provider.getAuthorizationEndpointURI())
                .state(state)
                .nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256);
        extra.accept(builder);
        return new Attempt(builder.build().toURI(), state, nonce, verifier);
    }

    /** Parses the redirect the browser delivered to the client, checking its state. */
    public AuthorizationCode code(URL callback, Attempt attempt) throws Exception {
        AuthorizationResponse response = AuthorizationResponse.parse(callback.toURI());
        if (!attempt.state().equals(response.getState())) {
            throw new AssertionError("state mismatch in " + callback);
        }
        if (!response.indicatesSuccess()) {
            throw new AssertionError("error response " + callback);
        }
        return response.toSuccessResponse().getAuthorizationCode();
    }

    public TokenResponse exchange(AuthorizationCode code, CodeVerifier verifier)
            throws IOException, com.nimbusds.oauth2.sdk.ParseException {
        AuthorizationCodeGrant grant = new AuthorizationCodeGrant(code, this.redirectUri, verifier);
        TokenRequest request = (this.secret != null)
                ? new TokenRequest(this.provider.getTokenEndpointURI(), clientAuthentication(), grant)
                : new TokenRequest(this.provider.getTokenEndpointURI(), this.clientId, grant);
        return OIDCTokenResponseParser.parse(request.toHTTPRequest().send());
    }

    public ClientAuthentication clientAuthentication() {
        return new ClientSecretBasic(this.clientId, this.secret);
    }

    /** Validates an ID token as a certified RP library does: signature via JWKS, iss, aud, exp, iat, nonce. */
    public com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet validate(
            String idToken, Nonce nonce, JWSAlgorithm algorithm) throws Exception {
        JWKSet jwks = JWKSet.load(this.provider.getJWKSetURI().toURL());
        IDTokenValidator validator = new IDTokenValidator(this.provider.getIssuer(), this.clientId, algorithm, jwks);
        JWT jwt = JWTParser.parse(idToken);
        return validator.validate(jwt, nonce);
    }

    public ClientID clientId() {
        return this.clientId;
    }

    public static List<String> list(Object value) {
        return (value instanceof List<?> l) ? l.stream().map(String::valueOf).toList() : List.of(String.valueOf(value));
    }
}
