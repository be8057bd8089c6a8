package cn.yiwang.id.server.config;

import cn.yiwang.id.account.password.PasswordAuthenticator;
import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.account.realname.RealNameRegistry;
import cn.yiwang.id.server.YiwangServerProperties;
import cn.yiwang.id.server.api.ActiveTokenValidator;
import cn.yiwang.id.server.api.ProblemResponses;
import cn.yiwang.id.server.client.ClientSecrets;
import cn.yiwang.id.server.login.AccountPasswordAuthenticationProvider;
import cn.yiwang.id.server.login.LoginFailureHandler;
import cn.yiwang.id.server.logout.BrowserLogout;
import cn.yiwang.id.server.logout.RpInitiatedLogoutSuccessHandler;
import cn.yiwang.id.server.saml.SamlLogoutController;
import cn.yiwang.id.server.session.SsoSecurityContextRepository;
import cn.yiwang.id.server.token.UserClaims;
import cn.yiwang.id.server.web.AcrRequirementFilter;
import cn.yiwang.id.server.web.AuthenticationFreshnessFilter;
import cn.yiwang.id.server.web.AuthorizationErrorResponseHandler;
import cn.yiwang.id.server.web.AuthorizationRequestCache;
import cn.yiwang.id.server.web.AuthorizationRequests;
import cn.yiwang.id.server.web.AuthorizationResponseHandler;
import cn.yiwang.id.server.web.ClientAuthenticationErrorResponder;
import cn.yiwang.id.server.web.ConsentRequirement;
import cn.yiwang.id.server.web.IdTokenHintFilter;
import cn.yiwang.id.server.web.ParameterLimitsFilter;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.web.OAuth2AuthorizationEndpointFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter.XFrameOptionsMode;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Two filter chains: the protocol endpoints of Spring Authorization Server, configured through its
 * configurers, and the browser pages (login, consent, errors) with the operational endpoints.
 * Both keep the signed-in state in the Redis SSO session only: no servlet session anywhere.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    @Bean
    public RequestCache requestCache() {
        return new AuthorizationRequestCache();
    }

    @Bean
    public AuthenticationProvider accountPasswordAuthenticationProvider(
            PasswordAuthenticator authenticator, RealNameRegistry realNames) {
        return new AccountPasswordAuthenticationProvider(authenticator, realNames);
    }

    @Bean
    @Order(1)
    public SecurityFilterChain authorizationServerChain(
            HttpSecurity http,
            SsoSecurityContextRepository sessions,
            RequestCache requestCache,
            Clock clock,
            JWKSource<SecurityContext> jwkSource,
            YiwangServerProperties properties,
            BrowserLogout browserLogout,
            RegisteredClientRepository clients,
            UserClaims userClaims)
            throws Exception {
        OAuth2AuthorizationServerConfigurer authorizationServer = new OAuth2AuthorizationServerConfigurer();
        ClientAuthenticationErrorResponder clientErrors = new ClientAuthenticationErrorResponder();
        RequestMatcher endpoints = authorizationServer.getEndpointsMatcher();
        http.securityMatcher(endpoints)
                .with(
                        authorizationServer,
                        (server) -> server.authorizationEndpoint((endpoint) -> endpoint.consentPage("/oauth2/consent")
                                        .authenticationProviders(SecurityConfiguration::askConsentWhenRequired)
                                        .authorizationResponseHandler(new AuthorizationResponseHandler())
                                        .errorResponseHandler(new AuthorizationErrorResponseHandler()))
                                .clientAuthentication((clientAuthentication) -> clientAuthentication
                                        .authenticationProviders(SecurityConfiguration::useClientSecretEncoder)
                                        .errorResponseHandler(clientErrors))
                                .authorizationServerMetadataEndpoint(
                                        (metadata) -> metadata.authorizationServerMetadataCustomizer((builder) ->
                                                builder.claims(SecurityConfiguration::advertiseOnlyWhatIsServed)
                                                        .claim("authorization_response_iss_parameter_supported", true)
                                                        .claim("acr_values_supported", AssuranceLevel.acrValues())))
                                .oidc((oidc) -> oidc.providerConfigurationEndpoint((configuration) ->
                                                configuration.providerConfigurationCustomizer((builder) ->
                                                        builder.claims(SecurityConfiguration::advertiseOnlyWhatIsServed)
                                                                .claim(
                                                                        "authorization_response_iss_parameter_supported",
                                                                        true)
                                                                .claim("response_modes_supported", List.of("query"))
                                                                .claim("backchannel_logout_supported", true)
                                                                .claim("backchannel_logout_session_supported", true)
                                                                .claim("frontchannel_logout_supported", true)
                                                                .claim("frontchannel_logout_session_supported", true)
                                                                .claim(
                                                                        "acr_values_supported",
                                                                        AssuranceLevel.acrValues())
                                                                .claim(
                                                                        "id_token_signing_alg_values_supported",
                                                                        List.of("RS256", "ES256"))
                                                                .claim(
                                                                        "scopes_supported",
                                                                        List.of(
                                                                                "openid",
                                                                                "profile",
                                                                                "phone",
                                                                                "realname",
                                                                                "yiwang.account"))
                                                                .claim(
                                                                        "claims_supported",
                                                                        List.of(
                                                                                "sub",
                                                                                "iss",
                                                                                "aud",
                                                                                "exp",
                                                                                "iat",
                                                                                "auth_time",
                                                                                "nonce",
                                                                                "acr",
                                                                                "amr",
                                                                                "azp",
                                                                                "sid",
                                                                                "name",
                                                                                "preferred_username",
                                                                                "phone_number",
                                                                                "phone_number_verified",
                                                                                "loa",
                                                                                "id_document_type",
                                                                                "id_number_masked",
                                                                                "id_number"))
                                                                .claim("claims_parameter_supported", false)
                                                                .claim("request_parameter_supported", false)
                                                                .claim("request_uri_parameter_supported", false)))
                                        .userInfoEndpoint((userInfo) -> userInfo.userInfoMapper((context) -> {
                                            OAuth2Authorization authorization = context.getAuthorization();
                                            return new OidcUserInfo(userClaims.claims(
                                                    authorization.getPrincipalName(),
                                                    authorization.getAuthorizedScopes(),
                                                    clients.findById(authorization.getRegisteredClientId())));
                                        }))
                                        .logoutEndpoint((logout) -> logout.logoutResponseHandler(
                                                new RpInitiatedLogoutSuccessHandler(browserLogout))))
                                .withObjectPostProcessor(new ObjectPostProcessor<OAuth2AuthorizationEndpointFilter>() {
                                    @Override
                                    public <O extends OAuth2AuthorizationEndpointFilter> O postProcess(O filter) {
                                        // The SSO session in Redis is the session; don't create servlet sessions per
                                        // request.
                                        filter.setSessionAuthenticationStrategy(
                                                (authentication, request, response) -> {});
                                        return filter;
                                    }
                                }))
                // prompt=none must reach the authorization endpoint unauthenticated, so the client gets
                // login_required (OIDC Core §3.1.2.6) instead of a login page.
                .authorizeHttpRequests((authorize) -> authorize
                        .requestMatchers(SecurityConfiguration::isPromptNone)
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .securityContext((context) -> context.securityContextRepository(sessions))
                .sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache((cache) -> cache.requestCache(requestCache))
                .csrf((csrf) -> csrf.ignoringRequestMatchers(endpoints))
                .oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()))
                // Only the authorization endpoint sends people to the login page; the client-authenticated
                // endpoints answer 401 invalid_client whatever the Accept header says.
                .exceptionHandling((exceptions) -> exceptions
                        .defaultAuthenticationEntryPointFor(
                                clientErrors, SecurityConfiguration::isClientAuthenticatedEndpoint)
                        .defaultAuthenticationEntryPointFor(
                                new LoginUrlAuthenticationEntryPoint("/login"),
                                new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
                .addFilterBefore(new ParameterLimitsFilter(), SecurityContextHolderFilter.class)
                // Registered before the authorization server's own filters are added, and so runs ahead of its
                // authorization endpoint filter, which also sits right after the AuthorizationFilter.
                .addFilterAfter(
                        new IdTokenHintFilter(idTokenHintDecoder(jwkSource, properties), requestCache),
                        AuthorizationFilter.class)
                .addFilterAfter(new AuthenticationFreshnessFilter(requestCache, clock), AuthorizationFilter.class)
                .addFilterAfter(new AcrRequirementFilter(clients, requestCache), AuthorizationFilter.class);
        return http.build();
    }

    @Bean
    @Order(2)
    public SecurityFilterChain apiChain(
            HttpSecurity http,
            JWKSource<SecurityContext> jwkSource,
            YiwangServerProperties properties,
            OAuth2AuthorizationService authorizations)
            throws Exception {
        ProblemResponses problems = new ProblemResponses();
        NimbusJwtDecoder decoder = AuthorizationServerConfiguration.accessTokenDecoder(
                jwkSource, properties.issuerString(), List.of(new ActiveTokenValidator(authorizations)));
        http.securityMatcher("/admin/api/**", "/account/api/**")
                .authorizeHttpRequests((authorize) -> authorize
                        .requestMatchers("/admin/api/**")
                        .hasAuthority("SCOPE_yiwang.admin")
                        .requestMatchers("/account/api/**")
                        .hasAuthority("SCOPE_yiwang.account")
                        .anyRequest()
                        .denyAll())
                .sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf((csrf) -> csrf.disable())
                .requestCache((cache) -> cache.disable())
                .oauth2ResourceServer((resourceServer) -> resourceServer
                        .jwt((jwt) -> jwt.decoder(decoder))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling((exceptions) ->
                        exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems));
        return http.build();
    }

    @Bean
    @Order(3)
    public SecurityFilterChain browserChain(
            HttpSecurity http,
            SsoSecurityContextRepository sessions,
            RequestCache requestCache,
            BrowserLogout browserLogout)
            throws Exception {
        SavedRequestAwareAuthenticationSuccessHandler success = new SavedRequestAwareAuthenticationSuccessHandler();
        success.setRequestCache(requestCache);
        http.authorizeHttpRequests((authorize) -> authorize
                        .requestMatchers(
                                "/login",
                                "/login/sms",
                                "/login/sms/code",
                                "/register",
                                "/register/code",
                                "/logged-out",
                                "/logging-out",
                                "/error",
                                "/css/**",
                                "/favicon.ico",
                                "/federation/**",
                                "/saml2/idp/**")
                        .permitAll()
                        .requestMatchers(
                                "/actuator/health/**", "/actuator/health", "/actuator/prometheus", "/actuator/info")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .securityContext((context) -> context.securityContextRepository(sessions))
                .sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache((cache) -> cache.requestCache(requestCache))
                // Provincial IdPs post logout tokens server to server: a signed token, not a browser form.
                // SAML SPs post their messages cross-site (HTTP-POST binding); those carry their own signatures
                // and only ever lead to a page the browser must then reach by a top-level GET. SAML IdPs post
                // their responses to our ACS the same way: a signed message bound to our pending AuthnRequest
                // (its relay state and ID), not a form of ours; so are their logout messages to our SP's single
                // logout service, signed by the province.
                .csrf((csrf) -> csrf.csrfTokenRepository(new CookieCsrfTokenRepository())
                        .ignoringRequestMatchers(
                                "/federation/*/backchannel-logout",
                                "/saml2/idp/sso",
                                "/saml2/idp/slo",
                                "/federation/saml/acs",
                                "/federation/saml/slo"))
                .formLogin((form) ->
                        form.loginPage("/login").successHandler(success).failureHandler(new LoginFailureHandler()))
                .logout((logout) -> logout.addLogoutHandler((request, response, authentication) ->
                                browserLogout.logOut(request, response, "user", "logout"))
                        .logoutSuccessHandler((request, response, authentication) ->
                                browserLogout.finish(request, response, request.getContextPath() + "/logged-out")))
                // Pages are never framed by others; the one page that delivers a SAML logout form is framed by
                // our own logging-out page.
                .headers((headers) -> headers.frameOptions((frame) -> frame.disable())
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                                SecurityConfiguration::isSamlFrame,
                                new XFrameOptionsHeaderWriter(XFrameOptionsMode.SAMEORIGIN)))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                                (request) -> !isSamlFrame(request),
                                new XFrameOptionsHeaderWriter(XFrameOptionsMode.DENY))))
                .addFilterBefore(new ParameterLimitsFilter(), SecurityContextHolderFilter.class);
        return http.build();
    }

    private static boolean isSamlFrame(HttpServletRequest request) {
        return SamlLogoutController.FRAME_PATH.equals(
                request.getRequestURI().substring(request.getContextPath().length()));
    }

    /** Decodes ID tokens we issued, expired or not: a hint only has to name the user. */
    private static JwtDecoder idTokenHintDecoder(
            JWKSource<SecurityContext> jwkSource, YiwangServerProperties properties) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(jwkSource)
                .jwsAlgorithms((algorithms) -> {
                    algorithms.add(SignatureAlgorithm.RS256);
                    algorithms.add(SignatureAlgorithm.ES256);
                })
                .build();
        decoder.setJwtValidator(new JwtIssuerValidator(properties.issuerString()));
        return decoder;
    }

    private static boolean isClientAuthenticatedEndpoint(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return "/oauth2/token".equals(path) || "/oauth2/introspect".equals(path) || "/oauth2/revoke".equals(path);
    }

    private static boolean isPromptNone(HttpServletRequest request) {
        return AuthorizationRequests.isAuthorizationRequest(request)
                && AuthorizationRequests.hasPrompt(request, "none");
    }

    /** Mutual TLS is terminated before us and not forwarded, so its methods must not be advertised. */
    private static void advertiseOnlyWhatIsServed(Map<String, Object> claims) {
        claims.remove("tls_client_certificate_bound_access_tokens");
        for (String name : List.of(
                "token_endpoint_auth_methods_supported",
                "revocation_endpoint_auth_methods_supported",
                "introspection_endpoint_auth_methods_supported")) {
            Object methods = claims.get(name);
            if (methods instanceof List<?> list) {
                claims.put(
                        name,
                        list.stream()
                                .filter((method) -> !String.valueOf(method).contains("tls_client_auth"))
                                .toList());
            }
        }
    }

    private static void askConsentWhenRequired(List<AuthenticationProvider> providers) {
        providers.stream()
                .filter(OAuth2AuthorizationCodeRequestAuthenticationProvider.class::isInstance)
                .map(OAuth2AuthorizationCodeRequestAuthenticationProvider.class::cast)
                .forEach((provider) -> provider.setAuthorizationConsentRequired(new ConsentRequirement()));
    }

    private static void useClientSecretEncoder(List<AuthenticationProvider> providers) {
        providers.stream()
                .filter(ClientSecretAuthenticationProvider.class::isInstance)
                .map(ClientSecretAuthenticationProvider.class::cast)
                .forEach((provider) -> provider.setPasswordEncoder(ClientSecrets.encoder()));
    }
}
