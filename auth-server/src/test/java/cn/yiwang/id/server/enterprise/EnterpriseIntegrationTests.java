package cn.yiwang.id.server.enterprise;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.account.enterprise.ActingRole;
import cn.yiwang.id.account.enterprise.BusinessScopes;
import cn.yiwang.id.account.enterprise.EnterpriseAuthorisations;
import cn.yiwang.id.account.enterprise.EnterpriseDeclaration;
import cn.yiwang.id.account.enterprise.EnterpriseRegistration;
import cn.yiwang.id.account.enterprise.EnterpriseRole;
import cn.yiwang.id.account.enterprise.EnterpriseStatus;
import cn.yiwang.id.account.enterprise.RegisteredEnterprise;
import cn.yiwang.id.account.enterprise.RegistrationOutcome;
import cn.yiwang.id.account.enterprise.SandboxEnterpriseRegistry;
import cn.yiwang.id.account.identity.UnifiedSocialCreditCodes;
import cn.yiwang.id.account.realname.AssuranceEvidence;
import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.account.realname.RealNameRegistry;
import cn.yiwang.id.account.realname.VerifiedIdentity;
import cn.yiwang.id.server.account.AccountExport;
import cn.yiwang.id.server.test.Browser;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.OidcClient;
import cn.yiwang.id.server.test.TestAccounts;
import cn.yiwang.id.server.test.TestPeople;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.TypelessAccessToken;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.htmlunit.html.HtmlCheckBoxInput;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlRadioButtonInput;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Legal persons end to end: a legal representative registers the enterprise in the account center, authorises
 * an agent (经办人) who accepts and signs in at a relying party as the enterprise (claims checked with Nimbus),
 * and revocation ends those tokens at once; the registry naming another representative moves the role; a
 * registry that does not answer leaves nothing half-registered.
 */
class EnterpriseIntegrationTests extends IntegrationTestSupport {

    private static final String CLIENT = "test-enterprise";

    private static final String REDIRECT = "http://127.0.0.1:8089/enterprise-callback";

    @Autowired
    AccountRepository accounts;

    @Autowired
    RealNameRegistry realNames;

    @Autowired
    SandboxEnterpriseRegistry registry;

    @Autowired
    EnterpriseRegistration registration;

    @Autowired
    EnterpriseAuthorisations authorisations;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AccountExport export;

    @Test
    void agentSignsInAsTheEnterpriseUntilTheRepresentativeRevokes() throws Exception {
        Citizen representative = citizen();
        Citizen agent = citizen();
        RegisteredEnterprise enterprise = enterpriseOf(representative);
        this.registry.put(enterprise);

        try (Browser repBrowser = new Browser();
                Browser agentBrowser = new Browser()) {
            // the legal representative registers the enterprise on the account center page
            HtmlPage page = signInTo(repBrowser, representative, "/account/enterprises");
            HtmlForm register = page.getHtmlElementById("register-enterprise");
            register.getInputByName("uscc").setValue(enterprise.uscc().toLowerCase());
            register.getInputByName("name").setValue(enterprise.name());
            register.getInputByName("representativeName")
                    .setValue(representative.person().name());
            register.getInputByName("representativeNumber")
                    .setValue(representative.person().number());
            page = submit(register);
            assertThat(page.asNormalizedText()).contains("已登记“" + enterprise.name() + "”");
            assertThat(this.authorisations.actingRole(representative.id(), enterprise.uscc()))
                    .map(ActingRole::role)
                    .contains(EnterpriseRole.LEGAL_REPRESENTATIVE);

            // ... and authorises the agent by ID number, for tax only
            HtmlForm authorise = formEndingWith(page, "/account/enterprises/" + enterprise.uscc() + "/agents");
            authorise.getInputByName("agent").setValue(agent.person().number());
            ((HtmlCheckBoxInput) authorise.getInputByValue("tax")).setChecked(true);
            page = submit(authorise);
            assertThat(page.asNormalizedText()).contains("已发出授权");
            assertThat(this.authorisations.actingRole(agent.id(), enterprise.uscc()))
                    .isEmpty();

            // the agent accepts in their own account center
            HtmlPage agentPage = signInTo(agentBrowser, agent, "/account/enterprises");
            agentPage = submit(formContaining(agentPage, "/accept"));
            assertThat(agentPage.asNormalizedText()).contains("已接受授权");
            // the citizen's data download (PIPL art. 45) lists the enterprises they act for
            assertThat(this.export.export(agent.id()))
                    .contains(enterprise.uscc())
                    .contains("\"agent\"");

            // the agent signs in at the relying party, chooses the enterprise on the choice page
            OidcClient rp = new OidcClient(ISSUER, CLIENT, "demo-secret", REDIRECT);
            OidcClient.Attempt attempt = rp.authorizationRequest("openid profile enterprise", (b) -> {});
            HtmlPage choose = (HtmlPage) agentBrowser.open(attempt.uri().toString());
            assertThat(choose.getUrl().getPath()).isEqualTo("/enterprise/choose");
            assertThat(choose.asNormalizedText()).contains(enterprise.name()).contains("以个人身份");
            HtmlForm chooseForm = choose.getHtmlElementById("enterprise-choose");
            ((HtmlRadioButtonInput) chooseForm.getInputByValue(enterprise.uscc())).setChecked(true);
            send(chooseForm);
            OIDCTokenResponse tokens = (OIDCTokenResponse)
                    rp.exchange(rp.code(agentBrowser.lastClientRedirect(), attempt), attempt.verifier());

            Map<String, Object> expected = Map.of(
                    "uscc", enterprise.uscc(), "name", enterprise.name(), "role", "agent", "scopes", List.of("tax"));
            IDTokenClaimsSet idToken =
                    rp.validate(tokens.getOIDCTokens().getIDTokenString(), attempt.nonce(), JWSAlgorithm.RS256);
            assertThat(idToken.getSubject().getValue()).isEqualTo(agent.id().toString());
            assertThat(idToken.toJWTClaimsSet().getJSONObjectClaim("enterprise"))
                    .isEqualTo(expected);
            AccessToken accessToken = tokens.getOIDCTokens().getAccessToken();
            assertThat(JWTParser.parse(accessToken.getValue()).getJWTClaimsSet().getJSONObjectClaim("enterprise"))
                    .isEqualTo(expected);
            UserInfoResponse userInfo = userInfo(rp, accessToken);
            assertThat(userInfo.toSuccessResponse().getUserInfo().toJSONObject().get("enterprise"))
                    .isEqualTo(expected);
            assertThat(introspect(rp, accessToken.getValue())).isTrue();
            TokenResponse refreshed = refresh(rp, tokens.getOIDCTokens().getRefreshToken());
            assertThat(refreshed.indicatesSuccess()).isTrue();
            RefreshToken rotated = refreshed.toSuccessResponse().getTokens().getRefreshToken();
            AccessToken refreshedAccess =
                    refreshed.toSuccessResponse().getTokens().getAccessToken();
            assertThat(actAsAudited(agent.id(), enterprise.uscc())).isGreaterThanOrEqualTo(2);

            // the representative revokes: the agent's enterprise tokens stop at once
            page = (HtmlPage) repBrowser.open(ISSUER + "/account/enterprises");
            page = submit(formContaining(page, "/revoke"));
            assertThat(page.asNormalizedText()).contains("授权已撤销");
            assertThat(introspect(rp, refreshedAccess.getValue())).isFalse();
            assertThat(refresh(rp, rotated).indicatesSuccess()).isFalse();
            assertThat(userInfo(rp, refreshedAccess).indicatesSuccess()).isFalse();
            assertThat(this.authorisations.actingRole(agent.id(), enterprise.uscc()))
                    .isEmpty();
        }
    }

    @Test
    void expiredAuthorisationStopsRefreshAtOnceAndEndsTheTokensWhenTheJobRuns() throws Exception {
        Citizen representative = citizen();
        Citizen agent = citizen();
        RegisteredEnterprise enterprise = enterpriseOf(representative);
        this.registry.put(enterprise);
        assertThat(register(representative, enterprise)).isInstanceOf(RegistrationOutcome.Registered.class);
        assertThat(this.authorisations.authorise(
                        representative.id(),
                        enterprise.uscc(),
                        agent.person().number(),
                        List.of("licence", "invoice"),
                        Instant.now().plus(java.time.Duration.ofDays(30))))
                .isEqualTo(EnterpriseAuthorisations.AuthoriseOutcome.OFFERED);
        UUID offer = this.authorisations.offers(agent.id()).get(0).id();
        assertThat(this.authorisations.accept(agent.id(), offer)).isTrue();

        try (Browser browser = new Browser()) {
            signInTo(browser, agent, "/account");
            OidcClient rp = new OidcClient(ISSUER, CLIENT, "demo-secret", REDIRECT);
            OidcClient.Attempt attempt = rp.authorizationRequest("openid enterprise", (b) -> {});
            HtmlPage choose = (HtmlPage) browser.open(attempt.uri().toString());
            HtmlForm form = choose.getHtmlElementById("enterprise-choose");
            ((HtmlRadioButtonInput) form.getInputByValue(enterprise.uscc())).setChecked(true);
            send(form);
            OIDCTokenResponse tokens =
                    (OIDCTokenResponse) rp.exchange(rp.code(browser.lastClientRedirect(), attempt), attempt.verifier());
            assertThat(JWTParser.parse(tokens.getOIDCTokens().getAccessToken().getValue())
                            .getJWTClaimsSet()
                            .getJSONObjectClaim("enterprise"))
                    .containsEntry("role", "agent")
                    .containsEntry("scopes", List.of("licence", "invoice"));

            // the expiry passes: a refresh is refused at once, before any job runs
            this.jdbc
                    .sql("update enterprise_member set expires_at = ? where id = ?")
                    .params(java.sql.Timestamp.from(Instant.now().minusSeconds(60)), offer)
                    .update();
            TokenResponse refused = refresh(rp, tokens.getOIDCTokens().getRefreshToken());
            assertThat(refused.indicatesSuccess()).isFalse();
            assertThat(refused.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_grant");

            // the expiry job ends the authorisation and with it the access token
            assertThat(this.authorisations.expireDue()).isGreaterThanOrEqualTo(1);
            assertThat(introspect(rp, tokens.getOIDCTokens().getAccessToken().getValue()))
                    .isFalse();
        }
    }

    @Test
    void relyingPartyCannotSkipTheChoiceByNamingTheEnterpriseItself() throws Exception {
        Citizen representative = citizen();
        RegisteredEnterprise enterprise = enterpriseOf(representative);
        this.registry.put(enterprise);
        assertThat(register(representative, enterprise)).isInstanceOf(RegistrationOutcome.Registered.class);
        try (Browser browser = new Browser()) {
            signInTo(browser, representative, "/account");
            OidcClient rp = new OidcClient(ISSUER, CLIENT, "demo-secret", REDIRECT);
            assertThat(rp.provider().getScopes().toStringList()).contains("enterprise");
            OidcClient.Attempt attempt = rp.authorizationRequest(
                    "openid enterprise", (b) -> b.customParameter(EnterpriseChoices.PARAMETER, enterprise.uscc()));
            HtmlPage page = (HtmlPage) browser.open(attempt.uri().toString());
            assertThat(page.getUrl().getPath()).isEqualTo("/enterprise/choose");
            // choosing personally: no enterprise claim, sub is the person
            send(page.getHtmlElementById("enterprise-choose"));
            OIDCTokenResponse tokens =
                    (OIDCTokenResponse) rp.exchange(rp.code(browser.lastClientRedirect(), attempt), attempt.verifier());
            IDTokenClaimsSet idToken =
                    rp.validate(tokens.getOIDCTokens().getIDTokenString(), attempt.nonce(), JWSAlgorithm.RS256);
            assertThat(idToken.getClaim("enterprise")).isNull();
            assertThat(idToken.getSubject().getValue())
                    .isEqualTo(representative.id().toString());
        }
    }

    @Test
    void registryNamingAnotherRepresentativeMovesTheRole() throws Exception {
        Citizen old = citizen();
        Citizen next = citizen();
        RegisteredEnterprise enterprise = enterpriseOf(old);
        this.registry.put(enterprise);
        assertThat(register(old, enterprise)).isInstanceOf(RegistrationOutcome.Registered.class);
        OIDCTokenResponse tokens;
        OidcClient rp = new OidcClient(ISSUER, CLIENT, "demo-secret", REDIRECT);
        OidcClient.Attempt attempt = rp.authorizationRequest("openid enterprise", (b) -> {});
        try (Browser browser = new Browser()) {
            signInTo(browser, old, "/account");
            HtmlForm form = ((HtmlPage) browser.open(attempt.uri().toString())).getHtmlElementById("enterprise-choose");
            ((HtmlRadioButtonInput) form.getInputByValue(enterprise.uscc())).setChecked(true);
            send(form);
            tokens =
                    (OIDCTokenResponse) rp.exchange(rp.code(browser.lastClientRedirect(), attempt), attempt.verifier());
        }
        IDTokenClaimsSet idToken =
                rp.validate(tokens.getOIDCTokens().getIDTokenString(), attempt.nonce(), JWSAlgorithm.RS256);
        assertThat(idToken.toJWTClaimsSet().getJSONObjectClaim("enterprise"))
                .containsEntry("role", "legal_representative")
                .containsEntry("scopes", BusinessScopes.ALL);

        this.registry.changeRepresentative(
                enterprise.uscc(), next.person().name(), next.person().number());
        assertThat(this.registration.recheck(enterprise.uscc()))
                .isEqualTo(EnterpriseRegistration.RecheckOutcome.REPRESENTATIVE_CHANGED);
        // the old representative's enterprise tokens end at once
        assertThat(introspect(rp, tokens.getOIDCTokens().getAccessToken().getValue()))
                .isFalse();
        assertThat(refresh(rp, tokens.getOIDCTokens().getRefreshToken()).indicatesSuccess())
                .isFalse();

        assertThat(this.authorisations.actingRole(old.id(), enterprise.uscc())).isEmpty();
        assertThat(this.authorisations.actingRole(next.id(), enterprise.uscc()))
                .map(ActingRole::role)
                .contains(EnterpriseRole.LEGAL_REPRESENTATIVE);
        assertThat(this.registration.recheck(enterprise.uscc()))
                .isEqualTo(EnterpriseRegistration.RecheckOutcome.UNCHANGED);
    }

    @Test
    void registryDownLeavesNoHalfRegisteredEnterprise() throws Exception {
        Citizen representative = citizen();
        try (Browser browser = new Browser()) {
            HtmlPage page = signInTo(browser, representative, "/account/enterprises");
            HtmlForm register = page.getHtmlElementById("register-enterprise");
            register.getInputByName("uscc").setValue(SandboxEnterpriseRegistry.UNAVAILABLE);
            register.getInputByName("name").setValue("任意名称有限公司");
            register.getInputByName("representativeName")
                    .setValue(representative.person().name());
            register.getInputByName("representativeNumber")
                    .setValue(representative.person().number());
            page = submit(register);
            assertThat(page.getWebResponse().getStatusCode()).isEqualTo(200);
            assertThat(page.getElementById("registry-unavailable")).isNotNull();
            assertThat(page.getHtmlElementById("register-submit").asNormalizedText())
                    .isEqualTo("重新提交");
            // the form is kept, the ID number is not echoed back
            assertThat(((HtmlForm) page.getHtmlElementById("register-enterprise"))
                            .getInputByName("representativeNumber")
                            .getValue())
                    .isEmpty();
        }
        assertThat(this.jdbc
                        .sql("select count(*) from enterprise where uscc = ?")
                        .param(SandboxEnterpriseRegistry.UNAVAILABLE)
                        .query(Integer.class)
                        .single())
                .isZero();
        assertThat(this.authorisations.actingRoles(representative.id())).isEmpty();
    }

    @Test
    void unknownCancelledAndMalformedEnterprisesAreRefusedWithTheReason() {
        Citizen representative = citizen();
        RegisteredEnterprise unknown = enterpriseOf(representative);
        assertThat(register(representative, unknown)).isEqualTo(new RegistrationOutcome.Refused("not-found"));
        RegisteredEnterprise cancelled = new RegisteredEnterprise(
                freshUscc(),
                "注销测试有限公司",
                EnterpriseStatus.CANCELLED,
                representative.person().name(),
                representative.person().number());
        this.registry.put(cancelled);
        assertThat(register(representative, cancelled)).isEqualTo(new RegistrationOutcome.Refused("cancelled"));
        RegistrationOutcome malformed = this.registration.register(
                representative.id(),
                new EnterpriseDeclaration(
                        "91310115MA1FL00155",
                        "x",
                        representative.person().name(),
                        representative.person().number()));
        assertThat(malformed).isInstanceOf(RegistrationOutcome.Invalid.class);
        assertThat(((RegistrationOutcome.Invalid) malformed).problems().get(0).messageZh())
                .contains("第 18 位");
        Citizen notRealNamed = new Citizen(TestAccounts.create(this.accounts).id(), null, representative.person());
        assertThat(this.registration.register(
                        notRealNamed.id(),
                        new EnterpriseDeclaration(
                                freshUscc(),
                                "x",
                                representative.person().name(),
                                representative.person().number())))
                .isEqualTo(new RegistrationOutcome.Refused("level-too-low"));
    }

    private RegistrationOutcome register(Citizen citizen, RegisteredEnterprise enterprise) {
        return this.registration.register(
                citizen.id(),
                new EnterpriseDeclaration(
                        enterprise.uscc(),
                        enterprise.name(),
                        citizen.person().name(),
                        citizen.person().number()));
    }

    private Citizen citizen() {
        Account account = TestAccounts.create(this.accounts);
        TestPeople.Person person = TestPeople.known();
        this.realNames.recordIdentity(
                account.id(),
                new VerifiedIdentity("resident-id", person.number(), person.name()),
                new AssuranceEvidence(AssuranceLevel.L2, "realname", "test", "ref", null, Instant.now()));
        return new Citizen(account.id(), account.username(), person);
    }

    private static RegisteredEnterprise enterpriseOf(Citizen representative) {
        String uscc = freshUscc();
        return new RegisteredEnterprise(
                uscc,
                "一网测试" + uscc.substring(10, 16) + "有限公司",
                EnterpriseStatus.ACTIVE,
                representative.person().name(),
                representative.person().number());
    }

    /** A valid, random code (工商, 企业, Shanghai Pudong), so runs sharing one database never collide. */
    static String freshUscc() {
        String alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        StringBuilder body = new StringBuilder("91310115");
        for (int i = 0; i < 8; i++) {
            body.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        String first17 =
                body + String.valueOf(UnifiedSocialCreditCodes.organisationCheckCharacter(body.substring(8, 16)));
        return first17 + UnifiedSocialCreditCodes.checkCharacter(first17);
    }

    private static HtmlPage signInTo(Browser browser, Citizen citizen, String path) throws Exception {
        HtmlPage login = (HtmlPage) browser.open(ISSUER + path);
        return (HtmlPage) browser.signIn(login, citizen.username(), TestAccounts.PASSWORD);
    }

    private static HtmlPage submit(HtmlForm form) throws Exception {
        return form.getOneHtmlElementByAttribute("button", "type", "submit").click();
    }

    /** Submits a form whose answer is the relying party's callback, not a page of ours. */
    private static void send(HtmlForm form) throws Exception {
        form.getOneHtmlElementByAttribute("button", "type", "submit").click();
    }

    private static HtmlForm formEndingWith(HtmlPage page, String action) {
        return page.getForms().stream()
                .filter((form) -> form.getActionAttribute().endsWith(action))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No form to " + action + " on " + page.getUrl()));
    }

    private static HtmlForm formContaining(HtmlPage page, String action) {
        return page.getForms().stream()
                .filter((form) -> form.getActionAttribute().contains(action))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No form to " + action + " on " + page.getUrl()));
    }

    private int actAsAudited(UUID accountId, String uscc) {
        return this.jdbc
                .sql("select count(*) from audit_event where event_type = 'enterprise.act-as' and account_id = ? "
                        + "and detail like ?")
                .params(accountId.toString(), "%" + uscc + "%")
                .query(Integer.class)
                .single();
    }

    private static boolean introspect(OidcClient client, String token) throws Exception {
        TokenIntrospectionResponse response = TokenIntrospectionResponse.parse(new TokenIntrospectionRequest(
                        client.provider().getIntrospectionEndpointURI(),
                        client.clientAuthentication(),
                        new TypelessAccessToken(token))
                .toHTTPRequest()
                .send());
        assertThat(response.indicatesSuccess()).isTrue();
        return response.toSuccessResponse().isActive();
    }

    private static TokenResponse refresh(OidcClient client, RefreshToken refreshToken) throws Exception {
        return OIDCTokenResponseParser.parse(new TokenRequest(
                        client.provider().getTokenEndpointURI(),
                        client.clientAuthentication(),
                        new RefreshTokenGrant(refreshToken))
                .toHTTPRequest()
                .send());
    }

    private static UserInfoResponse userInfo(OidcClient client, AccessToken token) throws Exception {
        return UserInfoResponse.parse(
                new UserInfoRequest(client.provider().getUserInfoEndpointURI(), new BearerAccessToken(token.getValue()))
                        .toHTTPRequest()
                        .send());
    }

    private record Citizen(UUID id, String username, TestPeople.Person person) {}
}
