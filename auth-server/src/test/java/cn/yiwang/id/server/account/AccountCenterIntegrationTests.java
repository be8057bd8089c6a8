package cn.yiwang.id.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.account.NewAccount;
import cn.yiwang.id.account.consent.RegistrationConsents;
import cn.yiwang.id.account.deletion.AccountDeletion;
import cn.yiwang.id.account.deletion.PersonalDataEraser;
import cn.yiwang.id.account.realname.AssuranceEvidence;
import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.account.realname.RealNameRegistry;
import cn.yiwang.id.account.realname.VerifiedIdentity;
import cn.yiwang.id.account.totp.Base32;
import cn.yiwang.id.account.totp.Totp;
import cn.yiwang.id.account.totp.TotpEnrolment;
import cn.yiwang.id.account.totp.TotpService;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.session.SsoSessionRecord;
import cn.yiwang.id.server.session.SsoSessionStore;
import cn.yiwang.id.server.test.Browser;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.LogoutReceiver;
import cn.yiwang.id.server.test.OidcClient;
import cn.yiwang.id.server.test.RecordingSmsSender;
import cn.yiwang.id.server.test.TestPeople;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.htmlunit.html.HtmlCheckBoxInput;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The account center's rules on the running server (real PostgreSQL and Redis): what the export holds,
 * what a reset ends, what a withdrawn consent kills, the second step of signing in, and the erasure
 * after the cooling-off period (clock moved), with every relying party told.
 */
class AccountCenterIntegrationTests extends IntegrationTestSupport {

    private static final String PASSWORD = "Account-Center-2026!";

    private static LogoutReceiver relyingParty;

    @Autowired
    AccountRepository accounts;

    @Autowired
    RealNameRegistry realNames;

    @Autowired
    RegistrationConsents consents;

    @Autowired
    AccountExport export;

    @Autowired
    AppAuthorizations appAuthorizations;

    @Autowired
    SsoSessionStore sessions;

    @Autowired
    TotpService totp;

    @Autowired
    AuditLog audit;

    @Autowired
    RecordingSmsSender phones;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    List<PersonalDataEraser> erasers;

    @Autowired
    JsonMapper json;

    @BeforeAll
    static void startRelyingParty() throws Exception {
        relyingParty = new LogoutReceiver(18187);
    }

    @AfterAll
    static void stopRelyingParty() {
        relyingParty.close();
    }

    @Test
    void exportWhenTwoCitizensThenTheFileHoldsAllOfOnesDataAndNothingOfTheOther() {
        Citizen mine = verifiedCitizen();
        Citizen theirs = verifiedCitizen();
        while (theirs.person().name().equals(mine.person().name())) {
            // synthetic names come from a small set: the check below needs two different ones
            theirs = verifiedCitizen();
        }
        this.consents.recordAcceptance(mine.id());
        this.consents.recordAcceptance(theirs.id());
        audit(theirs.id(), "login");
        audit(mine.id(), "login");

        String file = this.export.export(mine.id());
        JsonNode root = this.json.readTree(file);

        assertThat(root.get("account").get("id").asString()).isEqualTo(mine.id().toString());
        assertThat(root.get("account").get("phoneNumber").asString()).isEqualTo(mine.phone());
        assertThat(root.get("assurance").get("identity").get("documentNumber").asString())
                .isEqualTo(mine.person().number());
        assertThat(root.get("assurance").get("identity").get("realName").asString())
                .isEqualTo(mine.person().name());
        assertThat(root.get("registrationConsents")).hasSize(2);
        assertThat(root.get("auditTrail")).isNotEmpty();
        assertThat(file)
                .doesNotContain(theirs.id().toString())
                .doesNotContain(theirs.phone())
                .doesNotContain(theirs.person().number())
                .doesNotContain(theirs.person().name());
    }

    @Test
    void passwordResetWhenDoneThenEverySessionOfTheAccountEndsAndItIsAudited() throws Exception {
        String phone = TestPeople.phone();
        Account account = this.accounts.create(new NewAccount(null, phone, PASSWORD));
        try (Browser first = new Browser();
                Browser second = new Browser();
                Browser resetting = new Browser()) {
            first.signIn((HtmlPage) first.open(ISSUER + "/login"), phone, PASSWORD);
            second.signIn((HtmlPage) second.open(ISSUER + "/login"), phone, PASSWORD);
            assertThat(this.sessions.listForAccount(account.id().toString())).hasSize(2);

            HtmlPage start = (HtmlPage) resetting.open(ISSUER + "/login/forgot");
            HtmlPage codePage = submit(start, Map.of("phone", phone));
            HtmlPage resetPage = submit(codePage, Map.of("code", this.phones.lastCodeFor(phone)));
            // an L1 account is not asked for an ID number
            assertThat(resetPage.getElementById("idLast4")).isNull();
            HtmlPage mismatch = submit(resetPage, Map.of("newPassword", "New-Secret-2027!", "newPasswordConfirm", "x"));
            assertThat(mismatch.getElementById("newPasswordConfirm-error")).isNotNull();
            assertThat(this.sessions.listForAccount(account.id().toString())).hasSize(2);
            HtmlPage done = submit(
                    mismatch, Map.of("newPassword", "New-Secret-2027!", "newPasswordConfirm", "New-Secret-2027!"));
            assertThat(done.getElementById("reset-done")).isNotNull();
        }
        assertThat(this.sessions.listForAccount(account.id().toString())).isEmpty();
        assertThat(this.audit.forAccount(account.id().toString(), 20)).anySatisfy((event) -> {
            assertThat(event.type()).isEqualTo("account.password.reset");
            assertThat(event.outcome()).isEqualTo("success");
            assertThat(event.detail()).isEqualTo("sessions ended 2");
        });
    }

    @Test
    void passwordResetWhenL2AndWrongLastFourThenRefusedAndThreeTriesEndIt() throws Exception {
        Citizen citizen = verifiedCitizen();
        try (Browser browser = new Browser()) {
            HtmlPage codePage =
                    submit((HtmlPage) browser.open(ISSUER + "/login/forgot"), Map.of("phone", citizen.phone()));
            HtmlPage resetPage = submit(codePage, Map.of("code", this.phones.lastCodeFor(citizen.phone())));
            assertThat(resetPage.getElementById("idLast4")).isNotNull();
            Map<String, String> wrong = Map.of(
                    "idLast4", "ABCD", "newPassword", "New-Secret-2027!", "newPasswordConfirm", "New-Secret-2027!");
            HtmlPage once = submit(resetPage, wrong);
            assertThat(once.getElementById("idLast4-error")).isNotNull();
            HtmlPage twice = submit(once, wrong);
            assertThat(twice.getElementById("idLast4-error")).isNotNull();
            HtmlPage dead = submit(twice, wrong);
            assertThat(dead.asNormalizedText()).contains("失效");
        }
        assertThat(this.accounts.findById(citizen.id()).orElseThrow().passwordChangedAt())
                .isEqualTo(this.accounts.findById(citizen.id()).orElseThrow().createdAt());
    }

    @Test
    void withdrawConsentWhenTheAppHoldsARefreshTokenThenItDiesAndTheAppAsksAgain() throws Exception {
        String phone = TestPeople.phone();
        Account account = this.accounts.create(new NewAccount(null, phone, PASSWORD));
        OidcClient app = new OidcClient(ISSUER, "test-consent-app", "demo-secret", "http://127.0.0.1:8089/callback");
        try (Browser browser = new Browser()) {
            OidcClient.Attempt attempt = app.authorizationRequest("openid profile", (b) -> {});
            HtmlPage consent = (HtmlPage)
                    browser.signIn((HtmlPage) browser.open(attempt.uri().toString()), phone, PASSWORD);
            assertThat(consent.getUrl().getPath()).isEqualTo("/oauth2/consent");
            consent.getForms()
                    .get(0)
                    .getOneHtmlElementByAttribute("button", "type", "submit")
                    .click();
            TokenResponse tokens = app.exchange(app.code(browser.lastClientRedirect(), attempt), attempt.verifier());
            RefreshToken refresh = ((OIDCTokenResponse) tokens.toSuccessResponse())
                    .getOIDCTokens()
                    .getRefreshToken();
            assertThat(refresh).isNotNull();
            assertThat(this.appAuthorizations.oidc(account.id().toString()))
                    .singleElement()
                    .satisfies((grant) -> {
                        assertThat(grant.clientId()).isEqualTo("test-consent-app");
                        assertThat(grant.scopes()).contains("openid", "profile");
                        assertThat(grant.grantedAt()).isNotNull();
                    });

            // the refresh token works (and rotates) until the consent is withdrawn
            TokenResponse before = refresh(app, refresh);
            assertThat(before.indicatesSuccess()).isTrue();
            refresh = before.toSuccessResponse().getTokens().getRefreshToken();

            assertThat(this.appAuthorizations.withdrawOidc(account.id().toString(), "test-consent-app"))
                    .isTrue();

            TokenResponse refreshed = refresh(app, refresh);
            assertThat(refreshed.indicatesSuccess()).isFalse();
            assertThat(((TokenErrorResponse) refreshed).getErrorObject().getCode())
                    .isEqualTo("invalid_grant");
            HtmlPage again = (HtmlPage) browser.open(
                    app.authorizationRequest("openid profile", (b) -> {}).uri().toString());
            assertThat(again.getUrl().getPath()).isEqualTo("/oauth2/consent");
        }
        assertThat(this.appAuthorizations.withdrawOidc(account.id().toString(), "test-consent-app"))
                .isFalse();
    }

    @Test
    void signInWhenAuthenticatorOnThenPasswordAloneMakesNoSessionAndTheCodeAddsOtp() throws Exception {
        String phone = TestPeople.phone();
        Account account = this.accounts.create(new NewAccount(null, phone, PASSWORD));
        TotpEnrolment enrolment = this.totp.begin(account.id(), "test");
        this.totp.confirm(account.id(), code(enrolment, 0)).orElseThrow();
        try (Browser browser = new Browser()) {
            HtmlPage second = (HtmlPage) browser.signIn((HtmlPage) browser.open(ISSUER + "/login"), phone, PASSWORD);
            assertThat(second.getUrl().getPath()).isEqualTo("/login/second-factor");
            assertThat(this.sessions.listForAccount(account.id().toString())).isEmpty();
            // the account center is still closed
            assertThat(((HtmlPage) browser.open(ISSUER + "/account")).getUrl().getPath())
                    .isEqualTo("/login");

            HtmlPage back = (HtmlPage) browser.open(ISSUER + "/login/second-factor");
            HtmlPage signedIn = submit(back, Map.of("code", code(enrolment, 1)));
            assertThat(signedIn.getUrl().getPath()).isEqualTo("/account");
        }
        List<SsoSessionRecord> live = this.sessions.listForAccount(account.id().toString());
        assertThat(live).singleElement().satisfies((record) -> {
            assertThat(record.session().amr()).containsExactly("pwd", "otp", "mfa");
            assertThat(record.session().acr()).isEqualTo("urn:yiwang:loa:1");
        });
    }

    @Test
    void signInWhenDeletionPendingThenCancelled() throws Exception {
        String phone = TestPeople.phone();
        Account account = this.accounts.create(new NewAccount(null, phone, PASSWORD));
        AccountDeletion deletion = deletionAt(Instant.now());
        deletion.request(account.id());
        try (Browser browser = new Browser()) {
            browser.signIn((HtmlPage) browser.open(ISSUER + "/login"), phone, PASSWORD);
        }
        assertThat(deletion.pendingUntil(account.id())).isEmpty();
        assertThat(this.audit.forAccount(account.id().toString(), 10))
                .extracting(AuditEvent::type)
                .contains("account.deletion.cancelled");
    }

    @Test
    void erasureWhenCoolingOffOverThenPersonalDataGoneEveryAppToldAndOnlyPseudonymousRecordsKept() throws Exception {
        Citizen citizen = verifiedCitizen();
        this.consents.recordAcceptance(citizen.id());
        OidcClient app = new OidcClient(ISSUER, "test-consent-app", "demo-secret", "http://127.0.0.1:8089/callback");
        try (Browser browser = new Browser()) {
            OidcClient.Attempt attempt = app.authorizationRequest("openid profile", (b) -> {});
            HtmlPage consent = (HtmlPage)
                    browser.signIn((HtmlPage) browser.open(attempt.uri().toString()), citizen.phone(), PASSWORD);
            consent.getForms()
                    .get(0)
                    .getOneHtmlElementByAttribute("button", "type", "submit")
                    .click();
            assertThat(browser.lastClientRedirect()).isNotNull();
            // the citizen signs out: no live session is left to carry the news at erasure time
            HtmlPage account = (HtmlPage) browser.open(ISSUER + "/account");
            account.getElementById("sign-out").click();
        }
        assertThat(this.sessions.listForAccount(citizen.id().toString())).isEmpty();
        Instant now = Instant.now();
        deletionAt(now).request(citizen.id());

        // a day before the end of the cooling-off period, the job leaves the account alone
        new AccountErasureJob(deletionAt(now.plus(Duration.ofDays(14)))).run();
        assertThat(this.accounts.findById(citizen.id())).isPresent();

        AccountDeletion later = deletionAt(now.plus(Duration.ofDays(15)).plusSeconds(1));
        new AccountErasureJob(later).run();

        assertThat(this.accounts.findById(citizen.id())).isEmpty();
        assertThat(this.accounts.findByLoginName(citizen.phone())).isEmpty();
        assertThat(this.realNames.identityOf(citizen.id())).isEmpty();
        assertThat(this.realNames.accountWithNumber(citizen.person().number())).isEmpty();
        assertThat(later.isErased(citizen.id())).isTrue();
        String token = relyingParty.await(
                (t) -> citizen.id().toString().equals(subject(t)) && sid(t) == null, Duration.ofSeconds(10));
        assertThat(token)
                .as("a sub-only logout token to the app the citizen used")
                .isNotNull();
        // what is kept names the account by its random id only
        List<AuditEvent> trail = this.audit.forAccount(citizen.id().toString(), 100);
        assertThat(trail).extracting(AuditEvent::type).contains("account.erased", "login");
        assertThat(trail.toString())
                .doesNotContain(citizen.phone())
                .doesNotContain(citizen.person().number())
                .doesNotContain(citizen.person().name());
        assertThat(this.consents.forAccount(citizen.id())).hasSize(2);
    }

    @Test
    void facePhotoWhenTooLargeOrNotAJpegThenPlainWordsOnThePageAndNoError() throws Exception {
        Citizen citizen = verifiedCitizen();
        try (Browser browser = new Browser()) {
            browser.signIn((HtmlPage) browser.open(ISSUER + "/login"), citizen.phone(), PASSWORD);
            HtmlPage face = (HtmlPage) browser.open(ISSUER + "/stepup?level=L3");
            assertThat(face.getElementById("photo")).isNotNull();

            HtmlPage tooLarge = upload(face, new byte[3 * 1024 * 1024]);
            assertThat(tooLarge.getWebResponse().getStatusCode()).isEqualTo(200);
            assertThat(tooLarge.asNormalizedText()).contains("2 MB");
            assertThat(tooLarge.getElementById("photo")).isNotNull();

            HtmlPage notJpeg =
                    upload(tooLarge, "GIF89a not a photo".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertThat(notJpeg.getWebResponse().getStatusCode()).isEqualTo(200);
            assertThat(notJpeg.asNormalizedText()).contains("JPEG");
        }
        assertThat(this.realNames.level(citizen.id())).isEqualTo(AssuranceLevel.L2);
    }

    @Test
    void securityPageWhenPasswordAndPhoneChangedThenOtherSessionsEndAndTheNewNumberSignsIn() throws Exception {
        String phone = TestPeople.phone();
        String newPhone = TestPeople.phone();
        Account account = this.accounts.create(new NewAccount(null, phone, PASSWORD));
        try (Browser other = new Browser();
                Browser browser = new Browser()) {
            other.signIn((HtmlPage) other.open(ISSUER + "/login"), phone, PASSWORD);
            browser.signIn((HtmlPage) browser.open(ISSUER + "/login"), phone, PASSWORD);
            HtmlPage security = (HtmlPage) browser.open(ISSUER + "/account/security");

            // a wrong current password changes nothing and is said next to its field
            HtmlPage wrong = submitWith(
                    "change-password",
                    security,
                    Map.of(
                            "currentPassword", "not-the-password",
                            "newPassword", "Changed-Secret-2027!",
                            "newPasswordConfirm", "Changed-Secret-2027!"));
            assertThat(wrong.getElementById("currentPassword-error")).isNotNull();
            assertThat(this.sessions.listForAccount(account.id().toString())).hasSize(2);

            HtmlPage changed = submitWith(
                    "change-password",
                    wrong,
                    Map.of(
                            "currentPassword", PASSWORD,
                            "newPassword", "Changed-Secret-2027!",
                            "newPasswordConfirm", "Changed-Secret-2027!"));
            assertThat(changed.getUrl().getQuery()).isEqualTo("done=password");
            // the other browser is signed out; this one stays
            assertThat(this.sessions.listForAccount(account.id().toString())).hasSize(1);
            assertThat(((HtmlPage) other.open(ISSUER + "/account")).getUrl().getPath())
                    .isEqualTo("/login");

            // the mobile number: a code to the old number and one to the new
            HtmlPage oldSent = clickButton(changed, "/account/security/phone/old-code");
            String oldCode = this.phones.lastCodeFor(phone);
            HtmlForm phoneForm = (HtmlForm) oldSent.getElementById("phone-form");
            phoneForm.getInputByName("newPhone").setValue(newPhone);
            HtmlPage newSent = clickButton(oldSent, "/account/security/phone/new-code", "newPhone", newPhone);
            String newCode = this.phones.lastCodeFor(newPhone);
            HtmlForm form = (HtmlForm) newSent.getElementById("phone-form");
            form.getInputByName("oldCode").setValue(oldCode);
            form.getInputByName("newPhone").setValue(newPhone);
            form.getInputByName("newCode").setValue(newCode);
            HtmlPage done = ((HtmlPage) newSent.getElementById("change-phone").click());
            assertThat(done.getUrl().getQuery()).isEqualTo("done=phone");
        }
        assertThat(this.accounts.findByLoginName(newPhone)).map(Account::id).contains(account.id());
        assertThat(this.accounts.findByLoginName(phone)).isEmpty();
        assertThat(this.audit.forAccount(account.id().toString(), 20))
                .extracting(AuditEvent::type)
                .contains("account.password.changed", "account.phone.changed");
    }

    // ---------- helpers ----------

    /** Fills the fields and clicks the button with this id (forms with several submit buttons). */
    private static HtmlPage submitWith(String buttonId, HtmlPage page, Map<String, String> fields) throws Exception {
        HtmlForm form = page.getForms().stream()
                .filter((f) -> fields.keySet().stream()
                        .allMatch((name) -> !f.getInputsByName(name).isEmpty()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No form with " + fields.keySet() + " on " + page.getUrl()));
        fields.forEach((name, value) -> form.getInputByName(name).setValue(value));
        return (HtmlPage) page.getElementById(buttonId).click();
    }

    /** Clicks the submit button of the security page whose formaction ends with the path. */
    private static HtmlPage clickButton(HtmlPage page, String formAction, String... fields) throws Exception {
        HtmlForm form = (HtmlForm) page.getElementById("phone-form");
        for (int i = 0; i + 1 < fields.length; i += 2) {
            form.getInputByName(fields[i]).setValue(fields[i + 1]);
        }
        return page.getByXPath("//button[@formaction]").stream()
                .map(org.htmlunit.html.HtmlButton.class::cast)
                .filter((b) -> b.getAttribute("formaction").endsWith(formAction))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No button for " + formAction))
                .click();
    }

    private static HtmlPage upload(HtmlPage page, byte[] photo) throws Exception {
        HtmlForm form = page.getForms().stream()
                .filter((f) -> !f.getInputsByName("photo").isEmpty())
                .findFirst()
                .orElseThrow(() -> new AssertionError("No face form on " + page.getUrl()));
        org.htmlunit.html.HtmlFileInput file = (org.htmlunit.html.HtmlFileInput) form.getInputByName("photo");
        file.setValue("face.jpg");
        file.setContentType("image/jpeg");
        file.setData(photo);
        return (HtmlPage)
                form.getOneHtmlElementByAttribute("button", "type", "submit").click();
    }

    private record Citizen(UUID id, String phone, TestPeople.Person person) {}

    private Citizen verifiedCitizen() {
        String phone = TestPeople.phone();
        Account account = this.accounts.create(new NewAccount(null, phone, PASSWORD));
        TestPeople.Person person = TestPeople.known();
        this.realNames.recordIdentity(
                account.id(),
                new VerifiedIdentity("resident-id", person.number(), person.name()),
                new AssuranceEvidence(AssuranceLevel.L2, "realname", "test", "ref", null, Instant.now()));
        return new Citizen(account.id(), phone, person);
    }

    private void audit(UUID accountId, String type) {
        this.audit.record(new AuditEvent(
                Instant.now(), type, "user", accountId.toString(), null, null, "success", "amr pwd; ip 10.0.0.*"));
    }

    private AccountDeletion deletionAt(Instant instant) {
        return new AccountDeletion(
                this.jdbc, this.transactions, () -> this.erasers, Clock.fixed(instant, ZoneOffset.UTC));
    }

    private static String code(TotpEnrolment enrolment, int stepsAhead) {
        return Totp.code(Base32.decode(enrolment.secret()), Totp.step(Instant.now()) + stepsAhead);
    }

    private static TokenResponse refresh(OidcClient app, RefreshToken token) throws Exception {
        return OIDCTokenResponseParser.parse(new TokenRequest(
                        app.provider().getTokenEndpointURI(), app.clientAuthentication(), new RefreshTokenGrant(token))
                .toHTTPRequest()
                .send());
    }

    private static String subject(String token) {
        try {
            return SignedJWT.parse(token).getJWTClaimsSet().getSubject();
        } catch (java.text.ParseException ex) {
            return null;
        }
    }

    private static String sid(String token) {
        try {
            JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
            return claims.getStringClaim("sid");
        } catch (java.text.ParseException ex) {
            return "unreadable";
        }
    }

    private static HtmlPage submit(HtmlPage page, Map<String, String> fields) throws Exception {
        HtmlForm form = page.getForms().stream()
                .filter((f) -> fields.keySet().stream()
                        .allMatch((name) -> !f.getInputsByName(name).isEmpty()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        "No form with " + fields.keySet() + " on " + page.getUrl() + ":\n" + page.asNormalizedText()));
        fields.forEach((name, value) -> {
            if (form.getInputByName(name) instanceof HtmlCheckBoxInput box) {
                box.setChecked(true);
            } else {
                form.getInputByName(name).setValue(value);
            }
        });
        return (HtmlPage)
                form.getOneHtmlElementByAttribute("button", "type", "submit").click();
    }
}
