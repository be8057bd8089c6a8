package cn.yiwang.id.server.flow;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.server.test.Browser;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.TestAccounts;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationExchange;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationResponse;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The Spring Boot quickstart of docs/oidc-integration.md with Spring Security's own relying-party classes, as
 * {@code spring.security.oauth2.client.provider.yiwang.issuer-uri} wires them: the registration from our
 * discovery, the authorization request with PKCE, the token request, ID token validation against our JWKS, and
 * the OIDC user from userinfo.
 */
class SpringSecurityClientQuickstartTests extends IntegrationTestSupport {

    private static final String CALLBACK = "http://127.0.0.1:8081/callback";

    @Autowired
    AccountRepository accounts;

    @Test
    void signInWhenSpringSecurityClientUsesIssuerUriThenIdTokenValidatesAndUserinfoLoads() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        // what issuer-uri does: OIDC discovery, then the registration the quickstart's properties describe
        ClientRegistration registration = ClientRegistrations.fromIssuerLocation(ISSUER)
                .registrationId("yiwang")
                .clientId("demo-web")
                .clientSecret("demo-secret")
                .scope("openid", "profile")
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri(CALLBACK)
                .build();
        String nonce = UUID.randomUUID().toString();
        OAuth2AuthorizationRequest.Builder builder = OAuth2AuthorizationRequest.authorizationCode()
                .authorizationUri(registration.getProviderDetails().getAuthorizationUri())
                .clientId(registration.getClientId())
                .redirectUri(CALLBACK)
                .scopes(registration.getScopes())
                .state(UUID.randomUUID().toString())
                .additionalParameters(Map.of("nonce", nonce));
        OAuth2AuthorizationRequestCustomizers.withPkce().accept(builder);
        OAuth2AuthorizationRequest request = builder.build();

        OAuth2AuthorizationResponse response;
        try (Browser browser = new Browser()) {
            browser.signIn(
                    (HtmlPage) browser.open(request.getAuthorizationRequestUri()),
                    account.username(),
                    TestAccounts.PASSWORD);
            Map<String, String> query = new java.util.HashMap<>();
            UriComponentsBuilder.fromUri(URI.create(browser.lastClientRedirect().toString()))
                    .build()
                    .getQueryParams()
                    .toSingleValueMap()
                    .forEach((name, value) -> query.put(
                            name, java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8)));
            assertThat(query).containsEntry("state", request.getState()).containsEntry("iss", ISSUER);
            response = OAuth2AuthorizationResponse.success(query.get("code"))
                    .redirectUri(CALLBACK)
                    .state(query.get("state"))
                    .build();
        }

        OAuth2AccessTokenResponse tokens = new RestClientAuthorizationCodeTokenResponseClient()
                .getTokenResponse(new OAuth2AuthorizationCodeGrantRequest(
                        registration, new OAuth2AuthorizationExchange(request, response)));
        String idTokenValue = (String) tokens.getAdditionalParameters().get("id_token");
        Jwt idToken =
                new OidcIdTokenDecoderFactory().createDecoder(registration).decode(idTokenValue);
        assertThat(idToken.getSubject()).isEqualTo(account.id().toString());
        assertThat(idToken.getClaimAsString("nonce")).isEqualTo(nonce);
        assertThat(tokens.getRefreshToken()).isNotNull();

        OidcUser user = new OidcUserService()
                .loadUser(new OidcUserRequest(
                        registration,
                        tokens.getAccessToken(),
                        new OidcIdToken(
                                idTokenValue, idToken.getIssuedAt(), idToken.getExpiresAt(), idToken.getClaims())));
        assertThat(user.getSubject()).isEqualTo(account.id().toString());
        assertThat(user.getPreferredUsername()).isEqualTo(account.username());
        assertThat(registration.getProviderDetails().getConfigurationMetadata())
                .as("the logout handler finds the end-session endpoint")
                .containsEntry("end_session_endpoint", ISSUER + "/connect/logout");
        assertThat(Set.copyOf(tokens.getAccessToken().getScopes())).contains("openid", "profile");
    }
}
