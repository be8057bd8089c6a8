package cn.yiwang.id.server.qr;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.OidcClient;
import cn.yiwang.id.server.test.QrCodes;
import cn.yiwang.id.server.test.QrLoginAppCalls;
import cn.yiwang.id.server.test.RawHttp;
import cn.yiwang.id.server.test.TestAccounts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * QR-code sign-in over HTTP: the browser's calls as the login page's script makes them, the provincial
 * app's calls with a real access token of {@code demo-app}, and every rule: scanned once, number
 * matching, the relying party's level, cancel, expiry, refusals as RFC 9457 problems, audit.
 */
class QrLoginIntegrationTests extends IntegrationTestSupport {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Autowired
    AccountRepository accounts;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    AuditLog audit;

    /** The browser side: its cookies, its CSRF token and its QR request. */
    record BrowserSide(List<String> cookies, String csrf, String id, String image) {

        String cookieHeader() {
            return String.join("; ", this.cookies);
        }
    }

    @Test
    void qrSignInWhenAppScansAndConfirmsWithTheNumberThenBrowserSignsInWithQrAndAppMethods() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        String app = QrLoginAppCalls.appToken(account);
        BrowserSide browser = browser(null);

        HttpResponse<byte[]> png = HTTP.send(
                HttpRequest.newBuilder(URI.create(ISSUER + browser.image())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(png.headers().firstValue("Content-Type")).contains("image/png");
        assertThat(QrCodes.decode(png.body())).isEqualTo(ISSUER + "/qr/" + browser.id());
        assertThat(state(browser)).containsEntry("state", "waiting").containsEntry("number", null);

        HttpResponse<String> scanned = QrLoginAppCalls.call("scan", browser.id(), app, null);
        assertThat(scanned.statusCode()).as(scanned.body()).isEqualTo(200);
        Map<String, Object> details = RawHttp.json(scanned);
        assertThat(details)
                .containsEntry("state", "scanned")
                .containsEntry("portal", "一网 ID")
                .containsEntry("origin", ISSUER)
                .containsEntry("location", ClientLocations.LOCAL)
                .containsEntry("requiredAcr", "urn:yiwang:loa:1")
                .containsKeys("browser", "requestedAt", "expiresIn");
        Map<String, Object> view = state(browser);
        assertThat(view).containsEntry("state", "scanned");
        long number = ((Number) view.get("number")).longValue();
        assertThat(number).isBetween(10L, 99L);
        assertThat(OidcClient.list(details.get("numberChoices"))).hasSize(3).contains(String.valueOf(number));

        HttpResponse<String> confirmed =
                QrLoginAppCalls.call("confirm", browser.id(), app, "{\"number\":" + number + "}");
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        assertThat(state(browser)).containsEntry("state", "confirmed");

        HttpResponse<String> done = complete(browser);
        assertThat(done.statusCode()).isEqualTo(302);
        assertThat(done.headers().firstValue("Location").orElseThrow()).endsWith("/signed-in");
        assertThat(done.headers().allValues("Set-Cookie")).anyMatch((c) -> c.startsWith("YIWANG_SSO="));
        assertThat(complete(browser).headers().firstValue("Location").orElseThrow())
                .as("a confirmed request signs in once")
                .contains("/login?qr=failed");

        String sessions = RawHttp.withBearer(
                        "GET", ISSUER + "/admin/api/accounts/" + account.id() + "/sessions", adminToken())
                .body();
        assertThat(sessions).contains("\"amr\":[\"qr\",\"pwd\"],\"acr\":\"urn:yiwang:loa:1\"");
        assertThat(this.audit.forAccount(account.id().toString(), 50))
                .extracting(AuditEvent::type)
                .contains("qr.scanned", "qr.confirmed", "qr.signed-in");
    }

    @Test
    void scanWhenScannedTwiceThenRefusedOnBothScreensAndConfirmRefused() throws Exception {
        Account first = TestAccounts.create(this.accounts);
        Account second = TestAccounts.create(this.accounts);
        String firstApp = QrLoginAppCalls.appToken(first);
        BrowserSide browser = browser(null);
        assertThat(QrLoginAppCalls.call("scan", browser.id(), firstApp, null).statusCode())
                .isEqualTo(200);
        long number = ((Number) state(browser).get("number")).longValue();

        HttpResponse<String> again = QrLoginAppCalls.call("scan", browser.id(), QrLoginAppCalls.appToken(second), null);

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(RawHttp.json(again)).containsEntry("code", "qr-already-scanned");
        assertThat(state(browser)).containsEntry("state", "refused").containsEntry("reason", "scanned-twice");
        HttpResponse<String> late =
                QrLoginAppCalls.call("confirm", browser.id(), firstApp, "{\"number\":" + number + "}");
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(RawHttp.json(late)).containsEntry("code", "qr-refused");
        assertThat(complete(browser).headers().firstValue("Location").orElseThrow())
                .contains("/login?qr=failed");
    }

    @Test
    void cancelWhenAppCancelsThenBrowserSeesCancelledAndLaterConfirmIsRefused() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        String app = QrLoginAppCalls.appToken(account);
        BrowserSide browser = browser(null);
        QrLoginAppCalls.call("scan", browser.id(), app, null);
        long number = ((Number) state(browser).get("number")).longValue();

        HttpResponse<String> cancelled = QrLoginAppCalls.call("cancel", browser.id(), app, null);

        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(state(browser)).containsEntry("state", "cancelled");
        HttpResponse<String> confirm =
                QrLoginAppCalls.call("confirm", browser.id(), app, "{\"number\":" + number + "}");
        assertThat(confirm.statusCode()).isEqualTo(409);
        assertThat(RawHttp.json(confirm)).containsEntry("code", "qr-cancelled");
        assertThat(this.audit.forAccount(account.id().toString(), 50))
                .extracting(AuditEvent::type)
                .contains("qr.cancelled", "qr.refused");
    }

    @Test
    void confirmWhenWrongNumberThenRefusedAndNoSignIn() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        String app = QrLoginAppCalls.appToken(account);
        BrowserSide browser = browser(null);
        QrLoginAppCalls.call("scan", browser.id(), app, null);
        long number = ((Number) state(browser).get("number")).longValue();

        HttpResponse<String> wrong = QrLoginAppCalls.call(
                "confirm", browser.id(), app, "{\"number\":" + (number == 99 ? 98 : number + 1) + "}");

        assertThat(wrong.statusCode()).isEqualTo(409);
        assertThat(RawHttp.json(wrong)).containsEntry("code", "qr-wrong-number");
        assertThat(state(browser)).containsEntry("state", "refused").containsEntry("reason", "wrong-number");
        assertThat(QrLoginAppCalls.call("confirm", browser.id(), app, "{\"number\":" + number + "}")
                        .statusCode())
                .isEqualTo(409);
    }

    @Test
    void scanWhenRelyingPartyNeedsHigherLevelThanAppSessionThenRefusedOnBothScreens() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        String app = QrLoginAppCalls.appToken(account);
        // test-l2 accepts real-name (L2) sessions only; this account is L1
        BrowserSide browser = browser(ISSUER
                + "/oauth2/authorize?response_type=code&client_id=test-l2&redirect_uri=http://127.0.0.1:8088/callback"
                + "&scope=openid&state=s&nonce=n");

        HttpResponse<String> scan = QrLoginAppCalls.call("scan", browser.id(), app, null);

        assertThat(scan.statusCode()).isEqualTo(403);
        assertThat(RawHttp.json(scan)).containsEntry("code", "qr-level-too-low");
        assertThat(state(browser)).containsEntry("state", "refused").containsEntry("reason", "level");
    }

    @Test
    void scanWhenTokenOfAnAppThatIsNotAQrAppOrNoTokenThenRefused() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        BrowserSide browser = browser(null);
        OidcClient web = new OidcClient(ISSUER, "demo-web", "demo-secret", "http://127.0.0.1:8081/callback");
        String webToken = QrLoginAppCalls.token(web, account, "openid profile");

        HttpResponse<String> notAnApp = QrLoginAppCalls.call("scan", browser.id(), webToken, null);
        assertThat(notAnApp.statusCode()).isEqualTo(403);
        assertThat(RawHttp.json(notAnApp)).containsEntry("code", "qr-not-allowed");
        assertThat(QrLoginAppCalls.call("scan", browser.id(), null, null).statusCode())
                .isEqualTo(401);
        assertThat(state(browser)).containsEntry("state", "waiting");
    }

    @Test
    void scanWhenRequestExpiredThenNotFoundAndBrowserSeesExpired() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        BrowserSide browser = browser(null);
        // what the 60-second TTL does, without waiting for it
        this.redis.delete("yid:qr:{" + browser.id() + "}");

        HttpResponse<String> scan = QrLoginAppCalls.call("scan", browser.id(), QrLoginAppCalls.appToken(account), null);

        assertThat(scan.statusCode()).isEqualTo(404);
        assertThat(RawHttp.json(scan)).containsEntry("code", "qr-expired");
        assertThat(state(browser)).containsEntry("state", "expired");
        assertThat(QrLoginAppCalls.call("scan", "not-a-request", QrLoginAppCalls.appToken(account), null)
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void stateWhenAnotherBrowserAsksThenNothingIsRevealed() throws Exception {
        BrowserSide browser = browser(null);
        HttpResponse<String> stranger =
                RawHttp.get(ISSUER + "/login/qr/" + browser.id() + "/state", "application/json", "YIWANG_QR=guess");
        assertThat(RawHttp.json(stranger)).containsEntry("state", "expired");
        HttpResponse<String> opened = RawHttp.getHtml(ISSUER + "/qr/" + browser.id());
        assertThat(opened.statusCode()).isEqualTo(200);
        assertThat(opened.body()).contains("请用省级政务服务App扫码");
    }

    // ---- helpers ----

    private BrowserSide browser(String authorizeUrl) throws Exception {
        List<String> cookies = new ArrayList<>();
        if (authorizeUrl != null) {
            cookies.addAll(cookies(RawHttp.get(authorizeUrl, "text/html")));
        }
        HttpResponse<String> login = RawHttp.get(ISSUER + "/login", "text/html", String.join("; ", cookies));
        assertThat(login.body()).contains("id=\"qr-login\"");
        cookies.addAll(cookies(login));
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(login.body());
        assertThat(csrf.find()).isTrue();
        HttpResponse<String> created = RawHttp.postFormWithHeaders(
                ISSUER + "/login/qr",
                Map.of(
                        "Accept",
                        "application/json",
                        "Cookie",
                        String.join("; ", cookies),
                        "X-XSRF-TOKEN",
                        csrf.group(1)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        cookies.addAll(cookies(created));
        Map<String, Object> body = RawHttp.json(created);
        return new BrowserSide(cookies, csrf.group(1), (String) body.get("id"), (String) body.get("image"));
    }

    private static List<String> cookies(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .map((c) -> c.substring(0, c.indexOf(';')))
                .filter((c) -> !c.substring(c.indexOf('=') + 1).isEmpty())
                .toList();
    }

    private static Map<String, Object> state(BrowserSide browser) throws Exception {
        return RawHttp.json(RawHttp.get(
                ISSUER + "/login/qr/" + browser.id() + "/state", "application/json", browser.cookieHeader()));
    }

    private static HttpResponse<String> complete(BrowserSide browser) throws Exception {
        return RawHttp.postFormWithHeaders(
                ISSUER + "/login/qr/" + browser.id() + "/complete",
                Map.of("Cookie", browser.cookieHeader(), "Accept", "text/html"),
                "_csrf",
                browser.csrf());
    }

    private static String adminToken() throws Exception {
        return (String) RawHttp.json(RawHttp.postForm(
                        ISSUER + "/oauth2/token",
                        RawHttp.basic("test-admin", "demo-secret"),
                        "grant_type",
                        "client_credentials",
                        "scope",
                        "yiwang.admin"))
                .get("access_token");
    }
}
