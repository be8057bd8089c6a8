package cn.yiwang.id.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.server.test.Browser;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.OidcClient;
import cn.yiwang.id.server.test.RawHttp;
import cn.yiwang.id.server.test.TestAccounts;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.htmlunit.BrowserVersion;
import org.htmlunit.Page;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.DomNode;
import org.htmlunit.html.HtmlCheckBoxInput;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The sign-in and consent pages as a citizen meets them: language, accessibility, error messages
 * that reveal nothing, throttling, CSRF protection, {@code login_hint}, and consent with deny.
 */
class LoginPageIntegrationTests extends IntegrationTestSupport {

    private static final String LOGIN = ISSUER + "/login";

    private static final String SSO_COOKIE = "YIWANG_SSO";

    private static final String WEB_CALLBACK = "http://127.0.0.1:8081/callback";

    private static final Pattern THROTTLED = Pattern.compile("登录失败次数过多，请在 (\\d+) 秒后重试。");

    @Autowired
    AccountRepository accounts;

    @ParameterizedTest
    @CsvSource({
        "zh-CN;q=1.0, zh-CN",
        "en-US;q=0.9, en",
        "'en-GB,en;q=0.9,zh-CN;q=0.8', en",
        "'fr-FR,zh-TW;q=0.5', zh-CN",
        "'de,fr;q=0.8', zh-CN",
        "'*', zh-CN"
    })
    void loginPageWhenAcceptLanguageThenItsLanguageOrChinese(String acceptLanguage, String expected) throws Exception {
        HttpResponse<String> page = RawHttp.getHtmlWithHeaders(LOGIN, Map.of("Accept-Language", acceptLanguage));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("lang=\"" + expected + "\"");
    }

    @Test
    void loginPageWhenNoAcceptLanguageThenChinese() throws Exception {
        HttpResponse<String> page = RawHttp.getHtml(LOGIN);

        assertThat(page.body()).contains("lang=\"zh-CN\"").contains("登录一网 ID");
    }

    @Test
    void loginPageWhenEnglishBrowserThenEnglishAndLangSwitchesToChineseAndSticks() throws Exception {
        try (Browser browser = new Browser(BrowserVersion.BEST_SUPPORTED)) {
            browser.client().addRequestHeader("Accept-Language", "en-US,en;q=0.9");

            HtmlPage english = (HtmlPage) browser.open(LOGIN);
            assertThat(english.getDocumentElement().getAttribute("lang")).isEqualTo("en");
            assertThat(english.getTitleText()).isEqualTo("Sign in - Yiwang ID");
            assertThat(heading(english)).isEqualTo("Sign in to Yiwang ID");

            HtmlPage chinese = (HtmlPage) browser.open(LOGIN + "?lang=zh-CN");
            assertThat(chinese.getDocumentElement().getAttribute("lang")).isEqualTo("zh-CN");
            assertThat(chinese.getTitleText()).isEqualTo("登录 - 一网 ID");
            assertThat(heading(chinese)).isEqualTo("登录一网 ID");
            assertThat(browser.client().getCookieManager().getCookie("YIWANG_LANG"))
                    .isNotNull();

            HtmlPage next = (HtmlPage) browser.open(LOGIN);
            assertThat(next.getDocumentElement().getAttribute("lang"))
                    .as("the choice is remembered over Accept-Language")
                    .isEqualTo("zh-CN");

            HtmlPage back = (HtmlPage) browser.open(LOGIN + "?lang=en");
            assertThat(back.getDocumentElement().getAttribute("lang")).isEqualTo("en");
            assertThat(heading(back)).isEqualTo("Sign in to Yiwang ID");
        }
    }

    @Test
    void authorizationRequestWhenUiLocalesThenLoginPageInThatLanguage() throws Exception {
        try (Browser browser = new Browser()) {
            HtmlPage page = (HtmlPage) browser.open(ISSUER
                    + "/oauth2/authorize?response_type=code&client_id=demo-web&scope=openid&state=s1"
                    + "&redirect_uri=" + WEB_CALLBACK + "&ui_locales=fr-CA%20en-US%20zh-CN");

            assertThat(page.getUrl().getPath()).isEqualTo("/login");
            assertThat(page.getDocumentElement().getAttribute("lang"))
                    .as("the first language we have, although the browser prefers Chinese")
                    .isEqualTo("en");
            assertThat(heading(page)).isEqualTo("Sign in to Yiwang ID");
        }
    }

    @Test
    void errorPageWhenUiLocalesOrAcceptLanguageThenNoFrameworkText() throws Exception {
        HttpResponse<String> english = RawHttp.getHtmlWithHeaders(
                ISSUER + "/oauth2/authorize?response_type=code&scope=openid&ui_locales=en", Map.of());
        HttpResponse<String> chinese = RawHttp.getHtmlWithHeaders(
                ISSUER + "/oauth2/authorize?response_type=code&scope=openid", Map.of("Accept-Language", "zh-CN"));

        assertThat(english.statusCode()).isEqualTo(400);
        assertThat(english.body())
                .contains("lang=\"en\"")
                .contains("The parameter client_id of the request is missing or not valid.")
                .doesNotContain("OAuth 2.0 Parameter");
        assertThat(chinese.statusCode()).isEqualTo(400);
        assertThat(chinese.body())
                .contains("lang=\"zh-CN\"")
                .contains("请求中的参数 client_id 缺失或无效")
                .doesNotContain("OAuth 2.0 Parameter");
    }

    @ParameterizedTest
    @ValueSource(strings = {"zh-CN", "en"})
    void loginPageWhenRenderedThenEveryFieldHasALabelAndAutocomplete(String language) throws Exception {
        try (Browser browser = new Browser()) {
            HtmlPage page = (HtmlPage) browser.open(LOGIN + "?lang=" + language);

            for (String field : List.of("username", "password")) {
                DomElement label = page.querySelector("label[for=" + field + "]");
                assertThat(label).as("label for %s", field).isNotNull();
                assertThat(label.getTextContent()).isNotBlank();
            }
            assertThat(page.getElementById("username").getAttribute("autocomplete"))
                    .isEqualTo("username");
            assertThat(page.getElementById("password").getAttribute("autocomplete"))
                    .isEqualTo("current-password");
            assertThat(page.getElementById("password").getAttribute("type")).isEqualTo("password");
            for (DomNode input : page.querySelectorAll("input:not([type=hidden])")) {
                String id = ((DomElement) input).getAttribute("id");
                DomElement label = page.querySelector("label[for=" + id + "]");
                assertThat(label).as("label for input #%s", id).isNotNull();
            }
        }
    }

    @Test
    void signInWhenPasswordWrongOrUserUnknownThenSamePageAndMessage() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        try (Browser known = new Browser();
                Browser unknown = new Browser()) {
            HtmlPage wrongPassword =
                    (HtmlPage) known.signIn((HtmlPage) known.open(LOGIN), account.username(), "Wrong-Horse-42!");
            HtmlPage unknownUser = (HtmlPage) unknown.signIn(
                    (HtmlPage) unknown.open(LOGIN),
                    "it-nobody-" + UUID.randomUUID().toString().substring(0, 12),
                    "Wrong-Horse-42!");

            assertThat(errorText(wrongPassword)).isEqualTo("手机号/用户名或密码不正确。");
            assertThat(errorText(unknownUser)).isEqualTo(errorText(wrongPassword));
            assertThat(unknownUser.getUrl().getFile())
                    .isEqualTo(wrongPassword.getUrl().getFile())
                    .isEqualTo("/login?error");
            assertThat(unknownUser.getWebResponse().getStatusCode())
                    .isEqualTo(wrongPassword.getWebResponse().getStatusCode());
            assertThat(unknownUser.asNormalizedText())
                    .as("the whole visible page")
                    .isEqualTo(wrongPassword.asNormalizedText());
            assertThat(known.client().getCookieManager().getCookie(SSO_COOKIE)).isNull();
            assertThat(unknown.client().getCookieManager().getCookie(SSO_COOKIE))
                    .isNull();
        }
    }

    @Test
    void signInWhenFiveWrongPasswordsThenSixthWithRightPasswordThrottledAndNoSession() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        OidcClient web = new OidcClient(ISSUER, "demo-web", "demo-secret", WEB_CALLBACK);
        try (Browser browser = new Browser()) {
            HtmlPage page = (HtmlPage) browser.open(
                    web.authorizationRequest("openid", (b) -> {}).uri().toString());
            for (int attempt = 1; attempt <= 5; attempt++) {
                page = (HtmlPage) browser.signIn(page, account.username(), "Wrong-Horse-" + attempt);
                assertThat(page.getUrl().getPath()).isEqualTo("/login");
            }

            page = (HtmlPage) browser.signIn(page, account.username(), TestAccounts.PASSWORD);

            Matcher throttled = THROTTLED.matcher(errorText(page));
            assertThat(throttled.matches())
                    .as("throttled message, got '%s'", errorText(page))
                    .isTrue();
            assertThat(Long.parseLong(throttled.group(1))).isBetween(1L, 30L);
            assertThat(page.getUrl().getQuery()).isEqualTo("throttled=" + throttled.group(1));
            assertThat(browser.client().getCookieManager().getCookie(SSO_COOKIE))
                    .as("no session")
                    .isNull();
            assertThat(browser.clientRedirectCount()).isZero();
            Page again = browser.open(
                    web.authorizationRequest("openid", (b) -> {}).uri().toString());
            assertThat(again.getUrl().getPath()).as("still not signed in").isEqualTo("/login");
            assertThat(browser.clientRedirectCount()).isZero();
        }
    }

    /** No token at all, the CSRF cookie without the form field, and a forged form field. */
    @ParameterizedTest
    @ValueSource(strings = {"no-token", "cookie-only", "forged-token"})
    void loginPostWhenCsrfTokenMissingOrWrongThenForbiddenAndNoSession(String csrf) throws Exception {
        Account account = TestAccounts.create(this.accounts);
        List<String> form = new ArrayList<>(List.of("username", account.username(), "password", TestAccounts.PASSWORD));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "text/html");
        if (!"no-token".equals(csrf)) {
            HttpResponse<String> loginPage = RawHttp.getHtml(LOGIN);
            String cookie = loginPage.headers().allValues("Set-Cookie").stream()
                    .filter((c) -> c.startsWith("XSRF-TOKEN="))
                    .map((c) -> c.substring(0, c.indexOf(';')))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no CSRF cookie from " + LOGIN));
            headers.put("Cookie", cookie);
        }
        if ("forged-token".equals(csrf)) {
            form.addAll(List.of("_csrf", "forged-" + UUID.randomUUID()));
        }

        HttpResponse<String> response = RawHttp.postFormWithHeaders(LOGIN, headers, form.toArray(String[]::new));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Location")).isEmpty();
        assertThat(response.headers().allValues("Set-Cookie")).noneMatch((c) -> c.startsWith(SSO_COOKIE + "="));
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at org.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{account}", "\"><script>alert(1)</script>"})
    void loginPageWhenLoginHintGivenThenUsernamePrefilledVerbatim(String hint) throws Exception {
        Account account = TestAccounts.create(this.accounts);
        String loginHint = hint.replace("{account}", account.username());
        OidcClient web = new OidcClient(ISSUER, "demo-web", "demo-secret", WEB_CALLBACK);
        try (Browser browser = new Browser()) {
            HtmlPage login = (HtmlPage) browser.open(web.authorizationRequest("openid", (b) -> b.loginHint(loginHint))
                    .uri()
                    .toString());

            assertThat(login.getUrl().getPath()).isEqualTo("/login");
            assertThat(login.getElementById("username").getAttribute("value")).isEqualTo(loginHint);
            assertThat(login.getElementById("password").hasAttribute("autofocus"))
                    .isTrue();
            assertThat(login.getElementsByTagName("script"))
                    .as("the hint is text, never markup: the page's only script is the QR sign-in's own file")
                    .extracting((script) -> script.getAttribute("src"))
                    .containsExactly("/js/qr-login.js");
        }
    }

    @Test
    void consentWhenDemoSpaAsksForProfileThenScopeDescribedAndDenyGivesAccessDenied() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        OidcClient spa = new OidcClient(ISSUER, "demo-spa", null, "http://127.0.0.1:8082/callback");
        try (Browser browser = new Browser()) {
            OidcClient.Attempt attempt = spa.authorizationRequest("openid profile", (b) -> {});
            HtmlPage consent = (HtmlPage) browser.signIn(
                    (HtmlPage) browser.open(attempt.uri().toString()), account.username(), TestAccounts.PASSWORD);

            assertThat(consent.getUrl().getPath()).isEqualTo("/oauth2/consent");
            HtmlCheckBoxInput profile = consent.querySelector("input[type=checkbox][name=scope][value=profile]");
            assertThat(profile).as("profile offered for approval").isNotNull();
            assertThat(profile.isChecked()).isTrue();
            DomElement label = consent.querySelector("label[for=" + profile.getId() + "]");
            DomNode description = label.getFirstByXPath(".//*[@class='scope__description']");
            assertThat(description.getTextContent()).isEqualTo("查看您的基本资料（姓名、昵称）");
            assertThat(consent.querySelectorAll("input[type=checkbox][name=scope]"))
                    .hasSize(1);

            HtmlForm deny = consent.getForms().get(1);
            assertThat(deny.getInputsByName("scope")).as("deny posts no scope").isEmpty();
            deny.getOneHtmlElementByAttribute("button", "type", "submit").click();

            AuthorizationResponse response =
                    AuthorizationResponse.parse(browser.lastClientRedirect().toURI());
            assertThat(response.indicatesSuccess()).isFalse();
            assertThat(((AuthorizationErrorResponse) response).getErrorObject().getCode())
                    .isEqualTo("access_denied");
            assertThat(response.getState()).isEqualTo(attempt.state());

            OidcClient.Attempt again = spa.authorizationRequest("openid profile", (b) -> {});
            assertThat(browser.open(again.uri().toString()).getUrl().getPath())
                    .as("a denial is not remembered as consent")
                    .isEqualTo("/oauth2/consent");
        }
    }

    private static String heading(HtmlPage page) {
        DomElement heading = page.querySelector("h1");
        return heading.getTextContent().trim();
    }

    private static String errorText(HtmlPage page) {
        DomElement error = page.getElementById("login-error");
        assertThat(error).as("error notice on %s", page.getUrl()).isNotNull();
        return error.getTextContent().trim();
    }
}
