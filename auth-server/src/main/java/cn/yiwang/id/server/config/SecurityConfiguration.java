package cn.yiwang.id.server.config;

import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.account.delegation.AgentDelegations;
import cn.yiwang.id.account.password.PasswordAuthenticator;
import cn.yiwang.id.account.realname.RealNameRegistry;
import cn.yiwang.id.server.YiwangServerProperties;
import cn.yiwang.id.server.account.SignInActivity;
import cn.yiwang.id.server.admin.AdminAccessDeniedHandler;
import cn.yiwang.id.server.admin.AdminApiAccessDeniedHandler;
import cn.yiwang.id.server.admin.AdminScopeAuthorities;
import cn.yiwang.id.server.admin.AdminSecurityContextRepository;
import cn.yiwang.id.server.admin.AdminSignInAttempts;
import cn.yiwang.id.server.admin.AdminSignInEntryPoint;
import cn.yiwang.id.server.api.ActiveTokenValidator;
import cn.yiwang.id.server.api.ProblemResponses;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.authorization.RedisOAuth2AuthorizationService;
import cn.yiwang.id.server.client.ClientAssertionDecoderFactory;
import cn.yiwang.id.server.client.ClientAssertionWithoutClientIdConverter;
import cn.yiwang.id.server.client.ClientRegistrationController;
import cn.yiwang.id.server.client.ClientSecrets;
import cn.yiwang.id.server.client.NamedPublicClientConverter;
import cn.yiwang.id.server.client.NamedPublicClientProvider;
import cn.yiwang.id.server.client.SubjectIdentifiers;
import cn.yiwang.id.server.delegation.DelegatedScopes;
import cn.yiwang.id.server.device.DeviceEndpoints;
import cn.yiwang.id.server.enterprise.EnterpriseChoiceFilter;
import cn.yiwang.id.server.enterprise.EnterpriseChoices;
import cn.yiwang.id.server.enterprise.EnterpriseClaim;
import cn.yiwang.id.server.exchange.TokenExchangeRules;
import cn.yiwang.id.server.login.AccountPasswordAuthenticationProvider;
import cn.yiwang.id.server.login.LoginFailureHandler;
import cn.yiwang.id.server.login.SecondFactorSignIn;
import cn.yiwang.id.server.logout.BrowserLogout;
import cn.yiwang.id.server.logout.IdTokenHintLogoutAuthenticationProvider;
import cn.yiwang.id.server.logout.LogoutConfirmationController;
import cn.yiwang.id.server.logout.LogoutRequestConverter;
import cn.yiwang.id.server.logout.RpInitiatedLogoutSuccessHandler;
import cn.yiwang.id.server.saml.SamlLogoutController;
import cn.yiwang.id.server.session.SsoAuthentication;
import cn.yiwang.id.server.session.SsoSecurityContextRepository;
import cn.yiwang.id.server.token.ActingClaims;
import cn.yiwang.id.server.token.RefreshTokenReuseDetection;
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
import cn.yiwang.id.server.web.StoreOutageAuthenticationProvider;
import cn.yiwang.id.server.web.UserInfoErrorResponseHandler;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authorization.AuthorizationDecision;
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
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.web.OAuth2AuthorizationEndpointFilter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
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
            PasswordAuthenticator authenticator, RealNameRegistry realNames, SecondFactorSignIn secondFactor) {
        return new AccountPasswordAuthenticationProvider(authenticator, realNames, secondFactor);
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
            UserClaims userClaims,
            DeviceEndpoints deviceEndpoints,
            AuthorizationServerSettings settings,
            RedisOAuth2AuthorizationService authorizations,
            AuditLog audit,
            MeterRegistry meters,
            ClientAssertionDecoderFactory assertions,
            SubjectIdentifiers subjects,
            EnterpriseClaim enterpriseClaim,
            EnterpriseChoices enterpriseChoices,
            AgentDelegations delegations)
            throws Exception {
        OAuth2AuthorizationServerConfigurer authorizationServer = new OAuth2AuthorizationServerConfigurer();
        // RFC 8628 for kiosks: its endpoints, and so its discovery entries, exist only through this call.
        deviceEndpoints.configure(authorizationServer, properties.issuerString(), settings);
        JwtDecoder idTokenHints = idTokenHintDecoder(jwkSource, properties);
        ClientAuthenticationErrorResponder clientErrors = new ClientAuthenticationErrorResponder();
        RequestMatcher endpoints = authorizationServer.getEndpointsMatcher();
        http.securityMatcher(endpoints)
                .with(
                        authorizationServer,
                        (server) -> server.authorizationEndpoint((endpoint) -> endpoint.consentPage("/oauth2/consent")
                                        .authenticationProviders((providers) -> {
                                            askConsentWhenRequired(providers);
                                            DelegatedScopes.apply(providers, delegations);
                                        })
                                        .authorizationResponseHandler(new AuthorizationResponseHandler())
                                        .errorResponseHandler(new AuthorizationErrorResponseHandler()))
                                // the configurer keeps one consumer of the token endpoint's providers: compose here
                                .tokenEndpoint((token) -> token.authenticationProviders((providers) -> {
                                    deviceEndpoints.tokenProviders(providers);
                                    detectRefreshTokenReuse(providers, authorizations, audit, meters, clock);
                                    TokenExchangeRules.wrap(providers, authorizations, audit, meters, clock);
                                }))
                                .clientAuthentication((clientAuthentication) -> clientAuthentication
                                        .authenticationConverters((converters) -> {
                                            converters.add(0, new ClientAssertionWithoutClientIdConverter());
                                            // public clients naming themselves where PKCE does not apply
                                            converters.add(new NamedPublicClientConverter(
                                                    settings.getDeviceAuthorizationEndpoint(),
                                                    settings.getTokenEndpoint(),
                                                    settings.getTokenRevocationEndpoint()));
                                        })
                                        .authenticationProviders((providers) -> {
                                            useClientSecretEncoder(providers);
                                            verifyAssertionsWith(providers, assertions);
                                            providers.add(0, new NamedPublicClientProvider(clients));
                                        })
                                        .errorResponseHandler(clientErrors))
                                .authorizationServerMetadataEndpoint(
                                        (metadata) -> metadata.authorizationServerMetadataCustomizer(
                                                (builder) -> builder.claims(ProviderMetadata::common)))
                                .oidc((oidc) -> oidc.providerConfigurationEndpoint(
                                                (configuration) -> configuration.providerConfigurationCustomizer(
                                                        (builder) -> builder.claims(ProviderMetadata::oidc)))
                                        .userInfoEndpoint((userInfo) -> userInfo.authenticationProviders((providers) ->
                                                        providers.replaceAll(StoreOutageAuthenticationProvider::new))
                                                .errorResponseHandler(new UserInfoErrorResponseHandler(meters))
                                                .userInfoMapper((context) -> {
                                                    OAuth2Authorization authorization = context.getAuthorization();
                                                    RegisteredClient client =
                                                            clients.findById(authorization.getRegisteredClientId());
                                                    // loa says the level of the session the token came from, as the ID
                                                    // token's acr does
                                                    String sessionAcr = (authorization.getAttribute(
                                                                            Principal.class.getName())
                                                                    instanceof SsoAuthentication sso)
                                                            ? sso.getSession().acr()
                                                            : null;
                                                    Map<String, Object> userInfoClaims =
                                                            new LinkedHashMap<>(userClaims.claims(
                                                                    authorization.getPrincipalName(),
                                                                    subjects.subjectFor(
                                                                            client, authorization.getPrincipalName()),
                                                                    authorization.getAuthorizedScopes(),
                                                                    client,
                                                                    sessionAcr));
                                                    enterpriseClaim.addTo(authorization, userInfoClaims);
                                                    // a community agent acting for the citizen: RFC 8693 §4.1
                                                    new ActingClaims(subjects)
                                                            .act(
                                                                    client,
                                                                    authorization.getAttribute(
                                                                            Principal.class.getName()))
                                                            .ifPresent(
                                                                    (act) -> userInfoClaims.put(ActingClaims.ACT, act));
                                                    return new OidcUserInfo(userInfoClaims);
                                                }))
                                        .logoutEndpoint((logout) -> logout.logoutRequestConverter(
                                                        new LogoutRequestConverter())
                                                .authenticationProviders((providers) -> {
                                                    providers.clear();
                                                    providers.add(new IdTokenHintLogoutAuthenticationProvider(
                                                            idTokenHints, clients, subjects));
                                                })
                                                .logoutResponseHandler(
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
                        // a resource the client calls with its access token: RFC 6750 §3 challenge, never a page
                        .defaultAuthenticationEntryPointFor(
                                new BearerTokenAuthenticationEntryPoint(), SecurityConfiguration::isUserInfoEndpoint)
                        .defaultAuthenticationEntryPointFor(
                                new LoginUrlAuthenticationEntryPoint("/login"),
                                new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
                // Registered before the authorization server's own filters are added, and so runs ahead of its
                // authorization endpoint filter, which also sits right after the AuthorizationFilter.
                .addFilterAfter(new IdTokenHintFilter(idTokenHints, requestCache), AuthorizationFilter.class)
                .addFilterAfter(new AuthenticationFreshnessFilter(requestCache, clock), AuthorizationFilter.class)
                .addFilterAfter(new AcrRequirementFilter(clients, requestCache), AuthorizationFilter.class)
                .addFilterAfter(new EnterpriseChoiceFilter(enterpriseChoices, requestCache), AuthorizationFilter.class);
        return http.build();
    }

    @Bean
    @Order(2)
    public SecurityFilterChain apiChain(
            HttpSecurity http,
            JWKSource<SecurityContext> jwkSource,
            YiwangServerProperties properties,
            OAuth2AuthorizationService authorizations,
            AuditLog audit,
            Clock clock)
            throws Exception {
        ProblemResponses problems = new ProblemResponses();
        AccessDeniedHandler denied = new AdminApiAccessDeniedHandler(problems, audit, clock);
        NimbusJwtDecoder decoder = AuthorizationServerConfiguration.accessTokenDecoder(
                jwkSource, properties.issuerString(), List.of(new ActiveTokenValidator(authorizations)));
        http.securityMatcher("/admin/api/**", "/account/api/**", "/qr/*/scan", "/qr/*/confirm", "/qr/*/cancel")
                .authorizeHttpRequests((authorize) -> AdminAuthorization.applyToApi(authorize)
                        // an admin API no row of the table names is open to no one
                        .requestMatchers("/admin/api/**")
                        .denyAll()
                        .requestMatchers("/account/api/**")
                        .hasAuthority("SCOPE_yiwang.account")
                        // provincial apps confirming QR sign-ins: which client may is the QR rules' check
                        .requestMatchers("/qr/*/scan", "/qr/*/confirm", "/qr/*/cancel")
                        .authenticated()
                        .anyRequest()
                        .denyAll())
                .sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf((csrf) -> csrf.disable())
                .requestCache((cache) -> cache.disable())
                .oauth2ResourceServer((resourceServer) -> resourceServer
                        .jwt((jwt) -> jwt.decoder(decoder).jwtAuthenticationConverter(new AdminScopeAuthorities()))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(denied))
                .exceptionHandling((exceptions) ->
                        exceptions.authenticationEntryPoint(problems).accessDeniedHandler(denied));
        return http.build();
    }

    /**
     * Dynamic Client Registration: its bearer tokens (initial and registration access tokens) are opaque, checked
     * by the endpoint itself, so no sign-in, session, CSRF or JWT handling applies.
     */
    @Bean
    @Order(2)
    public SecurityFilterChain registrationChain(HttpSecurity http) throws Exception {
        http.securityMatcher(ClientRegistrationController.PATH, ClientRegistrationController.PATH + "/**")
                .authorizeHttpRequests((authorize) -> authorize.anyRequest().permitAll())
                .sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf((csrf) -> csrf.disable())
                .requestCache((cache) -> cache.disable());
        return http.build();
    }

    /**
     * The administration console's pages: {@code /admin/**} except the API. Its own sign-in (password and TOTP),
     * its own session in Redis ({@code YIWANG_ADMIN} cookie), CSRF on, and the pages opened by the permissions of
     * the administrator's role through {@link AdminAuthorization}.
     */
    @Bean
    @Order(2)
    public SecurityFilterChain consoleChain(
            HttpSecurity http,
            AdminSecurityContextRepository contexts,
            AdminSignInAttempts attempts,
            AuditLog audit,
            Clock clock)
            throws Exception {
        CookieCsrfTokenRepository csrfTokens = new CookieCsrfTokenRepository();
        csrfTokens.setCookieName("YIWANG_ADMIN_XSRF");
        csrfTokens.setCookiePath("/admin");
        csrfTokens.setCookieCustomizer((cookie) -> cookie.sameSite("Strict"));
        http.securityMatcher(SecurityConfiguration::isConsolePage)
                .authorizeHttpRequests((authorize) -> {
                    authorize
                            // the 403 page and error pages, reached by forward
                            .dispatcherTypeMatchers(DispatcherType.FORWARD, DispatcherType.ERROR)
                            .permitAll()
                            .requestMatchers("/admin/login", "/admin/login/**")
                            .permitAll()
                            .requestMatchers("/admin", "/admin/", "/admin/resume", "/admin/denied", "/admin/logout")
                            .authenticated();
                    AdminAuthorization.applyToConsole(authorize);
                    // a console page no row of the table names is open to no one
                    authorize.anyRequest().denyAll();
                })
                .securityContext((context) -> context.securityContextRepository(contexts))
                .sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache((cache) -> cache.disable())
                .csrf((csrf) -> csrf.csrfTokenRepository(csrfTokens))
                .logout((logout) -> logout.logoutUrl("/admin/logout")
                        .addLogoutHandler((request, response, authentication) -> {
                            if (authentication != null) {
                                audit.record(new AuditEvent(
                                        clock.instant(),
                                        "admin.signout",
                                        "admin:" + authentication.getName(),
                                        null,
                                        null,
                                        null,
                                        "success",
                                        null));
                            }
                            contexts.signOut(request, response);
                        })
                        .logoutSuccessUrl("/admin/login?loggedOut"))
                .exceptionHandling((exceptions) -> exceptions
                        .authenticationEntryPoint(new AdminSignInEntryPoint(attempts, contexts))
                        .accessDeniedHandler(new AdminAccessDeniedHandler(audit, clock)))
                .headers((headers) -> headers.frameOptions((frame) -> frame.deny()));
        return http.build();
    }

    private static boolean isConsolePage(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return (path.equals("/admin") || path.startsWith("/admin/")) && !path.startsWith("/admin/api/");
    }

    @Bean
    @Order(3)
    public SecurityFilterChain browserChain(
            HttpSecurity http,
            SsoSecurityContextRepository sessions,
            RequestCache requestCache,
            BrowserLogout browserLogout,
            RegisteredClientRepository clients,
            AccountRepository accounts,
            SignInActivity activity,
            SecondFactorSignIn secondFactor)
            throws Exception {
        SavedRequestAwareAuthenticationSuccessHandler success = new SavedRequestAwareAuthenticationSuccessHandler();
        success.setRequestCache(requestCache);
        // signing in at /login itself (no app waiting) lands in the account center
        success.setDefaultTargetUrl("/account");
        http.authorizeHttpRequests((authorize) -> authorize
                        .requestMatchers(
                                "/login",
                                "/login/sms",
                                "/login/sms/code",
                                "/login/second-factor",
                                "/login/second-factor/**",
                                "/login/forgot",
                                "/login/forgot/**",
                                "/register",
                                "/register/code",
                                "/legal/**",
                                "/preferences/**",
                                "/js/**",
                                "/logged-out",
                                "/logging-out",
                                "/logout",
                                "/error",
                                "/css/**",
                                "/favicon.ico",
                                "/federation/**",
                                "/saml2/idp/**",
                                "/login/qr",
                                "/login/qr/**",
                                "/qr/*",
                                "/js/**",
                                "/demo/phone",
                                // a citizen's approval of a community agent: the link's secret came by SMS
                                "/delegation/approve/*")
                        .permitAll()
                        .requestMatchers(
                                "/actuator/health/**", "/actuator/health", "/actuator/prometheus", "/actuator/info")
                        .permitAll()
                        // a community agent acting for a citizen does errands at apps, never in the citizen's
                        // account center (password, phone, delegations, data)
                        .requestMatchers("/account", "/account/**")
                        .access((authentication, context) ->
                                new AuthorizationDecision(authentication.get() instanceof SsoAuthentication sso
                                        && !sso.getSession().isActing()))
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
                .formLogin((form) -> form.loginPage("/login")
                        .successHandler(secondFactor.after(success))
                        .failureHandler(new LoginFailureHandler(accounts, activity)))
                .logout((logout) -> logout.addLogoutHandler((request, response, authentication) ->
                                browserLogout.logOut(request, response, "user", "logout"))
                        // after the confirmation page, the relying party's registered post-logout URI when it gave one
                        .logoutSuccessHandler((request, response, authentication) -> browserLogout.finish(
                                request, response, LogoutConfirmationController.confirmedTarget(clients, request))))
                // Pages are never framed by others; the one page that delivers a SAML logout form is framed by
                // our own logging-out page.
                .headers((headers) -> headers.frameOptions((frame) -> frame.disable())
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                                SecurityConfiguration::isSamlFrame,
                                new XFrameOptionsHeaderWriter(XFrameOptionsMode.SAMEORIGIN)))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                                (request) -> !isSamlFrame(request),
                                new XFrameOptionsHeaderWriter(XFrameOptionsMode.DENY))));
        return http.build();
    }

    private static boolean isSamlFrame(HttpServletRequest request) {
        return SamlLogoutController.FRAME_PATH.equals(
                request.getRequestURI().substring(request.getContextPath().length()));
    }

    /**
     * Decodes ID tokens we issued, expired or not: a hint only has to name the user and the client. Our access
     * and logout tokens are signed by the same keys but typed ({@code at+jwt}, {@code logout+jwt}), so refused.
     */
    private static JwtDecoder idTokenHintDecoder(
            JWKSource<SecurityContext> jwkSource, YiwangServerProperties properties) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(jwkSource)
                .jwsAlgorithms((algorithms) -> {
                    algorithms.add(SignatureAlgorithm.RS256);
                    algorithms.add(SignatureAlgorithm.ES256);
                })
                .jwtProcessorCustomizer((processor) ->
                        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null)))
                .build();
        decoder.setJwtValidator(new JwtIssuerValidator(properties.issuerString()));
        return decoder;
    }

    private static boolean isClientAuthenticatedEndpoint(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return "/oauth2/token".equals(path)
                || "/oauth2/introspect".equals(path)
                || "/oauth2/revoke".equals(path)
                || "/oauth2/device_authorization".equals(path);
    }

    private static boolean isUserInfoEndpoint(HttpServletRequest request) {
        return "/userinfo"
                .equals(request.getRequestURI()
                        .substring(request.getContextPath().length()));
    }

    private static boolean isPromptNone(HttpServletRequest request) {
        return AuthorizationRequests.isAuthorizationRequest(request)
                && AuthorizationRequests.hasPrompt(request, "none");
    }

    private static void askConsentWhenRequired(List<AuthenticationProvider> providers) {
        providers.stream()
                .filter(OAuth2AuthorizationCodeRequestAuthenticationProvider.class::isInstance)
                .map(OAuth2AuthorizationCodeRequestAuthenticationProvider.class::cast)
                .forEach((provider) -> provider.setAuthorizationConsentRequired(new ConsentRequirement()));
    }

    private static void detectRefreshTokenReuse(
            List<AuthenticationProvider> providers,
            RedisOAuth2AuthorizationService authorizations,
            AuditLog audit,
            MeterRegistry meters,
            Clock clock) {
        providers.replaceAll((provider) -> (provider instanceof OAuth2RefreshTokenAuthenticationProvider)
                ? new RefreshTokenReuseDetection(provider, authorizations, audit, meters, clock)
                : provider);
    }

    private static void verifyAssertionsWith(
            List<AuthenticationProvider> providers, ClientAssertionDecoderFactory assertions) {
        providers.stream()
                .filter(JwtClientAssertionAuthenticationProvider.class::isInstance)
                .map(JwtClientAssertionAuthenticationProvider.class::cast)
                .forEach((provider) -> provider.setJwtDecoderFactory(assertions));
    }

    private static void useClientSecretEncoder(List<AuthenticationProvider> providers) {
        providers.stream()
                .filter(ClientSecretAuthenticationProvider.class::isInstance)
                .map(ClientSecretAuthenticationProvider.class::cast)
                .forEach((provider) -> provider.setPasswordEncoder(ClientSecrets.encoder()));
    }
}
