package cn.yiwang.id.server.province;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.SamlSettings;
import cn.yiwang.id.federation.registry.IdentityProviderAdministration;
import cn.yiwang.id.federation.registry.IdentityProviderRegistry;
import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.metadata.EntityMetadata;
import cn.yiwang.id.saml.metadata.MetadataReader;
import cn.yiwang.id.saml.metadata.MetadataRole;
import cn.yiwang.id.server.test.Browser;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.OidcClient;
import cn.yiwang.id.server.test.RawHttp;
import cn.yiwang.id.server.test.TestSamlProvincialIdp;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Signing in through a provincial IdP that speaks SAML (a separate SAML IdP run by the test): our
 * SP metadata, the signed AuthnRequest, the response posted to the assertion consumer service, and
 * then the same linking, {@code fed} session and capped {@code acr} as through OIDC; a response the
 * rules refuse ends on the error page, audited, with no session.
 */
class SamlFederationIntegrationTests extends IntegrationTestSupport {

    private static TestSamlProvincialIdp jiangsu;

    @Autowired
    IdentityProviderAdministration administration;

    @Autowired
    IdentityProviderRegistry registry;

    @Autowired
    JdbcClient jdbc;

    private String alias;

    @BeforeAll
    static void startProvince() throws Exception {
        jiangsu = new TestSamlProvincialIdp();
    }

    @AfterAll
    static void stopProvince() {
        jiangsu.close();
    }

    @AfterEach
    void removeProvider() {
        if (this.alias != null) {
            this.administration.delete(this.alias, null, "test");
        }
    }

    @Test
    void metadataThenOurSpEntityWithAcsAndSignedRequestsWanted() throws Exception {
        HttpResponse<String> response = RawHttp.get(ISSUER + "/federation/saml/metadata", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying((type) -> assertThat(type).startsWith("application/samlmetadata+xml"));
        EntityMetadata sp = MetadataReader.read(response.body().getBytes(StandardCharsets.UTF_8), MetadataRole.SP);
        assertThat(sp.entityId()).isEqualTo(ISSUER + "/federation/saml/metadata");
        assertThat(sp.assertionConsumerServices()).singleElement().satisfies((acs) -> {
            assertThat(acs.binding()).isEqualTo(SamlNames.BINDING_POST);
            assertThat(acs.location()).isEqualTo(ISSUER + "/federation/saml/acs");
        });
        assertThat(sp.authnRequestsSigned()).isTrue();
        assertThat(sp.wantAssertionsSigned()).isTrue();
        assertThat(sp.signingCertificates())
                .as("the active certificate, then the next one")
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(sp.encryptionCertificates()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(sp.singleLogoutServices())
                .extracting((slo) -> slo.binding() + " " + slo.location())
                .containsExactly(
                        SamlNames.BINDING_REDIRECT + " " + ISSUER + "/federation/saml/slo",
                        SamlNames.BINDING_POST + " " + ISSUER + "/federation/saml/slo");
        EntityMetadata again = MetadataReader.read(
                RawHttp.get(ISSUER + "/federation/saml/metadata", null).body().getBytes(StandardCharsets.UTF_8),
                MetadataRole.SP);
        assertThat(again.signingCertificates())
                .as("the same certificate every time")
                .isEqualTo(sp.signingCertificates());
    }

    @Test
    void signInWhenSamlProvinceAssertsVerifiedIdThenFedSessionWithCappedAcrAndSsoForAnotherClient() throws Exception {
        register(AssuranceLevel.L2);
        String idNumber = idNumber();
        jiangsu.signInNext(
                new TestSamlProvincialIdp.Citizen("js-" + UUID.randomUUID(), "孙八", idNumber, "urn:yiwang:loa:3"));
        OidcClient web = new OidcClient(ISSUER, "demo-web", "demo-secret", "http://127.0.0.1:8081/callback");
        try (Browser browser = new Browser()) {
            OidcClient.Attempt attempt =
                    web.authorizationRequest("openid", (b) -> b.customParameter("idp_hint", this.alias));
            HtmlPage atProvince = (HtmlPage) browser.open(attempt.uri().toString());
            assertThat(atProvince.getUrl().getPath())
                    .as("the signed AuthnRequest was accepted")
                    .isEqualTo("/sso");
            assertThat(jiangsu.lastRequestId()).startsWith("_");
            post(atProvince);
            IDTokenClaimsSet id = idToken(web, browser, attempt);
            assertThat(id.getAMR()).extracting(Object::toString).containsExactly("fed");
            assertThat(id.getACR().getValue())
                    .as("L3 asserted, trusted up to L2")
                    .isEqualTo("urn:yiwang:loa:2");

            OidcClient app =
                    new OidcClient(ISSUER, "test-account-app", "demo-secret", "http://127.0.0.1:8087/callback");
            OidcClient.Attempt second = app.authorizationRequest("openid", (b) -> {});
            browser.open(second.uri().toString());
            assertThat(idToken(app, browser, second).getSubject())
                    .as("SSO from the SAML-federated session")
                    .isEqualTo(id.getSubject());
        }
        assertThat(audited("federation.signed-in", null)).isPositive();
    }

    @Test
    void acsWhenResponseSignedWithKeyNotInMetadataThenErrorPageAuditedAndNoSession() throws Exception {
        register(AssuranceLevel.L2);
        jiangsu.signInNext(
                new TestSamlProvincialIdp.Citizen("js-" + UUID.randomUUID(), "孙八", idNumber(), "urn:yiwang:loa:2"));
        jiangsu.signWithRogueKeyNext();
        try (Browser browser = new Browser()) {
            HtmlPage login = (HtmlPage) browser.open(ISSUER + "/login");
            HtmlPage atProvince = login.getAnchorByHref("/federation/" + this.alias + "/start")
                    .click();
            Page back = post(atProvince);
            assertThat(back.getWebResponse().getStatusCode()).isEqualTo(502);
            assertThat(back.getWebResponse().getContentAsString())
                    .contains("federation_failed")
                    .doesNotContain("Exception");
            assertThat(browser.client().getCookieManager().getCookie("YIWANG_SSO"))
                    .as("no session")
                    .isNull();
        }
        assertThat(audited("federation.failed", "saml-assertion-signature-invalid"))
                .isEqualTo(1);
    }

    @Test
    void acsWhenRelayStateUnknownOrResponsePostedAgainThenStateUnknownAndAudited() throws Exception {
        register(AssuranceLevel.L2);
        jiangsu.signInNext(
                new TestSamlProvincialIdp.Citizen("js-" + UUID.randomUUID(), "孙八", idNumber(), "urn:yiwang:loa:2"));
        try (Browser browser = new Browser()) {
            HtmlPage login = (HtmlPage) browser.open(ISSUER + "/login");
            HtmlPage atProvince = login.getAnchorByHref("/federation/" + this.alias + "/start")
                    .click();
            HtmlForm form = atProvince.getForms().get(0);
            String samlResponse = form.getInputByName("SAMLResponse").getValue();
            String relayState = form.getInputByName("RelayState").getValue();
            post(atProvince);
            HttpResponse<String> again = RawHttp.postForm(
                    ISSUER + "/federation/saml/acs", null, "SAMLResponse", samlResponse, "RelayState", relayState);
            assertThat(again.statusCode()).as("a pending login is used once").isEqualTo(400);
            assertThat(again.body()).contains("federation_state_unknown");
        }
        HttpResponse<String> forged = RawHttp.postForm(
                ISSUER + "/federation/saml/acs", null, "SAMLResponse", "PHg+", "RelayState", "never-issued");
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(this.jdbc
                        .sql("select count(*) from audit_event where event_type = 'federation.failed'"
                                + " and actor = 'idp:unknown' and detail = 'saml-unknown-relay-state'")
                        .query(Integer.class)
                        .single())
                .isPositive();
    }

    @Test
    void nationalLogoutWhenSessionCameFromSamlProvinceThenProvinceGetsSignedLogoutRequestAndBrowserEndsAtTarget()
            throws Exception {
        register(AssuranceLevel.L2);
        String nameId = "js-" + UUID.randomUUID();
        OidcClient web = demoWeb();
        try (Browser browser = new Browser()) {
            OIDCTokens tokens = signInThroughProvince(browser, web, nameId);
            String sessionIndex = jiangsu.lastSessionIndex();
            URI logout = new LogoutRequest(
                            web.provider().getEndSessionEndpointURI(),
                            tokens.getIDToken(),
                            URI.create("http://127.0.0.1:8081/"),
                            new State("bye"))
                    .toURI();

            browser.open(logout.toString());

            assertThat(browser.lastClientRedirect())
                    .as("through the province and back to the final target")
                    .hasToString("http://127.0.0.1:8081/?state=bye");
            TestSamlProvincialIdp.ReceivedLogoutRequest received = jiangsu.lastLogoutRequest();
            assertThat(received)
                    .as("a LogoutRequest whose signature held at the province")
                    .isNotNull();
            assertThat(received.issuer()).isEqualTo(ISSUER + "/federation/saml/metadata");
            assertThat(received.destination()).isEqualTo(jiangsu.singleLogoutLocation());
            assertThat(received.nameId()).isEqualTo(nameId);
            assertThat(received.nameIdFormat()).isEqualTo(SamlNames.NAMEID_PERSISTENT);
            assertThat(received.sessionIndex()).isEqualTo(sessionIndex);
            assertThat(received.notOnOrAfter()).isNotEmpty();
            assertThat(refresh(web, tokens)).isEqualTo("invalid_grant");
        }
        assertThat(audited("federation.slo", "province-logged-out")).isEqualTo(1);
    }

    @Test
    void provinceLogoutRequestWhenSignedThenNationalSessionEndsAndSignedSuccessAnswer() throws Exception {
        register(AssuranceLevel.L2);
        String nameId = "js-" + UUID.randomUUID();
        OidcClient web = demoWeb();
        try (Browser browser = new Browser()) {
            OIDCTokens tokens = signInThroughProvince(browser, web, nameId);
            String slo = ISSUER + "/federation/saml/slo";

            HttpResponse<String> forged = RawHttp.getHtml(slo + "?"
                    + jiangsu.logoutRequestQuery(
                            "_lr" + UUID.randomUUID(), nameId, jiangsu.lastSessionIndex(), slo, true));
            assertThat(forged.statusCode())
                    .as("signed with a key not in the metadata")
                    .isEqualTo(400);
            assertThat(forged.body()).contains("saml_request_invalid");

            String id = "_lr" + UUID.randomUUID();
            String query = jiangsu.logoutRequestQuery(id, nameId, jiangsu.lastSessionIndex(), slo, false);
            HttpResponse<String> answer = RawHttp.getHtml(slo + "?" + query);

            assertThat(answer.statusCode()).isEqualTo(302);
            String location = answer.headers().firstValue("Location").orElseThrow();
            assertThat(location).startsWith(jiangsu.singleLogoutLocation() + "?SAMLResponse=");
            TestSamlProvincialIdp.ReceivedLogoutResponse response = jiangsu.logoutResponse(location);
            assertThat(response.inResponseTo()).isEqualTo(id);
            assertThat(response.status()).isEqualTo(SamlNames.STATUS_SUCCESS);
            assertThat(response.issuer()).isEqualTo(ISSUER + "/federation/saml/metadata");
            assertThat(response.destination()).isEqualTo(jiangsu.singleLogoutLocation());
            assertThat(response.relayState()).isEqualTo("idp-state");
            assertThat(refresh(web, tokens))
                    .as("the session's tokens die with it")
                    .isEqualTo("invalid_grant");
            OidcClient.Attempt again = web.authorizationRequest("openid", (b) -> {});
            Page page = browser.open(again.uri().toString());
            assertThat(page.getUrl().getPath()).as("no SSO session left").isEqualTo("/login");

            HttpResponse<String> replayed = RawHttp.getHtml(slo + "?" + query);
            assertThat(replayed.statusCode()).isEqualTo(302);
            assertThat(jiangsu.logoutResponse(
                                    replayed.headers().firstValue("Location").orElseThrow())
                            .status())
                    .as("a replayed request is answered, not obeyed")
                    .isEqualTo(SamlNames.STATUS_REQUESTER);
        }
        assertThat(audited("federation.slo", "province-initiated; sessions 1")).isEqualTo(1);
        assertThat(audited("federation.slo.refused", "saml-signature-invalid")).isEqualTo(1);
        assertThat(audited("federation.slo.refused", "saml-replayed")).isEqualTo(1);
    }

    private OIDCTokens signInThroughProvince(Browser browser, OidcClient web, String nameId) throws Exception {
        jiangsu.signInNext(new TestSamlProvincialIdp.Citizen(nameId, "孙八", idNumber(), "urn:yiwang:loa:2"));
        OidcClient.Attempt attempt =
                web.authorizationRequest("openid", (b) -> b.customParameter("idp_hint", this.alias));
        post((HtmlPage) browser.open(attempt.uri().toString()));
        TokenResponse response = web.exchange(web.code(browser.lastClientRedirect(), attempt), attempt.verifier());
        assertThat(response.indicatesSuccess()).as("%s", response).isTrue();
        return ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
    }

    private static OidcClient demoWeb() throws Exception {
        return new OidcClient(ISSUER, "demo-web", "demo-secret", "http://127.0.0.1:8081/callback");
    }

    /** The error code of a refresh, or "ok". */
    private static String refresh(OidcClient client, OIDCTokens tokens) throws Exception {
        TokenResponse response = OIDCTokenResponseParser.parse(new TokenRequest(
                        client.provider().getTokenEndpointURI(),
                        client.clientAuthentication(),
                        new RefreshTokenGrant(tokens.getRefreshToken()))
                .toHTTPRequest()
                .send());
        return response.indicatesSuccess()
                ? "ok"
                : ((TokenErrorResponse) response).getErrorObject().getCode();
    }

    private void register(AssuranceLevel trust) throws Exception {
        this.alias = "js-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        // the IdP imports our SP metadata: the AuthnRequest must verify with the certificate published there
        EntityMetadata sp = MetadataReader.read(
                RawHttp.get(ISSUER + "/federation/saml/metadata", null).body().getBytes(StandardCharsets.UTF_8),
                MetadataRole.SP);
        jiangsu.trustServiceProvider(sp.signingCertificates().get(0));
        jiangsu.serviceProviderSingleLogout(
                sp.singleLogoutService(SamlNames.BINDING_REDIRECT).orElseThrow().location());
        this.administration.create(
                new IdentityProvider(
                        this.alias,
                        "测试江苏" + this.alias,
                        "Test " + this.alias,
                        "320000",
                        IdentityProvider.Protocol.SAML,
                        jiangsu.entityId(),
                        null,
                        null,
                        null,
                        List.of(),
                        Map.of("name", "cn", "id_number", "idcard"),
                        trust,
                        true,
                        true,
                        100,
                        null,
                        new SamlSettings(null, jiangsu.metadataXml(), Map.of())),
                "test");
        this.registry.refresh();
    }

    /** The citizen presses the button of the IdP's page, which posts the response to our ACS. */
    private static Page post(HtmlPage atProvince) throws Exception {
        HtmlForm form = atProvince.getForms().get(0);
        return form.getOneHtmlElementByAttribute("button", "type", "submit").click();
    }

    private int audited(String type, String detail) {
        return this.jdbc
                .sql("select count(*) from audit_event where event_type = ? and actor = ?"
                        + ((detail != null) ? " and detail = ?" : ""))
                .params(
                        (detail != null)
                                ? List.of(type, "idp:" + this.alias, detail)
                                : List.of(type, "idp:" + this.alias))
                .query(Integer.class)
                .single();
    }

    private static IDTokenClaimsSet idToken(OidcClient client, Browser browser, OidcClient.Attempt attempt)
            throws Exception {
        TokenResponse response =
                client.exchange(client.code(browser.lastClientRedirect(), attempt), attempt.verifier());
        assertThat(response.indicatesSuccess()).as("%s", response).isTrue();
        return client.validate(
                ((OIDCTokenResponse) response.toSuccessResponse())
                        .getOIDCTokens()
                        .getIDTokenString(),
                attempt.nonce(),
                JWSAlgorithm.RS256);
    }

    private static String idNumber() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String body = "320102" + (1955 + random.nextInt(45))
                + String.format("%02d%02d", 1 + random.nextInt(12), 1 + random.nextInt(28))
                + String.format("%03d", random.nextInt(1000));
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body.charAt(i) - '0') * weights[i];
        }
        return body + "10X98765432".charAt(sum % 11);
    }
}
