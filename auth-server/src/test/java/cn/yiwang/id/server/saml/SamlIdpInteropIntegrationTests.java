package cn.yiwang.id.server.saml;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.account.realname.AssuranceEvidence;
import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.account.realname.RealNameRegistry;
import cn.yiwang.id.account.realname.VerifiedIdentity;
import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.SecureXml;
import cn.yiwang.id.saml.XmlSignatures;
import cn.yiwang.id.saml.metadata.EntityMetadata;
import cn.yiwang.id.saml.metadata.MetadataReader;
import cn.yiwang.id.saml.metadata.MetadataRole;
import cn.yiwang.id.saml.metadata.SamlEndpoint;
import cn.yiwang.id.server.saml.registry.ServiceProvider;
import cn.yiwang.id.server.saml.registry.ServiceProviderAdministration;
import cn.yiwang.id.server.test.Browser;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.OidcClient;
import cn.yiwang.id.server.test.RawHttp;
import cn.yiwang.id.server.test.TestAccounts;
import cn.yiwang.id.server.test.TestSamlServiceProvider;
import com.onelogin.saml2.authn.SamlResponse;
import com.onelogin.saml2.logout.LogoutRequest;
import com.onelogin.saml2.logout.LogoutResponse;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.htmlunit.html.HtmlInlineFrame;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.util.NameValuePair;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Our SAML IdP against an independent SAML implementation: OneLogin's java-saml plays the ministry
 * portal. It reads our metadata, sends signed AuthnRequests and LogoutRequests, and validates (in
 * strict mode, with schema validation) our signed and our encrypted responses, our LogoutResponses
 * and the LogoutRequests the national logout sends it.
 */
class SamlIdpInteropIntegrationTests extends IntegrationTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static byte[] metadata;

    @Autowired
    ServiceProviderAdministration serviceProviders;

    @Autowired
    AccountRepository accounts;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RealNameRegistry realNames;

    private byte[] metadata() throws Exception {
        if (metadata == null) {
            HttpResponse<byte[]> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(ISSUER + "/saml2/idp/metadata"))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying((type) -> assertThat(type).startsWith("application/samlmetadata+xml"));
            metadata = response.body();
        }
        return metadata;
    }

    private TestSamlServiceProvider register(
            String alias, int port, boolean encrypt, boolean signResponse, String nameIdFormat) throws Exception {
        // one entity ID per alias, on a port the test browser intercepts
        TestSamlServiceProvider sp = new TestSamlServiceProvider(
                "http://127.0.0.1:" + port + "/" + alias, metadata(), encrypt, signResponse, nameIdFormat);
        this.serviceProviders.save(new ServiceProvider(
                alias,
                sp.entityId,
                "测试门户 " + alias,
                "Test portal " + alias,
                List.of(new SamlEndpoint(SamlNames.BINDING_POST, sp.acs, null, 0, true)),
                List.of(new SamlEndpoint(SamlNames.BINDING_REDIRECT, sp.slo, null, -1, false)),
                List.of(sp.certificate),
                List.of(sp.certificate),
                true,
                signResponse,
                true,
                encrypt,
                nameIdFormat,
                Set.of("loa", "id_number_masked", "phone"),
                false,
                null,
                true,
                Instant.now()));
        return sp;
    }

    @Test
    void metadataIsSignedByTheKeyItPublishesAndNamesEndpointsAndFormats() throws Exception {
        byte[] xml = metadata();
        EntityMetadata idp = MetadataReader.read(xml, MetadataRole.IDP);
        assertThat(idp.entityId()).isEqualTo(ISSUER + "/saml2/idp/metadata");
        assertThat(idp.singleSignOnServices())
                .extracting(SamlEndpoint::binding)
                .containsExactlyInAnyOrder(SamlNames.BINDING_REDIRECT, SamlNames.BINDING_POST);
        assertThat(idp.singleLogoutServices())
                .extracting(SamlEndpoint::location)
                .containsOnly(ISSUER + "/saml2/idp/slo");
        assertThat(idp.nameIdFormats())
                .contains(SamlNames.NAMEID_PERSISTENT, SamlNames.NAMEID_TRANSIENT, SamlNames.NAMEID_UNSPECIFIED);
        assertThat(idp.encryptionCertificates())
                .as("the IdP decrypts nothing: its signing key is never offered for encryption")
                .isEmpty();
        assertThat(idp.signingCertificates())
                .as("the active and the next signing key")
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(XmlSignatures.verify(SecureXml.parse(xml).getDocumentElement(), idp.signingCertificates()))
                .isTrue();
        // java-saml reads the same metadata into valid settings (checked in the constructor)
        TestSamlServiceProvider sp = new TestSamlServiceProvider("http://127.0.0.1:8087", xml, false, false);
        assertThat(sp.settings().getIdpEntityId()).isEqualTo(idp.entityId());
    }

    @Test
    void signedRedirectRequestIsAnsweredWithASignedResponseJavaSamlAccepts() throws Exception {
        TestSamlServiceProvider sp = register("interop-signed", 8087, false, true, SamlNames.NAMEID_PERSISTENT);
        Account account = TestAccounts.create(this.accounts);
        try (Browser browser = new Browser()) {
            TestSamlServiceProvider.Redirect request = sp.authnRequest(false, false, "/portal/home");
            Page login = browser.open(request.url());
            assertThat(login.getUrl().getPath()).isEqualTo("/login");
            HtmlPage posted = (HtmlPage) browser.signIn((HtmlPage) login, account.username(), TestAccounts.PASSWORD);
            TestSamlServiceProvider.Posted form = TestSamlServiceProvider.posted(posted);
            assertThat(form.action()).isEqualTo(sp.acs);
            assertThat(form.relayState()).isEqualTo("/portal/home");
            SamlResponse response = sp.consume(form.message());
            assertThat(response.isValid(request.id()))
                    .as(String.valueOf(response.getError()))
                    .isTrue();
            assertThat(response.getNameIdFormat()).isEqualTo(SamlNames.NAMEID_PERSISTENT);
            assertThat(response.getNameId())
                    .isNotEqualTo(account.id().toString())
                    .hasSize(43);
            assertThat(response.getAttributes()).containsKey("loa").doesNotContainKey("id_number");
            assertThat(response.getAttributes().get("loa")).containsExactly("L1");
            String firstNameId = response.getNameId();

            // The SSO session answers the next request without a page, with the same pairwise NameID.
            TestSamlServiceProvider.Redirect again = sp.authnRequest(false, false, null);
            SamlResponse second = sp.consume(TestSamlServiceProvider.posted((HtmlPage) browser.open(again.url()))
                    .message());
            assertThat(second.isValid(again.id()))
                    .as(String.valueOf(second.getError()))
                    .isTrue();
            assertThat(second.getNameId()).isEqualTo(firstNameId);
            // A response is good for its own request only.
            assertThat(sp.consume(form.message()).isValid(again.id())).isFalse();
        }
    }

    @Test
    void encryptedAssertionIsDecryptedAndValidatedByJavaSaml() throws Exception {
        TestSamlServiceProvider sp = register("interop-encrypted", 8088, true, false, SamlNames.NAMEID_TRANSIENT);
        Account account = TestAccounts.create(this.accounts);
        try (Browser browser = new Browser()) {
            TestSamlServiceProvider.Redirect request = sp.authnRequest(false, false, null);
            HtmlPage posted = (HtmlPage)
                    browser.signIn((HtmlPage) browser.open(request.url()), account.username(), TestAccounts.PASSWORD);
            TestSamlServiceProvider.Posted form = TestSamlServiceProvider.posted(posted);
            String xml = new String(Base64.getDecoder().decode(form.message()), StandardCharsets.UTF_8);
            assertThat(xml)
                    .contains("EncryptedAssertion")
                    .doesNotContain(account.id().toString());
            SamlResponse response = sp.consume(form.message());
            assertThat(response.isValid(request.id()))
                    .as(String.valueOf(response.getError()))
                    .isTrue();
            assertThat(response.getNameIdFormat()).isEqualTo(SamlNames.NAMEID_TRANSIENT);
            assertThat(response.getAttributes().get("loa")).containsExactly("L1");
        }
    }

    @Test
    void passiveRequestWithoutSessionGetsNoPassiveAndForceAuthnShowsTheLoginPage() throws Exception {
        TestSamlServiceProvider sp = register("interop-passive", 8089, false, true, SamlNames.NAMEID_PERSISTENT);
        Account account = TestAccounts.create(this.accounts);
        try (Browser browser = new Browser()) {
            TestSamlServiceProvider.Redirect passive = sp.authnRequest(false, true, null);
            SamlResponse refused = sp.consume(TestSamlServiceProvider.posted((HtmlPage) browser.open(passive.url()))
                    .message());
            assertThat(refused.isValid(passive.id())).isFalse();
            assertThat(refused.getResponseStatus().getStatusCode()).isEqualTo(SamlNames.STATUS_RESPONDER);
            assertThat(refused.getResponseStatus().getSubStatusCode()).isEqualTo(SamlNames.STATUS_NO_PASSIVE);

            TestSamlServiceProvider.Redirect first = sp.authnRequest(false, false, null);
            browser.signIn((HtmlPage) browser.open(first.url()), account.username(), TestAccounts.PASSWORD);
            TestSamlServiceProvider.Redirect forced = sp.authnRequest(true, false, null);
            Page page = browser.open(forced.url());
            assertThat(page.getUrl().getPath())
                    .as("ForceAuthn asks for the password again")
                    .isEqualTo("/login");
            HtmlPage posted = (HtmlPage) browser.signIn((HtmlPage) page, account.username(), TestAccounts.PASSWORD);
            assertThat(sp.consume(TestSamlServiceProvider.posted(posted).message())
                            .isValid(forced.id()))
                    .isTrue();
        }
    }

    @Test
    void requestNamingAnotherSubjectIsNeverAnsweredWithTheSignedInCitizen() throws Exception {
        TestSamlServiceProvider sp = register("interop-subject", 8079, false, true, SamlNames.NAMEID_PERSISTENT);
        Account account = TestAccounts.create(this.accounts);
        try (Browser browser = new Browser()) {
            TestSamlServiceProvider.Redirect first = sp.authnRequest(false, false, null);
            HtmlPage signedIn = (HtmlPage)
                    browser.signIn((HtmlPage) browser.open(first.url()), account.username(), TestAccounts.PASSWORD);
            String nameId = sp.consume(TestSamlServiceProvider.posted(signedIn).message())
                    .getNameId();

            // the subject the session is: answered as usual, without a page
            TestSamlServiceProvider.Redirect same = sp.authnRequest(false, false, null, nameId);
            SamlResponse matched = sp.consume(TestSamlServiceProvider.posted((HtmlPage) browser.open(same.url()))
                    .message());
            assertThat(matched.isValid(same.id()))
                    .as(String.valueOf(matched.getError()))
                    .isTrue();
            assertThat(matched.getNameId()).isEqualTo(nameId);

            // someone else, passively: no page may be shown, so NoPassive
            TestSamlServiceProvider.Redirect passive = sp.authnRequest(false, true, null, "someone-else-entirely");
            SamlResponse noPassive = sp.consume(TestSamlServiceProvider.posted((HtmlPage) browser.open(passive.url()))
                    .message());
            assertThat(noPassive.isValid(passive.id())).isFalse();
            assertThat(noPassive.getResponseStatus().getStatusCode()).isEqualTo(SamlNames.STATUS_RESPONDER);
            assertThat(noPassive.getResponseStatus().getSubStatusCode()).isEqualTo(SamlNames.STATUS_NO_PASSIVE);

            // someone else: the citizen is asked to sign in as that subject; signing in as themselves again is
            // answered UnknownPrincipal, never Success with their own NameID (SAML core §3.4.1.4)
            TestSamlServiceProvider.Redirect other = sp.authnRequest(false, false, null, "someone-else-entirely");
            Page asked = browser.open(other.url());
            assertThat(asked.getUrl().getPath()).isEqualTo("/login");
            HtmlPage answered = (HtmlPage) browser.signIn((HtmlPage) asked, account.username(), TestAccounts.PASSWORD);
            SamlResponse unknown =
                    sp.consume(TestSamlServiceProvider.posted(answered).message());
            assertThat(unknown.isValid(other.id())).isFalse();
            assertThat(unknown.getResponseStatus().getStatusCode()).isEqualTo(SamlNames.STATUS_RESPONDER);
            assertThat(unknown.getResponseStatus().getSubStatusCode()).isEqualTo(SamlNames.STATUS_UNKNOWN_PRINCIPAL);
            assertThat(TestSamlServiceProvider.posted(answered).message())
                    .as("the response carries no assertion")
                    .satisfies((message) -> assertThat(
                                    new String(Base64.getDecoder().decode(message), StandardCharsets.UTF_8))
                            .doesNotContain("Assertion")
                            .doesNotContain(nameId));
        }
    }

    @Test
    void requestsThatCannotBeTrustedGetAnErrorPageAndAnAuditEventButNoResponse() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        TestSamlServiceProvider sp = register("interop-hostile", 8086, false, true, SamlNames.NAMEID_PERSISTENT);
        TestSamlServiceProvider stranger =
                new TestSamlServiceProvider("http://127.0.0.1:8085/stranger", metadata(), false, false);
        try (Browser browser = new Browser()) {
            // unknown SP
            assertRefused(browser.open(stranger.authnRequest(false, false, null).url()));
            // tampered: the signature no longer covers the query
            String tampered = sp.authnRequest(false, false, "a").url().replace("RelayState=a", "RelayState=b");
            assertRefused(browser.open(tampered));
            // unsigned, from an SP that must sign
            String unsigned = sp.redirectFor(sp.authnRequest(false, false, null).xml(), null, false);
            assertRefused(browser.open(unsigned));
            // an ACS the SP never registered
            String elsewhere = sp.authnRequest(false, false, null).xml().replace(sp.acs, "http://127.0.0.1:8084/steal");
            assertRefused(browser.open(sp.redirectFor(elsewhere, null, true)));
            // a DTD with entity expansion
            String bomb = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
                    + sp.authnRequest(false, false, null).xml().replaceFirst("<\\?xml[^>]*>", "");
            assertRefused(browser.open(sp.redirectFor(bomb, null, true)));
            // signature wrapping over HTTP-POST: the signed request hidden in an evil one that copies its signature
            assertRefused(browser.client().getPage(post(wrapped(sp))));
            // replayed: the same signed request a second time is answered RequestDenied at the ACS
            String once = sp.authnRequest(false, false, null).url();
            assertThat(browser.open(once).getUrl().getPath()).isEqualTo("/login");
            SamlResponse replayed = sp.consume(TestSamlServiceProvider.posted((HtmlPage) browser.open(once))
                    .message());
            assertThat(replayed.isValid()).isFalse();
            assertThat(replayed.getResponseStatus().getSubStatusCode()).isEqualTo(SamlNames.STATUS_REQUEST_DENIED);
        }
        assertThat(this.jdbc
                        .sql("SELECT detail FROM audit_event WHERE event_type = 'saml.sso.refused' "
                                + "AND occurred_at >= ?")
                        .param(java.sql.Timestamp.from(start))
                        .query(String.class)
                        .list())
                .contains(
                        "unknown_service_provider",
                        "signature_invalid",
                        "signature_required",
                        "unknown_acs",
                        "dtd_not_allowed");
    }

    @Test
    void idpInitiatedSignOnIsAcceptedByJavaSamlWithoutARequest() throws Exception {
        TestSamlServiceProvider sp = register("interop-initiated", 8083, false, true, SamlNames.NAMEID_PERSISTENT);
        Account account = TestAccounts.create(this.accounts);
        try (Browser browser = new Browser()) {
            Page login = browser.open(ISSUER + "/saml2/idp/init?sp=interop-initiated&RelayState=%2Fportal");
            HtmlPage posted = (HtmlPage) browser.signIn((HtmlPage) login, account.username(), TestAccounts.PASSWORD);
            TestSamlServiceProvider.Posted form = TestSamlServiceProvider.posted(posted);
            assertThat(form.relayState()).isEqualTo("/portal");
            SamlResponse response = sp.consume(form.message());
            assertThat(response.isValid())
                    .as(String.valueOf(response.getError()))
                    .isTrue();
        }
    }

    @Test
    void oneSessionForSamlAndOidcAndSamlLogoutEndsBothAndNotifiesTheOtherSp() throws Exception {
        TestSamlServiceProvider portal = register("interop-slo-a", 8084, false, true, SamlNames.NAMEID_PERSISTENT);
        TestSamlServiceProvider other = register("interop-slo-b", 8082, false, true, SamlNames.NAMEID_PERSISTENT);
        Account account = TestAccounts.create(this.accounts);
        OidcClient web = new OidcClient(ISSUER, "demo-web", "demo-secret", "http://127.0.0.1:8081/callback");
        try (Browser browser = new Browser()) {
            SamlResponse signedIn = signIn(browser, portal, account);
            // the second SAML SP and an OIDC client get in on the same session, with no login page
            TestSamlServiceProvider.Redirect otherRequest = other.authnRequest(false, false, null);
            assertThat(other.consume(TestSamlServiceProvider.posted((HtmlPage) browser.open(otherRequest.url()))
                                    .message())
                            .isValid(otherRequest.id()))
                    .isTrue();
            OidcClient.Attempt attempt = web.authorizationRequest("openid", (b) -> {});
            browser.open(attempt.uri().toString());
            assertThat(web.code(browser.lastClientRedirect(), attempt))
                    .as("SSO from the SAML session")
                    .isNotNull();

            // SAML SP-initiated logout
            TestSamlServiceProvider.Redirect logout =
                    portal.logoutRequest(signedIn.getNameId(), signedIn.getNameIdFormat(), signedIn.getSessionIndex());
            Page loggingOut = browser.open(logout.url());
            List<HtmlInlineFrame> frames = ((HtmlPage) loggingOut).getByXPath("//iframe");
            String toOther = frames.stream()
                    .map(HtmlInlineFrame::getSrcAttribute)
                    .filter((src) -> src.startsWith(other.slo))
                    .findFirst()
                    .orElseThrow();
            LogoutRequest notified = other.incomingLogoutRequest(toOther);
            assertThat(notified.isValid())
                    .as(String.valueOf(notified.getError()))
                    .isTrue();
            assertThat(LogoutRequest.getNameId(notified.getLogoutRequestXml())).isNotBlank();

            // the page moves on to the LogoutResponse for the portal
            String next = ((HtmlPage) loggingOut).getHtmlElementById("continue").getAttribute("href");
            Page done = browser.open(next);
            URL redirected = browser.lastClientRedirect();
            assertThat(redirected.toString()).startsWith(portal.slo);
            LogoutResponse answer = portal.logoutResponse(redirected.toString());
            assertThat(answer.isValid(logout.id()))
                    .as(String.valueOf(answer.getError()))
                    .isTrue();
            assertThat(answer.getStatus()).isEqualTo(SamlNames.STATUS_SUCCESS);
            assertThat(done).isNotNull();

            // the session is gone for OIDC too
            OidcClient.Attempt after = web.authorizationRequest("openid", (b) -> {});
            assertThat(browser.open(after.uri().toString()).getUrl().getPath()).isEqualTo("/login");
        }
    }

    @Test
    void postBindingRequestSignedInXmlIsAcceptedAndUnsupportedPolicyOrContextGetsAStatus() throws Exception {
        TestSamlServiceProvider sp = register("interop-post", 8081, false, true, SamlNames.NAMEID_PERSISTENT);
        Account account = TestAccounts.create(this.accounts);
        try (Browser browser = new Browser()) {
            TestSamlServiceProvider.Redirect request = sp.authnRequest(false, false, null);
            org.w3c.dom.Document xml = SecureXml.parse(request.xml().getBytes(StandardCharsets.UTF_8));
            XmlSignatures.sign(xml.getDocumentElement(), sp.keys.getPrivate(), sp.certificate);
            Page login = browser.client().getPage(post(xml));
            HtmlPage posted = (HtmlPage) browser.signIn((HtmlPage) login, account.username(), TestAccounts.PASSWORD);
            SamlResponse response =
                    sp.consume(TestSamlServiceProvider.posted(posted).message());
            assertThat(response.isValid(request.id()))
                    .as(String.valueOf(response.getError()))
                    .isTrue();

            // a NameID format we do not issue: InvalidNameIDPolicy, to the SP's ACS
            String email = sp.authnRequest(false, false, null)
                    .xml()
                    .replace(SamlNames.NAMEID_PERSISTENT, "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress");
            SamlResponse refused = sp.consume(
                    TestSamlServiceProvider.posted((HtmlPage) browser.open(sp.redirectFor(email, null, true)))
                            .message());
            assertThat(refused.isValid()).isFalse();
            assertThat(refused.getResponseStatus().getSubStatusCode())
                    .isEqualTo(SamlNames.STATUS_INVALID_NAMEID_POLICY);

            // a level the session lacks: the citizen is taken through step-up, as for OIDC acr_values
            String stronger = sp.authnRequest(false, false, null)
                    .xml()
                    .replace(
                            "</samlp:AuthnRequest>",
                            "<samlp:RequestedAuthnContext Comparison=\"minimum\"><saml:AuthnContextClassRef>urn:yiwang:loa:3"
                                    + "</saml:AuthnContextClassRef></samlp:RequestedAuthnContext></samlp:AuthnRequest>");
            Page stepUp = browser.open(sp.redirectFor(stronger, null, true));
            assertThat(stepUp.getUrl().getPath()).isEqualTo("/stepup");
            assertThat(stepUp.getUrl().getQuery()).contains("level=L3");
        }
    }

    @Test
    void oidcRelyingPartyLogoutSendsTheSamlSpsOfTheSessionSignedLogoutRequests() throws Exception {
        TestSamlServiceProvider portal = register("interop-rp-logout", 8085, false, true, SamlNames.NAMEID_TRANSIENT);
        // an SP whose only logout endpoint takes HTTP-POST
        TestSamlServiceProvider postOnly =
                new TestSamlServiceProvider("http://127.0.0.1:8083/interop-post-slo", metadata(), false, true);
        this.serviceProviders.save(new ServiceProvider(
                "interop-post-slo",
                postOnly.entityId,
                "邮政门户",
                "Post portal",
                List.of(new SamlEndpoint(SamlNames.BINDING_POST, postOnly.acs, null, 0, true)),
                List.of(new SamlEndpoint(SamlNames.BINDING_POST, postOnly.slo, null, -1, false)),
                List.of(postOnly.certificate),
                List.of(),
                true,
                true,
                true,
                false,
                SamlNames.NAMEID_PERSISTENT,
                Set.of("loa"),
                false,
                null,
                true,
                Instant.now()));
        Account account = TestAccounts.create(this.accounts);
        OidcClient web = new OidcClient(ISSUER, "demo-web", "demo-secret", "http://127.0.0.1:8081/callback");
        try (Browser browser = new Browser()) {
            SamlResponse signedIn = signIn(browser, portal, account);
            TestSamlServiceProvider.Redirect atPostOnly = postOnly.authnRequest(false, false, null);
            SamlResponse postOnlyResponse =
                    postOnly.consume(TestSamlServiceProvider.posted((HtmlPage) browser.open(atPostOnly.url()))
                            .message());
            assertThat(postOnlyResponse.isValid(atPostOnly.id())).isTrue();
            OidcClient.Attempt attempt = web.authorizationRequest("openid", (b) -> {});
            browser.open(attempt.uri().toString());
            com.nimbusds.openid.connect.sdk.OIDCTokenResponse tokens =
                    (com.nimbusds.openid.connect.sdk.OIDCTokenResponse)
                            web.exchange(web.code(browser.lastClientRedirect(), attempt), attempt.verifier());

            URI logout = new com.nimbusds.openid.connect.sdk.LogoutRequest(
                            web.provider().getEndSessionEndpointURI(),
                            tokens.getOIDCTokens().getIDToken(),
                            URI.create("http://127.0.0.1:8081/"),
                            null)
                    .toURI();
            browser.client().setRefreshHandler((page, url, seconds) -> {});
            HtmlPage loggingOut = (HtmlPage) browser.open(logout.toString());
            List<HtmlInlineFrame> frames = loggingOut.getByXPath("//iframe");
            String toPortal = frames.stream()
                    .map(HtmlInlineFrame::getSrcAttribute)
                    .filter((src) -> src.startsWith(portal.slo))
                    .findFirst()
                    .orElseThrow();
            LogoutRequest notified = portal.incomingLogoutRequest(toPortal);
            assertThat(notified.isValid())
                    .as(String.valueOf(notified.getError()))
                    .isTrue();
            // the NameID and SessionIndex are the ones the portal was given, so it finds its own session
            assertThat(LogoutRequest.getNameId(notified.getLogoutRequestXml())).isEqualTo(signedIn.getNameId());
            assertThat(LogoutRequest.getSessionIndexes(notified.getLogoutRequestXml()))
                    .containsExactly(signedIn.getSessionIndex());

            // the POST-only SP: the iframe loads a page of ours (framed only by us) that posts a signed request
            HtmlInlineFrame framed = frames.stream()
                    .filter((frame) -> frame.getSrcAttribute().startsWith(ISSUER + "/saml2/idp/frame"))
                    .findFirst()
                    .orElseThrow();
            // the browser loaded it with the page; the message is delivered once only
            HtmlPage form = (HtmlPage) framed.getEnclosedPage();
            assertThat(form.getWebResponse().getResponseHeaderValue("X-Frame-Options"))
                    .isEqualTo("SAMEORIGIN");
            assertThat(loggingOut.getWebResponse().getResponseHeaderValue("X-Frame-Options"))
                    .isEqualTo("DENY");
            TestSamlServiceProvider.Posted message = TestSamlServiceProvider.posted(form);
            assertThat(message.action()).isEqualTo(postOnly.slo);
            org.w3c.dom.Element request = SecureXml.parse(Base64.getDecoder().decode(message.message()))
                    .getDocumentElement();
            assertThat(request.getLocalName()).isEqualTo("LogoutRequest");
            assertThat(XmlSignatures.verify(
                            request,
                            MetadataReader.read(metadata(), MetadataRole.IDP).signingCertificates()))
                    .isTrue();
            assertThat(request.getTextContent()).contains(postOnlyResponse.getNameId());
            assertThat(browser.open(framed.getSrcAttribute()).getUrl().getPath())
                    .isEqualTo("/logged-out");
        }
    }

    @Test
    void logoutRequestOverHttpPostSignedInXmlEndsTheSession() throws Exception {
        TestSamlServiceProvider portal = register("interop-slo-post", 8086, false, true, SamlNames.NAMEID_PERSISTENT);
        Account account = TestAccounts.create(this.accounts);
        try (Browser browser = new Browser()) {
            SamlResponse signedIn = signIn(browser, portal, account);

            TestSamlServiceProvider.Redirect logout =
                    portal.logoutRequest(signedIn.getNameId(), signedIn.getNameIdFormat(), signedIn.getSessionIndex());
            org.w3c.dom.Document xml = SecureXml.parse(logout.xml().getBytes(StandardCharsets.UTF_8));
            XmlSignatures.sign(xml.getDocumentElement(), portal.keys.getPrivate(), portal.certificate);
            WebRequest post = new WebRequest(new URL(ISSUER + "/saml2/idp/slo"), HttpMethod.POST);
            post.setRequestParameters(List.of(
                    new NameValuePair("SAMLRequest", Base64.getEncoder().encodeToString(SecureXml.toBytes(xml)))));
            browser.client().getPage(post);
            URL redirected = browser.lastClientRedirect();
            assertThat(redirected.toString()).startsWith(portal.slo);
            LogoutResponse answer = portal.logoutResponse(redirected.toString());
            assertThat(answer.isValid(logout.id()))
                    .as(String.valueOf(answer.getError()))
                    .isTrue();

            // signed out: the next request from the portal needs the password again
            assertThat(browser.open(portal.authnRequest(false, false, null).url())
                            .getUrl()
                            .getPath())
                    .isEqualTo("/login");
            // and the same LogoutRequest cannot be played again
            assertThat(browser.client().getPage(post).getWebResponse().getStatusCode())
                    .isEqualTo(400);
        }
    }

    @Test
    void theFullIdNumberIsReleasedOnlyAfterTheCitizensConsentAskedOncePerSp() throws Exception {
        TestSamlServiceProvider sp =
                new TestSamlServiceProvider("http://127.0.0.1:8087/interop-idn", metadata(), false, true);
        TestSamlServiceProvider other =
                new TestSamlServiceProvider("http://127.0.0.1:8088/interop-idn-2", metadata(), false, true);
        for (TestSamlServiceProvider each : List.of(sp, other)) {
            this.serviceProviders.save(new ServiceProvider(
                    each == sp ? "interop-idn" : "interop-idn-2",
                    each.entityId,
                    "人社部门户",
                    "Ministry portal",
                    List.of(new SamlEndpoint(SamlNames.BINDING_POST, each.acs, null, 0, true)),
                    List.of(),
                    List.of(each.certificate),
                    List.of(),
                    true,
                    true,
                    true,
                    false,
                    SamlNames.NAMEID_PERSISTENT,
                    Set.of("id_number", "id_number_masked", "loa"),
                    true,
                    null,
                    true,
                    Instant.now()));
        }
        Account account = TestAccounts.create(this.accounts);
        String number = randomIdNumber();
        this.realNames.recordIdentity(
                account.id(),
                new VerifiedIdentity("resident-id", number, "测试用户"),
                new AssuranceEvidence(AssuranceLevel.L2, "name-number", "sandbox", "tx-saml", null, Instant.now()));
        try (Browser browser = new Browser()) {
            TestSamlServiceProvider.Redirect first = sp.authnRequest(false, false, null);
            HtmlPage consent = (HtmlPage)
                    browser.signIn((HtmlPage) browser.open(first.url()), account.username(), TestAccounts.PASSWORD);
            assertThat(consent.getUrl().getPath()).isEqualTo("/saml2/idp/consent");
            assertThat(consent.asNormalizedText()).contains("人社部门户").doesNotContain(number);
            HtmlPage posted = consent.getHtmlElementById("allow").click();
            SamlResponse response =
                    sp.consume(TestSamlServiceProvider.posted(posted).message());
            assertThat(response.isValid(first.id()))
                    .as(String.valueOf(response.getError()))
                    .isTrue();
            assertThat(response.getAttributes().get("id_number")).containsExactly(number);

            // asked once: the next sign-on at this SP carries it without a page
            TestSamlServiceProvider.Redirect again = sp.authnRequest(false, false, null);
            SamlResponse second = sp.consume(TestSamlServiceProvider.posted((HtmlPage) browser.open(again.url()))
                    .message());
            assertThat(second.isValid(again.id())).isTrue();
            assertThat(second.getAttributes().get("id_number")).containsExactly(number);

            // another SP asks anew; declining still signs in, with the masked number only
            TestSamlServiceProvider.Redirect elsewhere = other.authnRequest(false, false, null);
            HtmlPage asked = (HtmlPage) browser.open(elsewhere.url());
            SamlResponse declined = other.consume(TestSamlServiceProvider.posted(
                            asked.getHtmlElementById("deny").click())
                    .message());
            assertThat(declined.isValid(elsewhere.id())).isTrue();
            assertThat(declined.getAttributes()).doesNotContainKey("id_number");
            assertThat(declined.getAttributes().get("id_number_masked"))
                    .hasSize(1)
                    .allSatisfy((masked) -> assertThat(masked).contains("*").isNotEqualTo(number));

            // the citizen sees the consent in the account API and withdraws it; the SP then asks again
            OidcClient app =
                    new OidcClient(ISSUER, "test-account-app", "demo-secret", "http://127.0.0.1:8087/callback");
            OidcClient.Attempt attempt = app.authorizationRequest("openid yiwang.account", (b) -> {});
            browser.open(attempt.uri().toString());
            String token = ((com.nimbusds.openid.connect.sdk.OIDCTokenResponse)
                            app.exchange(app.code(browser.lastClientRedirect(), attempt), attempt.verifier()))
                    .getOIDCTokens()
                    .getAccessToken()
                    .getValue();
            String listed = RawHttp.withBearer("GET", ISSUER + "/account/api/saml-consents", token)
                    .body();
            assertThat(listed)
                    .contains(sp.entityId)
                    .contains("\"attribute\":\"id_number\"")
                    .doesNotContain(other.entityId)
                    .doesNotContain(number);
            String withdraw = ISSUER + "/account/api/saml-consents?entityId="
                    + java.net.URLEncoder.encode(sp.entityId, StandardCharsets.UTF_8);
            assertThat(RawHttp.withBearer("DELETE", withdraw, token).statusCode())
                    .isEqualTo(204);
            assertThat(RawHttp.withBearer("DELETE", withdraw, token).statusCode())
                    .isEqualTo(404);
            assertThat(browser.open(sp.authnRequest(false, false, null).url())
                            .getUrl()
                            .getPath())
                    .isEqualTo("/saml2/idp/consent");
        }
        assertThat(this.jdbc
                        .sql("SELECT count(*) FROM audit_event WHERE event_type = 'claims.id-number-released' "
                                + "AND account_id = ?")
                        .param(account.id().toString())
                        .query(Integer.class)
                        .single())
                .isEqualTo(2);
    }

    private static String randomIdNumber() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        java.time.LocalDate birth = java.time.LocalDate.of(1950, 1, 1).plusDays(random.nextInt(50 * 365));
        String body = "110105" + birth.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE)
                + String.format("%03d", random.nextInt(1000));
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body.charAt(i) - '0') * weights[i];
        }
        return body + "10X98765432".charAt(sum % 11);
    }

    @Test
    void aSessionEndedByAnAdministratorReachesAnSpWithASoapLogoutEndpointServerToServer() throws Exception {
        java.util.concurrent.CompletableFuture<String> received = new java.util.concurrent.CompletableFuture<>();
        com.sun.net.httpserver.HttpServer soapEndpoint =
                com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        soapEndpoint.createContext("/soap", (exchange) -> {
            received.complete(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = ("<soap11:Envelope xmlns:soap11=\"" + SamlNames.SOAP11_NS + "\"><soap11:Body>"
                            + "<samlp:LogoutResponse xmlns:samlp=\"" + SamlNames.PROTOCOL_NS + "\" ID=\"_answer\" "
                            + "Version=\"2.0\" IssueInstant=\"2026-01-01T00:00:00Z\"><samlp:Status><samlp:StatusCode Value=\""
                            + SamlNames.STATUS_SUCCESS + "\"/></samlp:Status></samlp:LogoutResponse></soap11:Body>"
                            + "</soap11:Envelope>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        soapEndpoint.start();
        try {
            TestSamlServiceProvider sp =
                    new TestSamlServiceProvider("http://127.0.0.1:8089/interop-soap", metadata(), false, true);
            this.serviceProviders.save(new ServiceProvider(
                    "interop-soap",
                    sp.entityId,
                    "社保门户",
                    "Social security",
                    List.of(new SamlEndpoint(SamlNames.BINDING_POST, sp.acs, null, 0, true)),
                    List.of(new SamlEndpoint(
                            SamlNames.BINDING_SOAP,
                            "http://127.0.0.1:" + soapEndpoint.getAddress().getPort() + "/soap",
                            null,
                            -1,
                            false)),
                    List.of(sp.certificate),
                    List.of(),
                    true,
                    true,
                    true,
                    false,
                    SamlNames.NAMEID_PERSISTENT,
                    Set.of("loa"),
                    false,
                    null,
                    true,
                    Instant.now()));
            Account account = TestAccounts.create(this.accounts);
            SamlResponse signedIn;
            try (Browser browser = new Browser()) {
                signedIn = signIn(browser, sp, account);
            }
            String admin = tools.jackson.databind.json.JsonMapper.builder()
                    .build()
                    .readTree(RawHttp.postForm(
                                    ISSUER + "/oauth2/token",
                                    RawHttp.basic("test-admin", "demo-secret"),
                                    "grant_type",
                                    "client_credentials",
                                    "scope",
                                    "yiwang.admin")
                            .body())
                    .get("access_token")
                    .asString();
            String sessions = ISSUER + "/admin/api/accounts/" + account.id() + "/sessions";
            String sid = tools.jackson.databind.json.JsonMapper.builder()
                    .build()
                    .readTree(RawHttp.withBearer("GET", sessions, admin).body())
                    .get(0)
                    .get("sid")
                    .asString();
            assertThat(RawHttp.withBearer("GET", sessions, admin).body()).contains("saml:interop-soap");
            assertThat(RawHttp.withBearer("DELETE", sessions + "/" + sid, admin).statusCode())
                    .isEqualTo(204);

            org.w3c.dom.Element envelope = SecureXml.parse(received.get(20, java.util.concurrent.TimeUnit.SECONDS)
                            .getBytes(StandardCharsets.UTF_8))
                    .getDocumentElement();
            org.w3c.dom.Element request = cn.yiwang.id.saml.SamlXml.child(envelope, SamlNames.SOAP11_NS, "Body")
                    .flatMap((body) -> cn.yiwang.id.saml.SamlXml.child(body, SamlNames.PROTOCOL_NS, "LogoutRequest"))
                    .orElseThrow();
            assertThat(XmlSignatures.verify(
                            request,
                            MetadataReader.read(metadata(), MetadataRole.IDP).signingCertificates()))
                    .isTrue();
            assertThat(cn.yiwang.id.saml.SamlXml.childText(request, SamlNames.ASSERTION_NS, "NameID"))
                    .contains(signedIn.getNameId());
            assertThat(cn.yiwang.id.saml.SamlXml.childText(request, SamlNames.PROTOCOL_NS, "SessionIndex"))
                    .contains(signedIn.getSessionIndex());
            // the SP's answer is read and the delivery audited
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
            List<String> outcomes = List.of();
            while (System.nanoTime() < deadline && outcomes.isEmpty()) {
                outcomes = this.jdbc
                        .sql("SELECT outcome FROM audit_event WHERE event_type = 'saml.slo.backchannel' "
                                + "AND session_id = ?")
                        .param(sid)
                        .query(String.class)
                        .list();
                Thread.sleep(100);
            }
            assertThat(outcomes).containsExactly("success");
        } finally {
            soapEndpoint.stop(0);
        }
    }

    /** A sign-in at the SP with the password, its response validated by java-saml. */
    private static SamlResponse signIn(Browser browser, TestSamlServiceProvider sp, Account account) throws Exception {
        TestSamlServiceProvider.Redirect request = sp.authnRequest(false, false, null);
        HtmlPage posted = (HtmlPage)
                browser.signIn((HtmlPage) browser.open(request.url()), account.username(), TestAccounts.PASSWORD);
        SamlResponse response =
                sp.consume(TestSamlServiceProvider.posted(posted).message());
        assertThat(response.isValid(request.id()))
                .as(String.valueOf(response.getError()))
                .isTrue();
        return response;
    }

    private static WebRequest post(org.w3c.dom.Document xml) throws Exception {
        WebRequest post = new WebRequest(new URL(ISSUER + "/saml2/idp/sso"), HttpMethod.POST);
        post.setRequestParameters(List.of(
                new NameValuePair("SAMLRequest", Base64.getEncoder().encodeToString(SecureXml.toBytes(xml))),
                new NameValuePair("RelayState", "p")));
        return post;
    }

    /** An evil AuthnRequest (another ACS) carrying the good one, and its signature, inside. */
    private static org.w3c.dom.Document wrapped(TestSamlServiceProvider sp) throws Exception {
        org.w3c.dom.Document good =
                SecureXml.parse(sp.authnRequest(false, false, null).xml().getBytes(StandardCharsets.UTF_8));
        XmlSignatures.sign(good.getDocumentElement(), sp.keys.getPrivate(), sp.certificate);
        String evilXml = SecureXml.toString(good)
                .replaceFirst("ID=\"[^\"]+\"", "ID=\"_evil\"")
                .replace(sp.acs, "http://127.0.0.1:8084/steal");
        org.w3c.dom.Document evil = SecureXml.parse(evilXml.getBytes(StandardCharsets.UTF_8));
        org.w3c.dom.Element extensions = evil.createElementNS(SamlNames.PROTOCOL_NS, "samlp:Extensions");
        extensions.appendChild(evil.importNode(good.getDocumentElement(), true));
        org.w3c.dom.Element root = evil.getDocumentElement();
        root.insertBefore(
                extensions,
                cn.yiwang.id.saml.SamlXml.child(root, SamlNames.PROTOCOL_NS, "NameIDPolicy")
                        .orElse(null));
        return evil;
    }

    private static void assertRefused(Page page) {
        assertThat(page.getWebResponse().getStatusCode()).isEqualTo(400);
        assertThat(page.getWebResponse().getContentAsString())
                .doesNotContain("SAMLResponse")
                .doesNotContain("Exception");
    }
}
