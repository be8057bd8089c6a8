package cn.yiwang.id.server.realname;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.account.realname.RealNameRegistry;
import cn.yiwang.id.server.test.Browser;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.OidcClient;
import cn.yiwang.id.server.test.RecordingSmsSender;
import cn.yiwang.id.server.test.StubRealNameService;
import cn.yiwang.id.server.test.TestAccounts;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.Prompt;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.ACR;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlCheckBoxInput;
import org.htmlunit.html.HtmlFileInput;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Real-name accounts end to end through the real pages: register with an SMS-proved phone, verify
 * name and ID number with a stub authoritative service (a real HTTP server speaking the documented
 * contract), step up to a face match, and the {@code acr} relying parties receive.
 */
@ExtendWith(OutputCaptureExtension.class)
class RealNameIntegrationTests extends IntegrationTestSupport {

    private static final String L2 = "urn:yiwang:loa:2";
    private static final String L3 = "urn:yiwang:loa:3";
    private static final String L4 = "urn:yiwang:loa:4";

    @Autowired
    RecordingSmsSender phones;

    @Autowired
    AccountRepository accounts;

    @Autowired
    RealNameRegistry realNames;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StringRedisTemplate redis;

    /** A citizen the authoritative service knows. */
    private record Person(String name, String number) {}

    @Test
    void registerThenVerifyThenStepUpWhenClientsAskForL2AndL3ThenAcrFollowsAndNothingIsInPlaintext(
            CapturedOutput output) throws Exception {
        String phone = phone();
        Person person = knownPerson();
        OidcClient portal = new OidcClient(ISSUER, "test-l2", "demo-secret", "http://127.0.0.1:8088/callback");
        try (Browser browser = new Browser()) {
            // The ministry portal requires L2: the visitor has no account yet and registers.
            OidcClient.Attempt attempt = portal.authorizationRequest("openid profile phone realname", (b) -> {});
            HtmlPage login = (HtmlPage) browser.open(attempt.uri().toString());
            HtmlPage register = login.getAnchorByHref("/register").click();
            HtmlPage codePage = submit(register, Map.of("phone", phone));
            assertThat(codePage.asNormalizedText()).contains("验证码已发送");
            String code = this.phones.lastCodeFor(phone);
            assertThat(code).hasSize(6);

            HtmlPage wrongCode = submit(codePage, registration(otherThan(code)));
            assertThat(wrongCode.asNormalizedText()).contains("验证码不正确");
            HtmlPage stepUp = submit(wrongCode, registration(code));
            assertThat(stepUp.getUrl().getPath()).isEqualTo("/stepup");
            assertThat(stepUp.asNormalizedText()).contains("实名核验");

            // A malformed number is explained and never reaches the authoritative service.
            int requestsBefore = REAL_NAME_SERVICE.requests();
            HtmlPage badNumber = submit(
                    stepUp,
                    Map.of(
                            "realName",
                            person.name(),
                            "documentNumber",
                            person.number().substring(0, 17) + wrongCheck(person.number())));
            assertThat(badNumber.asNormalizedText()).contains("校验");
            assertThat(REAL_NAME_SERVICE.requests()).isEqualTo(requestsBefore);
            HtmlPage mismatch = submit(badNumber, Map.of("realName", "张冒名", "documentNumber", person.number()));
            assertThat(mismatch.asNormalizedText()).contains("核验不一致");

            submit(mismatch, Map.of("realName", person.name(), "documentNumber", person.number()));

            IDTokenClaimsSet l2 = tokens(portal, browser, attempt);
            assertThat(l2.getACR()).isEqualTo(new ACR(L2));
            UUID accountId = UUID.fromString(l2.getSubject().getValue());
            assertThat(this.realNames.level(accountId)).isEqualTo(AssuranceLevel.L2);

            // A portal asking for L3 takes the citizen through the face match.
            OidcClient.Attempt l3Attempt =
                    portal.authorizationRequest("openid", (b) -> b.acrValues(List.of(new ACR(L3))));
            HtmlPage face = (HtmlPage) browser.open(l3Attempt.uri().toString());
            assertThat(face.getUrl().getPath()).isEqualTo("/stepup");
            assertThat(face.asNormalizedText()).contains("实人核验");
            HtmlPage notSame = upload(face, jpeg(StubRealNameService.FACE_MISMATCH));
            assertThat(notSame.asNormalizedText()).contains("比对未通过");
            upload(notSame, jpeg("the same person"));
            IDTokenClaimsSet l3 = tokens(portal, browser, l3Attempt);
            assertThat(l3.getACR()).isEqualTo(new ACR(L3));
            assertThat(l3.getAMR()).extracting(Object::toString).contains("face");
            assertThat(l3.getAuthenticationTime()).isAfterOrEqualTo(l2.getAuthenticationTime());

            // L4 needs a service counter: a silent request is refused with the OIDC error.
            OidcClient.Attempt silent = portal.authorizationRequest(
                    "openid", (b) -> b.prompt(new Prompt("none")).acrValues(List.of(new ACR(L4))));
            browser.open(silent.uri().toString());
            AuthorizationResponse refused =
                    AuthorizationResponse.parse(browser.lastClientRedirect().toURI());
            assertThat(((AuthorizationErrorResponse) refused).getErrorObject().getCode())
                    .isEqualTo("unmet_authentication_requirements");
            assertThat(refused.getState()).isEqualTo(silent.state());

            // Claims by scope: profile, phone, realname (masked number, no full number for this client).
            UserInfoResponse userInfo = UserInfoResponse.parse(new UserInfoRequest(
                            portal.provider().getUserInfoEndpointURI(),
                            (com.nimbusds.oauth2.sdk.token.BearerAccessToken) l2Tokens.getAccessToken())
                    .toHTTPRequest()
                    .send());
            Map<String, Object> claims =
                    userInfo.toSuccessResponse().getUserInfo().toJSONObject();
            assertThat(claims)
                    .containsEntry("name", person.name())
                    .containsEntry("phone_number", "+86" + phone)
                    .containsEntry("phone_number_verified", true)
                    .containsEntry("id_document_type", "resident-id")
                    .containsEntry(
                            "id_number_masked",
                            person.number().substring(0, 4) + "**********"
                                    + person.number().substring(14))
                    .doesNotContainKey("id_number");

            assertNoPlaintext(accountId, phone, person, output);
        }
    }

    @Test
    void verifyWhenDocumentAlreadyBelongsToAnotherAccountThenRefusedWithSignInOffer() throws Exception {
        Person person = knownPerson();
        OidcClient portal = new OidcClient(ISSUER, "test-l2", "demo-secret", "http://127.0.0.1:8088/callback");
        try (Browser first = new Browser()) {
            Account owner = TestAccounts.create(this.accounts);
            OidcClient.Attempt attempt = portal.authorizationRequest("openid", (b) -> {});
            HtmlPage stepUp = (HtmlPage) first.signIn(
                    (HtmlPage) first.open(attempt.uri().toString()), owner.username(), TestAccounts.PASSWORD);
            submit(stepUp, Map.of("realName", person.name(), "documentNumber", person.number()));
            assertThat(this.realNames.level(owner.id())).isEqualTo(AssuranceLevel.L2);
        }
        try (Browser second = new Browser()) {
            Account other = TestAccounts.create(this.accounts);
            OidcClient.Attempt attempt = portal.authorizationRequest("openid", (b) -> {});
            HtmlPage stepUp = (HtmlPage) second.signIn(
                    (HtmlPage) second.open(attempt.uri().toString()), other.username(), TestAccounts.PASSWORD);
            HtmlPage refused = submit(stepUp, Map.of("realName", person.name(), "documentNumber", person.number()));

            assertThat(refused.asNormalizedText()).contains("已绑定其他一网 ID 账户").contains("登录");
            assertThat(this.realNames.level(other.id())).isEqualTo(AssuranceLevel.L1);
            assertThat(this.realNames.identityOf(other.id())).isEmpty();
            assertThat(second.clientRedirectCount()).isZero();
        }
    }

    @Test
    void smsLoginWhenCodeCorrectThenSignedInWithSmsAndWhenWrongThenGenericMessage() throws Exception {
        String phone = phone();
        this.accounts.create(new cn.yiwang.id.account.NewAccount(null, phone, "Correct-Horse-42!"));
        OidcClient web = new OidcClient(ISSUER, "demo-web", "demo-secret", "http://127.0.0.1:8081/callback");
        try (Browser browser = new Browser()) {
            OidcClient.Attempt attempt = web.authorizationRequest("openid", (b) -> {});
            HtmlPage login = (HtmlPage) browser.open(attempt.uri().toString());
            HtmlPage codePage = submit(login.getAnchorByHref("/login/sms").click(), Map.of("phone", phone));
            String code = this.phones.lastCodeFor(phone);
            HtmlPage wrong = submit(codePage, Map.of("code", otherThan(code)));
            assertThat(wrong.asNormalizedText()).contains("验证码不正确或已失效");
            submit(wrong, Map.of("code", code));

            IDTokenClaimsSet id = tokens(web, browser, attempt);
            assertThat(id.getAMR()).extracting(Object::toString).containsExactly("sms");
            assertThat(id.getACR()).isEqualTo(new ACR("urn:yiwang:loa:1"));
        }
        try (Browser stranger = new Browser()) {
            String unknown = phone();
            HtmlPage page = submit((HtmlPage) stranger.open(ISSUER + "/login/sms"), Map.of("phone", unknown));
            assertThat(page.asNormalizedText())
                    .as("an unregistered number is answered like a registered one")
                    .contains("验证码已发送");
            assertThat(this.phones.lastCodeFor(unknown))
                    .as("no SMS to a stranger's phone")
                    .isNull();
        }
    }

    /** The first tokens this test received (those of the L2 sign-in with profile, phone and realname). */
    private OIDCTokens l2Tokens;

    @Test
    void inPersonVerificationWhenOperatorRecordsItThenAccountIsL4AndAFaceMatchGivesAnL4Session() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        Account someoneElse = TestAccounts.create(this.accounts);
        Person person = knownPerson();
        String admin = adminToken();
        String url = ISSUER + "/admin/api/accounts/" + account.id() + "/in-person-verifications";

        java.net.http.HttpResponse<String> invalid =
                postJson(url, admin, person.name(), person.number().substring(0, 17) + wrongCheck(person.number()));
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body())
                .contains("bad-check-character")
                .doesNotContain(person.number().substring(4, 14));
        assertThat(postJson(url, null, person.name(), person.number()).statusCode())
                .isEqualTo(401);

        java.net.http.HttpResponse<String> recorded = postJson(url, admin, person.name(), person.number());
        assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(201);
        assertThat(recorded.body()).contains("\"level\":\"L4\"");
        assertThat(this.realNames.level(account.id())).isEqualTo(AssuranceLevel.L4);
        assertThat(postJson(
                                ISSUER + "/admin/api/accounts/" + someoneElse.id() + "/in-person-verifications",
                                admin,
                                person.name(),
                                person.number())
                        .statusCode())
                .as("one account per person")
                .isEqualTo(409);

        OidcClient portal = new OidcClient(ISSUER, "test-l2", "demo-secret", "http://127.0.0.1:8088/callback");
        try (Browser browser = new Browser()) {
            OidcClient.Attempt attempt =
                    portal.authorizationRequest("openid", (b) -> b.acrValues(List.of(new ACR(L4))));
            HtmlPage face = (HtmlPage) browser.signIn(
                    (HtmlPage) browser.open(attempt.uri().toString()), account.username(), TestAccounts.PASSWORD);
            assertThat(face.asNormalizedText())
                    .as("an L4 account still needs a live check in the session")
                    .contains("实人核验");
            upload(face, jpeg("the same person"));
            assertThat(tokens(portal, browser, attempt).getACR()).isEqualTo(new ACR(L4));
        }
    }

    private static String adminToken() throws Exception {
        java.net.http.HttpResponse<String> response = cn.yiwang.id.server.test.RawHttp.postForm(
                ISSUER + "/oauth2/token",
                cn.yiwang.id.server.test.RawHttp.basic("test-admin", "demo-secret"),
                "grant_type",
                "client_credentials",
                "scope",
                "yiwang.admin");
        return String.valueOf(cn.yiwang.id.server.test.RawHttp.json(response).get("access_token"));
    }

    private static java.net.http.HttpResponse<String> postJson(String url, String token, String name, String number)
            throws Exception {
        String body = "{\"realName\":\"" + name + "\",\"documentType\":\"resident-id\",\"documentNumber\":\"" + number
                + "\",\"office\":\"shanghai-xuhui-01\"}";
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return java.net.http.HttpClient.newHttpClient()
                .send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private IDTokenClaimsSet tokens(OidcClient client, Browser browser, OidcClient.Attempt attempt) throws Exception {
        TokenResponse response =
                client.exchange(client.code(browser.lastClientRedirect(), attempt), attempt.verifier());
        assertThat(response.indicatesSuccess()).as("%s", response).isTrue();
        OIDCTokens tokens = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
        if (this.l2Tokens == null) {
            this.l2Tokens = tokens;
        }
        return client.validate(tokens.getIDTokenString(), attempt.nonce(), JWSAlgorithm.RS256);
    }

    private void assertNoPlaintext(UUID accountId, String phone, Person person, CapturedOutput output) {
        List<Map<String, Object>> rows = new java.util.ArrayList<>();
        rows.addAll(this.jdbc
                .sql("select * from account where id = ?")
                .param(accountId)
                .query()
                .listOfRows());
        rows.addAll(this.jdbc
                .sql("select * from account_identity where account_id = ?")
                .param(accountId)
                .query()
                .listOfRows());
        rows.addAll(this.jdbc
                .sql("select * from assurance_evidence where account_id = ?")
                .param(accountId)
                .query()
                .listOfRows());
        rows.addAll(this.jdbc
                .sql("select * from audit_event where account_id = ?")
                .param(accountId.toString())
                .query()
                .listOfRows());
        assertThat(rows).hasSizeGreaterThan(3);
        for (Map<String, Object> row : rows) {
            for (Object value : row.values()) {
                assertThat(String.valueOf(value))
                        .doesNotContain(phone)
                        .doesNotContain(person.number())
                        .doesNotContain(person.name());
            }
        }
        for (String key : this.redis.keys("yid:*")) {
            assertThat(key).doesNotContain(phone).doesNotContain(person.number());
        }
        assertThat(output.getAll()).doesNotContain(phone).doesNotContain(person.number());
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
        Page next =
                form.getOneHtmlElementByAttribute("button", "type", "submit").click();
        return (next instanceof HtmlPage html) ? html : page;
    }

    /** The registration form filled in: code, the password twice, both documents accepted. */
    private static Map<String, String> registration(String code) {
        return Map.of(
                "code", code,
                "password", "Correct-Horse-42!",
                "passwordConfirm", "Correct-Horse-42!",
                "acceptAgreement", "yes",
                "acceptPrivacy", "yes");
    }

    private static HtmlPage upload(HtmlPage page, byte[] photo) throws Exception {
        HtmlForm form = page.getForms().stream()
                .filter((f) -> !f.getInputsByName("photo").isEmpty())
                .findFirst()
                .orElseThrow(() -> new AssertionError("No face form on " + page.getUrl()));
        HtmlFileInput file = (HtmlFileInput) form.getInputByName("photo");
        file.setValue("face.jpg");
        file.setContentType("image/jpeg");
        file.setData(photo);
        Page next =
                form.getOneHtmlElementByAttribute("button", "type", "submit").click();
        return (next instanceof HtmlPage html) ? html : page;
    }

    private static byte[] jpeg(String content) {
        byte[] marker = content.getBytes(StandardCharsets.ISO_8859_1);
        byte[] jpeg = new byte[marker.length + 5];
        jpeg[0] = (byte) 0xFF;
        jpeg[1] = (byte) 0xD8;
        jpeg[2] = (byte) 0xFF;
        System.arraycopy(marker, 0, jpeg, 3, marker.length);
        jpeg[jpeg.length - 2] = (byte) 0xFF;
        jpeg[jpeg.length - 1] = (byte) 0xD9;
        return jpeg;
    }

    /** A fresh, checksum-valid resident ID the stub service knows, so runs never collide. */
    private static Person knownPerson() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String body = "310104" + (1960 + random.nextInt(40))
                + String.format("%02d%02d", 1 + random.nextInt(12), 1 + random.nextInt(28))
                + String.format("%03d", random.nextInt(1000));
        Person person = new Person("李" + "晓明华强".charAt(random.nextInt(4)) + "测", body + check(body));
        REAL_NAME_SERVICE.register(person.name(), person.number());
        return person;
    }

    private static char check(String body) {
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body.charAt(i) - '0') * weights[i];
        }
        return "10X98765432".charAt(sum % 11);
    }

    private static char wrongCheck(String number) {
        char right = number.charAt(17);
        return (right == '0') ? '1' : '0';
    }

    private static String otherThan(String code) {
        return (code.charAt(0) == '9' ? "0" : "9") + code.substring(1);
    }

    private static String phone() {
        return "137" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }
}
