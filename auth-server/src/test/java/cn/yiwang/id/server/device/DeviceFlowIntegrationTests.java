package cn.yiwang.id.server.device;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.server.test.Browser;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.OidcClient;
import cn.yiwang.id.server.test.RawHttp;
import cn.yiwang.id.server.test.TestAccounts;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The device authorization grant (RFC 8628) end to end: a kiosk ({@code demo-kiosk}) asks for codes and
 * polls the token endpoint over HTTP, a citizen signs in and confirms at {@code /activate} in a browser
 * (HtmlUnit); every error and timing rule of §3.5, the code alphabet, the throttling of wrong codes, and
 * the kiosk's session as the session API shows it. Devices poll every second in the test context.
 */
class DeviceFlowIntegrationTests extends IntegrationTestSupport {

    private static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

    /** Slightly more than the test context's one-second interval. */
    private static final Duration INTERVAL = Duration.ofMillis(1200);

    @Autowired
    AccountRepository accounts;

    @Autowired
    StringRedisTemplate redis;

    @BeforeEach
    @AfterEach
    void forgetWrongCodes() {
        // every test enters codes from 127.0.0.1: start each with a clean count
        Set<String> keys = this.redis.keys("yid:device:guess:*");
        if (keys != null && !keys.isEmpty()) {
            this.redis.delete(keys);
        }
    }

    @Test
    void deviceFlowWhenCitizenConfirmsThenKioskGetsTokensInADeviceSessionTheCitizenCanEnd() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        Map<String, Object> codes = deviceAuthorization("demo-kiosk", "openid profile");
        String userCode = (String) codes.get("user_code");
        String deviceCode = (String) codes.get("device_code");
        assertThat(userCode).matches(UserCodes.FORMAT);
        assertThat(codes)
                .containsEntry("verification_uri", ISSUER + "/activate")
                .containsEntry("verification_uri_complete", ISSUER + "/activate?user_code=" + userCode)
                .containsEntry("interval", 1L);
        assertThat(((Number) codes.get("expires_in")).longValue()).isBetween(590L, 600L);

        Thread.sleep(INTERVAL.toMillis());
        assertThat(error(poll("demo-kiosk", deviceCode))).isEqualTo("authorization_pending");

        try (Browser phone = new Browser()) {
            HtmlPage login = (HtmlPage) phone.open((String) codes.get("verification_uri_complete"));
            assertThat(login.getUrl().getPath()).isEqualTo("/login");
            HtmlPage confirm = (HtmlPage) phone.signIn(login, account.username(), TestAccounts.PASSWORD);
            assertThat(confirm.getUrl().getPath()).isEqualTo("/activate/consent");
            assertThat(confirm.getElementById("device-user-code").getTextContent())
                    .isEqualTo(userCode);
            assertThat(confirm.asNormalizedText()).contains("演示一体机 (demo-kiosk)");
            HtmlPage done = confirm.getHtmlElementById("device-confirm").click();
            assertThat(done.getUrl().getPath()).isEqualTo("/activate/done");
            assertThat(done.asNormalizedText()).contains("演示一体机 (demo-kiosk)已登录");
        }

        Thread.sleep(INTERVAL.toMillis());
        HttpResponse<String> tokens = poll("demo-kiosk", deviceCode);
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        Map<String, Object> body = RawHttp.json(tokens);
        assertThat(body).containsKeys("access_token", "refresh_token", "id_token");
        JWTClaimsSet id = SignedJWT.parse((String) body.get("id_token")).getJWTClaimsSet();
        assertThat(id.getSubject()).isEqualTo(account.id().toString());
        assertThat(id.getAudience()).containsExactly("demo-kiosk");
        assertThat(id.getStringClaim("acr")).isEqualTo("urn:yiwang:loa:1");
        assertThat(id.getStringListClaim("amr")).containsExactly("pwd");
        assertThat(id.getDateClaim("auth_time")).isBeforeOrEqualTo(new Date());
        String sid = id.getStringClaim("sid");
        assertThat(sid).isNotBlank();
        JWTClaimsSet access = SignedJWT.parse((String) body.get("access_token")).getJWTClaimsSet();
        assertThat(access.getStringClaim("sid")).isEqualTo(sid);
        assertThat(access.getClaim("scope"))
                .as("RFC 9068 §2.2.3: one space-separated string")
                .isEqualTo("openid profile");

        assertThat(error(poll("demo-kiosk", deviceCode)))
                .as("a device code gives its tokens once")
                .isEqualTo("invalid_grant");

        HttpResponse<String> refreshed = refresh((String) body.get("refresh_token"));
        assertThat(refreshed.statusCode())
                .as("a public kiosk refreshes by naming itself: %s", refreshed.body())
                .isEqualTo(200);
        String rotated = (String) RawHttp.json(refreshed).get("refresh_token");

        String admin = adminToken();
        String sessionsUrl = ISSUER + "/admin/api/accounts/" + account.id() + "/sessions";
        HttpResponse<String> sessions = RawHttp.withBearer("GET", sessionsUrl, admin);
        assertThat(sessions.body()).contains("\"sid\":\"" + sid + "\"").contains("\"device\":\"demo-kiosk\"");
        assertThat(RawHttp.withBearer("DELETE", sessionsUrl + "/" + sid, admin).statusCode())
                .isEqualTo(204);
        assertThat(error(refresh(rotated))).as("the kiosk's session was ended").isEqualTo("invalid_grant");
    }

    private static HttpResponse<String> refresh(String refreshToken) throws Exception {
        return RawHttp.postForm(
                ISSUER + "/oauth2/token",
                null,
                "grant_type",
                "refresh_token",
                "refresh_token",
                refreshToken,
                "client_id",
                "demo-kiosk");
    }

    @Test
    void pollWhenSoonerThanIntervalThenSlowDownAndTheIntervalGrowsByFiveSeconds() throws Exception {
        String deviceCode =
                (String) deviceAuthorization("demo-kiosk", "profile").get("device_code");

        HttpResponse<String> tooSoon = poll("demo-kiosk", deviceCode);
        assertThat(tooSoon.statusCode()).isEqualTo(400);
        assertThat(error(tooSoon)).as("polled before the first interval passed").isEqualTo("slow_down");
        assertThat(RawHttp.json(tooSoon).get("error_description").toString()).contains("6 seconds");

        Thread.sleep(INTERVAL.toMillis());
        HttpResponse<String> stillTooSoon = poll("demo-kiosk", deviceCode);
        assertThat(error(stillTooSoon))
                .as("the interval is now 6 s: waiting the announced 1 s is not enough")
                .isEqualTo("slow_down");
        assertThat(RawHttp.json(stillTooSoon).get("error_description").toString())
                .contains("11 seconds");

        String patient = (String) deviceAuthorization("demo-kiosk", "profile").get("device_code");
        Thread.sleep(INTERVAL.toMillis());
        assertThat(error(poll("demo-kiosk", patient))).isEqualTo("authorization_pending");
        Thread.sleep(INTERVAL.toMillis());
        assertThat(error(poll("demo-kiosk", patient))).isEqualTo("authorization_pending");
    }

    @Test
    void pollWhenCitizenDeniesThenAccessDenied() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        Map<String, Object> codes = deviceAuthorization("demo-kiosk", "openid profile");

        try (Browser phone = new Browser()) {
            HtmlPage confirm = (HtmlPage) phone.signIn(
                    (HtmlPage) phone.open(ISSUER + "/activate"), account.username(), TestAccounts.PASSWORD);
            assertThat(confirm.getUrl().getPath()).isEqualTo("/activate");
            HtmlPage entered = typeCode(
                    confirm, ((String) codes.get("user_code")).toLowerCase().replace("-", ""));
            assertThat(entered.getUrl().getPath())
                    .as("lower case and no dash are accepted")
                    .isEqualTo("/activate/consent");
            HtmlPage denied = entered.getHtmlElementById("device-deny").click();
            assertThat(denied.getUrl().getQuery()).contains("denied");
            assertThat(denied.asNormalizedText()).contains("已拒绝");
        }

        Thread.sleep(INTERVAL.toMillis());
        assertThat(error(poll("demo-kiosk", (String) codes.get("device_code")))).isEqualTo("access_denied");
    }

    @Test
    void pollWhenDeviceCodeExpiredThenExpiredTokenAndTheCodeIsRefusedAtActivate() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        Map<String, Object> codes = deviceAuthorization("test-kiosk-short", "profile");
        assertThat(((Number) codes.get("expires_in")).longValue()).isLessThanOrEqualTo(2L);

        Thread.sleep(2500);

        assertThat(error(poll("test-kiosk-short", (String) codes.get("device_code"))))
                .isEqualTo("expired_token");
        try (Browser phone = new Browser()) {
            HtmlPage page = (HtmlPage) phone.signIn(
                    (HtmlPage) phone.open(ISSUER + "/activate"), account.username(), TestAccounts.PASSWORD);
            HtmlPage refused = typeCode(page, (String) codes.get("user_code"));
            assertThat(refused.getUrl().getPath()).isEqualTo("/activate");
            assertThat(refused.getElementById("activate-error").getTextContent())
                    .contains("已过期");
        }
    }

    @Test
    void pollWhenDeviceCodeUnknownOrAnotherClientsThenInvalidGrant() throws Exception {
        String deviceCode =
                (String) deviceAuthorization("demo-kiosk", "profile").get("device_code");

        assertThat(error(poll("demo-kiosk", "no-such-device-code"))).isEqualTo("invalid_grant");
        assertThat(error(poll("test-kiosk-short", deviceCode))).isEqualTo("invalid_grant");
        Thread.sleep(INTERVAL.toMillis());
        assertThat(error(poll("demo-kiosk", deviceCode)))
                .as("a device code another client tried is burnt")
                .isEqualTo("invalid_grant");
    }

    @Test
    void deviceAuthorizationWhenClientNotAllowedThenRfcErrors() throws Exception {
        HttpResponse<String> noGrant = RawHttp.postForm(
                ISSUER + "/oauth2/device_authorization", RawHttp.basic("test-no-device", "demo-secret"));
        assertThat(noGrant.statusCode()).isEqualTo(400);
        assertThat(error(noGrant)).isEqualTo("unauthorized_client");

        HttpResponse<String> badScope = RawHttp.postForm(
                ISSUER + "/oauth2/device_authorization", null, "client_id", "demo-kiosk", "scope", "api.read");
        assertThat(badScope.statusCode()).isEqualTo(400);
        assertThat(error(badScope)).isEqualTo("invalid_scope");

        HttpResponse<String> publicWithoutGrant =
                RawHttp.postForm(ISSUER + "/oauth2/device_authorization", null, "client_id", "demo-spa");
        assertThat(publicWithoutGrant.statusCode()).isEqualTo(400);
        assertThat(error(publicWithoutGrant)).isEqualTo("unauthorized_client");

        for (String[] form : List.of(new String[] {"client_id", "no-such-kiosk"}, new String[] {"scope", "profile"})) {
            HttpResponse<String> unknown = RawHttp.postForm(ISSUER + "/oauth2/device_authorization", null, form);
            assertThat(unknown.statusCode()).as(String.join(" ", form)).isEqualTo(401);
            assertThat(error(unknown)).isEqualTo("invalid_client");
        }
    }

    @Test
    void deviceAuthorizationWhenNoScopeThenClientsRegisteredScopesAndWithoutOpenidNoIdToken() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        Map<String, Object> everything = deviceAuthorization("demo-kiosk", null);
        Map<String, Object> profileOnly = deviceAuthorization("demo-kiosk", "profile");
        try (Browser phone = new Browser()) {
            HtmlPage confirm = (HtmlPage) phone.signIn(
                    (HtmlPage) phone.open((String) everything.get("verification_uri_complete")),
                    account.username(),
                    TestAccounts.PASSWORD);
            assertThat(confirm.getElementsByName("scope"))
                    .as("no scope asked: every scope the kiosk is registered for")
                    .extracting((e) -> e.getAttribute("value"))
                    .containsExactlyInAnyOrder("openid", "profile");

            HtmlPage second = typeCode(confirm, (String) profileOnly.get("user_code"));
            assertThat(second.getElementsByName("scope"))
                    .extracting((e) -> e.getAttribute("value"))
                    .containsExactly("profile");
            second.getHtmlElementById("device-confirm").click();
        }
        Thread.sleep(INTERVAL.toMillis());
        Map<String, Object> tokens = RawHttp.json(poll("demo-kiosk", (String) profileOnly.get("device_code")));
        assertThat(tokens).containsKey("access_token").doesNotContainKey("id_token");
    }

    @Test
    void userCodesWhenIssuedThenEightLettersOfTheUnambiguousAlphabet() throws Exception {
        for (int i = 0; i < 20; i++) {
            String userCode =
                    (String) deviceAuthorization("demo-kiosk", "profile").get("user_code");
            assertThat(userCode).matches("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}");
            assertThat(userCode).doesNotContainAnyWhitespaces().doesNotContain("0", "O", "1", "I");
        }
    }

    @Test
    void activateWhenWrongCodesEnteredThenExplainedAndThrottledPerAddress() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        String realCode = (String) deviceAuthorization("demo-kiosk", "profile").get("user_code");
        try (Browser phone = new Browser()) {
            HtmlPage page = (HtmlPage) phone.signIn(
                    (HtmlPage) phone.open(ISSUER + "/activate"), account.username(), TestAccounts.PASSWORD);

            HtmlPage malformed = typeCode(page, "ABC");
            assertThat(malformed.getElementById("activate-error").getTextContent())
                    .contains("8 个字母");

            for (int i = 0; i < 10; i++) {
                HtmlPage wrong = typeCode(page, "BBBB-BBB" + UserCodes.ALPHABET.charAt(i));
                assertThat(wrong.getElementById("activate-error").getTextContent())
                        .as("wrong code %d", i + 1)
                        .contains("不正确或已过期");
            }

            HtmlPage throttled = typeCode(page, realCode);
            assertThat(throttled.getUrl().getPath()).isEqualTo("/activate");
            assertThat(throttled.getElementById("activate-error").getTextContent())
                    .as("past ten wrong codes even the right one is refused for a while")
                    .contains("错误次数过多", "15 分钟");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"})
    void metadataWhenFetchedThenDeviceEndpointAndGrantAdvertised(String path) throws Exception {
        Map<String, Object> metadata = RawHttp.json(RawHttp.get(ISSUER + path, "application/json"));

        assertThat(metadata).containsEntry("device_authorization_endpoint", ISSUER + "/oauth2/device_authorization");
        assertThat(OidcClient.list(metadata.get("grant_types_supported"))).contains(DEVICE_GRANT);
    }

    private static HtmlPage typeCode(HtmlPage activate, String code) throws Exception {
        Page next = activate.getWebClient()
                .getPage(ISSUER + "/activate?user_code=" + URLEncoder.encode(code, StandardCharsets.UTF_8));
        return (HtmlPage) next;
    }

    private static Map<String, Object> deviceAuthorization(String clientId, String scope) throws Exception {
        HttpResponse<String> response = (scope != null)
                ? RawHttp.postForm(ISSUER + "/oauth2/device_authorization", null, "client_id", clientId, "scope", scope)
                : RawHttp.postForm(ISSUER + "/oauth2/device_authorization", null, "client_id", clientId);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        return RawHttp.json(response);
    }

    private static HttpResponse<String> poll(String clientId, String deviceCode) throws Exception {
        return RawHttp.postForm(
                ISSUER + "/oauth2/token",
                null,
                "grant_type",
                DEVICE_GRANT,
                "device_code",
                deviceCode,
                "client_id",
                clientId);
    }

    private static String error(HttpResponse<String> response) {
        return String.valueOf(RawHttp.json(response).get("error"));
    }

    private static String adminToken() throws Exception {
        HttpResponse<String> token = RawHttp.postForm(
                ISSUER + "/oauth2/token",
                RawHttp.basic("test-admin", "demo-secret"),
                "grant_type",
                "client_credentials",
                "scope",
                "yiwang.admin");
        return (String) RawHttp.json(token).get("access_token");
    }
}
