package cn.yiwang.id.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.account.JdbcAccountRepository;
import cn.yiwang.id.account.NewAccount;
import cn.yiwang.id.account.crypto.SensitiveDataProtector;
import cn.yiwang.id.account.realname.AssuranceEvidence;
import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.account.realname.RealNameRegistry;
import cn.yiwang.id.account.realname.VerifiedIdentity;
import cn.yiwang.id.account.search.AccountMatch;
import cn.yiwang.id.account.search.AccountQuery;
import cn.yiwang.id.account.search.AccountSearch;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.test.Browser;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.OidcClient;
import cn.yiwang.id.server.test.RawHttp;
import cn.yiwang.id.server.test.RecordingSmsSender;
import cn.yiwang.id.server.test.TestAccounts;
import cn.yiwang.id.server.test.TestPeople;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The accounts admin API end to end: search through the blind index (and only through it), masked results,
 * the detail, lock and unlock with {@code If-Match}, and a lock that bars password and SMS sign-in and kills
 * refresh tokens.
 */
class AdminAccountsIntegrationTests extends IntegrationTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Autowired
    AccountRepository accounts;

    @Autowired
    RealNameRegistry realNames;

    @Autowired
    SensitiveDataProtector protector;

    @Autowired
    @Qualifier("accountPasswordEncoder")
    PasswordEncoder passwordEncoder;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    DataSource dataSource;

    @Autowired
    AuditLog audit;

    @Autowired
    RecordingSmsSender phones;

    @Test
    void searchWhenByIdNumberThenFoundThroughTheBlindIndexAndTheSqlNeverCarriesTheNumber() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        TestPeople.Person person = TestPeople.known();
        realName(account, person);
        RecordingDataSource recording = new RecordingDataSource(this.dataSource);
        JdbcClient jdbc = JdbcClient.create(recording.dataSource());
        AccountSearch search = new AccountSearch(
                new JdbcAccountRepository(jdbc, this.protector, this.passwordEncoder),
                new RealNameRegistry(jdbc, this.protector, this.transactions, Optional.empty()));

        // typed with a space, as people copy it: still an exact, index-only look-up
        String typed = person.number().substring(0, 6) + " " + person.number().substring(6);
        List<AccountMatch> found = search.search(new AccountQuery(null, null, typed));

        assertThat(found).extracting(AccountMatch::id).containsExactly(account.id());
        assertThat(found.get(0).idNumberMasked())
                .isEqualTo(person.number().substring(0, 4) + "**********"
                        + person.number().substring(14));
        assertThat(recording.sent()).isNotEmpty();
        String middle = person.number().substring(4, 14);
        assertThat(recording.sent())
                .as("no SQL text nor bound parameter holds the number, even partly")
                .noneMatch((sent) -> sent.contains(middle))
                .noneMatch((sent) -> sent.toLowerCase(java.util.Locale.ROOT).contains(" like "));

        JsonNode api = JSON.readTree(
                RawHttp.withBearer("GET", ISSUER + "/admin/api/accounts?idNumber=" + person.number(), admin())
                        .body());
        assertThat(api).hasSize(1);
        assertThat(api.get(0).get("id").asString()).isEqualTo(account.id().toString());
        assertThat(api.get(0).get("idNumberMasked").asString())
                .startsWith(person.number().substring(0, 4) + "*");
        assertThat(api.toString()).doesNotContain(middle).doesNotContain(person.name());
    }

    @Test
    void searchWhenByPhoneOrUsernameThenMaskedMatchAndUnknownThenEmpty() throws Exception {
        String phone = TestPeople.phone();
        Account account = this.accounts.create(
                new NewAccount("it-" + UUID.randomUUID().toString().substring(0, 12), phone, TestAccounts.PASSWORD));

        JsonNode byPhone =
                JSON.readTree(RawHttp.withBearer("GET", ISSUER + "/admin/api/accounts?phone=" + phone, admin())
                        .body());
        assertThat(byPhone).hasSize(1);
        assertThat(byPhone.get(0).get("phoneMasked").asString())
                .isEqualTo(phone.substring(0, 3) + "****" + phone.substring(7));
        assertThat(byPhone.toString()).doesNotContain(phone);

        JsonNode byName = JSON.readTree(RawHttp.withBearer(
                        "GET",
                        ISSUER + "/admin/api/accounts?username="
                                + account.username().toUpperCase(),
                        admin())
                .body());
        assertThat(byName.get(0).get("id").asString()).isEqualTo(account.id().toString());
        assertThat(byName.get(0).get("status").asString()).isEqualTo("ACTIVE");
        assertThat(byName.get(0).get("level").asString()).isEqualTo("L1");

        assertThat(JSON.readTree(RawHttp.withBearer(
                                "GET", ISSUER + "/admin/api/accounts?username=nobody-" + UUID.randomUUID(), admin())
                        .body()))
                .isEmpty();
    }

    @Test
    void searchWhenQueryMalformedThenProblemNamingTheField() throws Exception {
        HttpResponse<String> none = RawHttp.withBearer("GET", ISSUER + "/admin/api/accounts", admin());
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(none.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(JSON.readTree(none.body()).get("errors").get(0).get("field").asString())
                .isEqualTo("query");

        HttpResponse<String> badPhone = RawHttp.withBearer("GET", ISSUER + "/admin/api/accounts?phone=12345", admin());
        assertThat(badPhone.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badPhone.body())
                        .get("errors")
                        .get(0)
                        .get("field")
                        .asString())
                .isEqualTo("phone");

        HttpResponse<String> badNumber =
                RawHttp.withBearer("GET", ISSUER + "/admin/api/accounts?idNumber=310%25", admin());
        assertThat(JSON.readTree(badNumber.body())
                        .get("errors")
                        .get(0)
                        .get("field")
                        .asString())
                .isEqualTo("idNumber");
    }

    @Test
    void lockWhenCurrentVersionThenSessionsEndRefreshDiesAndPasswordAndSmsSignInRefused() throws Exception {
        String phone = TestPeople.phone();
        Account account = this.accounts.create(
                new NewAccount("it-" + UUID.randomUUID().toString().substring(0, 12), phone, TestAccounts.PASSWORD));
        OidcClient client = new OidcClient(ISSUER, "test-logout-a", "demo-secret", "http://127.0.0.1:8085/callback");
        OIDCTokens tokens;
        try (Browser browser = new Browser()) {
            tokens = signIn(browser, client, account.username());
        }
        assertThat(refresh(client, tokens)).isEqualTo("ok");

        String url = ISSUER + "/admin/api/accounts/" + account.id();
        HttpResponse<String> detail = RawHttp.withBearer("GET", url, admin());
        String etag = detail.headers().firstValue("ETag").orElseThrow();
        assertThat(JSON.readTree(detail.body()).get("sessions")).hasSize(1);

        HttpResponse<String> locked = send("POST", url + "/lock", etag);
        assertThat(locked.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(locked.body()).get("status").asString()).isEqualTo("LOCKED");
        assertThat(locked.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);
        assertThat(JSON.readTree(RawHttp.withBearer("GET", url, admin()).body()).get("sessions"))
                .isEmpty();
        assertThat(refresh(client, tokens)).isEqualTo("invalid_grant");
        assertThat(this.audit.forAccount(account.id().toString(), 20))
                .filteredOn((e) -> e.type().equals("account.locked"))
                .extracting(AuditEvent::actor)
                .containsExactly("admin:test-admin");

        try (Browser browser = new Browser()) {
            OidcClient.Attempt attempt = client.authorizationRequest("openid", (b) -> {});
            HtmlPage login = (HtmlPage) browser.open(attempt.uri().toString());
            browser.signIn(login, account.username(), TestAccounts.PASSWORD);
            assertThat(browser.clientRedirectCount())
                    .as("password sign-in of a locked account")
                    .isZero();

            HtmlPage sms = (HtmlPage) browser.open(ISSUER + "/login/sms");
            HtmlPage codePage = submit(sms, "phone", phone);
            String code = this.phones.lastCodeFor(phone);
            if (code != null) {
                submit(codePage, "code", code);
            }
            assertThat(browser.clientRedirectCount())
                    .as("SMS sign-in of a locked account")
                    .isZero();
        }

        HttpResponse<String> unlocked = send(
                "POST", url + "/unlock", locked.headers().firstValue("ETag").orElseThrow());
        assertThat(unlocked.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(unlocked.body()).get("status").asString()).isEqualTo("ACTIVE");
        try (Browser browser = new Browser()) {
            signIn(browser, client, account.username());
            assertThat(browser.clientRedirectCount())
                    .as("signs in again once unlocked")
                    .isEqualTo(1);
        }
    }

    @Test
    void lockWhenIfMatchStaleOrMissingThen412Or428AndNothingChanges() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        String url = ISSUER + "/admin/api/accounts/" + account.id();
        String seen = RawHttp.withBearer("GET", url, admin())
                .headers()
                .firstValue("ETag")
                .orElseThrow();

        // another administrator locks and unlocks meanwhile: same status, another version
        String locked =
                send("POST", url + "/lock", seen).headers().firstValue("ETag").orElseThrow();
        String current = send("POST", url + "/unlock", locked)
                .headers()
                .firstValue("ETag")
                .orElseThrow();

        HttpResponse<String> stale = send("POST", url + "/lock", seen);
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(stale.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(stale.headers().firstValue("ETag")).hasValue(current);
        assertThat(this.accounts.findById(account.id()).orElseThrow().status().name())
                .isEqualTo("ACTIVE");

        HttpResponse<String> missing = send("POST", url + "/lock", null);
        assertThat(missing.statusCode()).isEqualTo(428);

        assertThat(send("POST", ISSUER + "/admin/api/accounts/" + UUID.randomUUID() + "/lock", current)
                        .statusCode())
                .isEqualTo(404);
    }

    private HttpResponse<String> send(String method, String url, String ifMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(20))
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + admin())
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void realName(Account account, TestPeople.Person person) {
        this.realNames.recordIdentity(
                account.id(),
                new VerifiedIdentity("RESIDENT_ID_CARD", person.number(), person.name()),
                new AssuranceEvidence(AssuranceLevel.L2, "name-number", "sandbox", null, null, Instant.now()));
    }

    private static OIDCTokens signIn(Browser browser, OidcClient client, String username) throws Exception {
        OidcClient.Attempt attempt = client.authorizationRequest("openid", (b) -> {});
        HtmlPage login = (HtmlPage) browser.open(attempt.uri().toString());
        browser.signIn(login, username, TestAccounts.PASSWORD);
        TokenResponse response =
                client.exchange(client.code(browser.lastClientRedirect(), attempt), attempt.verifier());
        return ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
    }

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

    private static HtmlPage submit(HtmlPage page, String name, String value) throws Exception {
        HtmlForm form = page.getForms().stream()
                .filter((f) -> !f.getInputsByName(name).isEmpty())
                .findFirst()
                .orElseThrow(() -> new AssertionError("No form with " + name + " on " + page.getUrl()));
        form.getInputByName(name).setValue(value);
        return (form.getOneHtmlElementByAttribute("button", "type", "submit").click() instanceof HtmlPage html)
                ? html
                : page;
    }

    private static String admin() throws Exception {
        HttpResponse<String> response = RawHttp.postForm(
                ISSUER + "/oauth2/token",
                RawHttp.basic("test-admin", "demo-secret"),
                "grant_type",
                "client_credentials",
                "scope",
                "yiwang.admin");
        return JSON.readTree(response.body()).get("access_token").asString();
    }
}
