package cn.yiwang.id.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.server.test.Browser;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.OidcClient;
import cn.yiwang.id.server.test.RawHttp;
import cn.yiwang.id.server.test.TestAccounts;
import com.nimbusds.oauth2.sdk.TokenResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Every public endpoint, found from the request mappings (controllers and Actuator) and Spring Authorization
 * Server's settings, gets the same catalogue of malformed requests: repeated parameters, invalid UTF-8 in the query,
 * a form and a JSON body, oversized bodies (declared and chunked), wrong and missing content types, multipart
 * without a boundary, JSON where a form is expected and a form where JSON is. None may answer 5xx, and none may log
 * an ERROR line or a stack trace: input the client got wrong is the client's fault. An endpoint added later is in
 * the sweep without a change here; a failure names the endpoint, the method and the case.
 */
class MalformedInputIntegrationTests extends IntegrationTestSupport {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** Handled by Spring Security's own filters rather than by a request mapping. */
    private static final List<Endpoint> FILTER_ENDPOINTS =
            List.of(new Endpoint("POST", "/login"), new Endpoint("POST", "/logout"));

    private static final byte[] INVALID_UTF8 = {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE};

    /** Above the 1 MiB the server accepts, below what Tomcat swallows (2 MB) so the connection stays usable. */
    private static final int OVERSIZED = 1_500_000;

    @Autowired
    ApplicationContext context;

    @Autowired
    AuthorizationServerSettings settings;

    @Autowired
    AccountRepository accounts;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    private String adminToken;

    private String accountToken;

    @BeforeEach
    void tokensAndLogCapture() throws Exception {
        this.adminToken = RawHttp.json(RawHttp.postForm(
                        ISSUER + "/oauth2/token",
                        RawHttp.basic("test-admin", "demo-secret"),
                        "grant_type",
                        "client_credentials",
                        "scope",
                        "yiwang.admin"))
                .get("access_token")
                .toString();
        this.accountToken = accountToken();
        this.logs.start();
        rootLogger().addAppender(this.logs);
    }

    @AfterEach
    void stopLogCapture() {
        rootLogger().detachAppender(this.logs);
        this.logs.stop();
    }

    @Test
    void everyEndpointWhenInputMalformedThenNo5xxAndNoErrorLogged() throws Exception {
        Set<Endpoint> endpoints = endpoints();
        assertThat(endpoints)
                .as("the sweep finds the endpoints by itself")
                .extracting(Endpoint::path)
                .contains(
                        "/oauth2/token",
                        "/oauth2/authorize",
                        "/userinfo",
                        "/oauth2/jwks",
                        "/.well-known/openid-configuration",
                        "/saml2/idp/sso",
                        "/federation/{alias}/backchannel-logout",
                        "/federation/saml/acs",
                        "/admin/api/identity-providers",
                        "/admin/api/saml/service-providers/{alias}",
                        "/account/api/sessions",
                        "/actuator/health/**",
                        "/login");
        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (Endpoint endpoint : endpoints) {
            for (Case malformed : Case.values()) {
                if (malformed.body == null && !endpoint.method().equals("GET")) {
                    continue;
                }
                if (malformed.body != null && endpoint.method().equals("GET")) {
                    continue;
                }
                HttpResponse<String> response = send(endpoint, malformed);
                sent++;
                if (response.statusCode() >= 500) {
                    failures.add(endpoint + " [" + malformed + "] answered " + response.statusCode() + ": "
                            + abbreviate(response.body()));
                }
            }
        }
        List<String> logged = this.logs.list.stream()
                .filter((event) -> event.getThreadName().startsWith("http-nio-"))
                .filter((event) -> event.getLevel().isGreaterOrEqual(Level.ERROR) || event.getThrowableProxy() != null)
                .map((event) -> event.getLevel() + " " + event.getLoggerName() + ": "
                        + abbreviate(event.getFormattedMessage())
                        + (event.getThrowableProxy() != null
                                ? " (stack trace of "
                                        + event.getThrowableProxy().getClassName() + ")"
                                : ""))
                .distinct()
                .toList();

        assertThat(sent).isGreaterThan(endpoints.size());
        assertThat(this.logs.list)
                .as("the capture sees the server's request threads (the refusals are logged at INFO)")
                .anySatisfy((event) -> {
                    assertThat(event.getThreadName()).startsWith("http-nio-");
                    assertThat(event.getFormattedMessage()).startsWith("Refused a malformed");
                    assertThat(event.getLevel()).isEqualTo(Level.INFO);
                });
        assertThat(failures).as("5xx answers to malformed input").isEmpty();
        assertThat(logged)
                .as("ERROR lines or stack traces logged for malformed input")
                .isEmpty();
    }

    /** The malformed requests; {@code body == null} marks a query-only case, sent as GET. */
    enum Case {
        REPEATED_PARAMETERS_IN_QUERY(
                "client_id=demo-web&client_id=demo-spa&state=a&state=b&code=a&code=b&alias=a&alias=b", null, null),

        INVALID_UTF8_IN_QUERY("client_id=%C3%28&state=%FF%FE&q=%E4%B8", null, null),

        REPEATED_PARAMETERS_IN_FORM(
                null,
                "application/x-www-form-urlencoded",
                bytes("grant_type=authorization_code&code=a&code=b&client_id=demo-web&client_id=demo-spa"
                        + "&logout_token=a&logout_token=b&SAMLRequest=a&SAMLRequest=b&token=a&token=b")),

        INVALID_UTF8_IN_FORM(null, "application/x-www-form-urlencoded; charset=UTF-8", concat("state=", INVALID_UTF8)),

        INVALID_UTF8_IN_JSON(null, "application/json", concat(concat("{\"alias\":\"", INVALID_UTF8), "\"}")),

        OVERSIZED_FORM(null, "application/x-www-form-urlencoded", bytes("state=" + "s".repeat(OVERSIZED))),

        OVERSIZED_CHUNKED_JSON(null, "application/json", bytes("{\"alias\":\"" + "a".repeat(OVERSIZED) + "\"}")),

        WRONG_CONTENT_TYPE(null, "text/plain", bytes("grant_type=client_credentials&scope=openid")),

        XML_WHERE_NOTHING_XML_EXPECTED(null, "application/xml", bytes("<a><b>")),

        MISSING_CONTENT_TYPE(null, "", bytes("grant_type=client_credentials")),

        MULTIPART_WITHOUT_BOUNDARY(
                null,
                "multipart/form-data",
                bytes("--x\r\nContent-Disposition: form-data; name=\"logout_token\"\r\n\r\nabc\r\n--x--\r\n")),

        MULTIPART_TRUNCATED(
                null,
                "multipart/form-data; boundary=x",
                bytes("--x\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.jpg\"\r\n\r\nabc")),

        JSON_WHERE_FORM_EXPECTED(
                null, "application/json", bytes("{\"grant_type\":\"client_credentials\",\"logout_token\":1}")),

        FORM_WHERE_JSON_EXPECTED(
                null, "application/x-www-form-urlencoded", bytes("alias=x1&displayNameZh=%E6%B5%99&enabled=true")),

        JSON_SYNTAX_ERROR(null, "application/json", bytes("{\"alias\": tru")),

        JSON_WRONG_SHAPE(null, "application/json", bytes("[1,2,{\"a\":null}]"));

        final String query;
        final String contentType;
        final byte[] body;

        Case(String query, String contentType, byte[] body) {
            this.query = query;
            this.contentType = contentType;
            this.body = body;
        }
    }

    private HttpResponse<String> send(Endpoint endpoint, Case malformed) throws Exception {
        String url = ISSUER + concrete(endpoint.path()) + ((malformed.query != null) ? "?" + malformed.query : "");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        if (malformed.body == null) {
            request.method(endpoint.method(), HttpRequest.BodyPublishers.noBody());
        } else if (malformed == Case.OVERSIZED_CHUNKED_JSON) {
            // no Content-Length: the limit must hold while the body is read
            request.method(
                    endpoint.method(),
                    HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(malformed.body)));
        } else {
            request.method(endpoint.method(), HttpRequest.BodyPublishers.ofByteArray(malformed.body));
        }
        if (malformed.contentType != null && !malformed.contentType.isEmpty()) {
            request.header("Content-Type", malformed.contentType);
        }
        request.header("Accept", "application/json");
        String authorization = authorization(endpoint.path());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Credentials that get the request past authentication, so the malformed part is what is tested. */
    private String authorization(String path) {
        if (path.startsWith("/admin/api/")) {
            return "Bearer " + this.adminToken;
        }
        if (path.startsWith("/account/api/") || path.equals("/userinfo")) {
            return "Bearer " + this.accountToken;
        }
        if (path.startsWith("/oauth2/") && !path.equals("/oauth2/authorize") && !path.equals("/oauth2/jwks")) {
            return RawHttp.basic("demo-web", "demo-secret");
        }
        return null;
    }

    private Set<Endpoint> endpoints() throws Exception {
        Set<Endpoint> endpoints = new TreeSet<>();
        for (RequestMappingInfoHandlerMapping mapping : this.context
                .getBeansOfType(RequestMappingInfoHandlerMapping.class)
                .values()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (String pattern : info.getPatternValues()) {
                    for (String method : methods.isEmpty()
                            ? List.of("GET", "POST")
                            : methods.stream().map(Enum::name).toList()) {
                        endpoints.add(new Endpoint(method, pattern));
                    }
                }
            }
        }
        for (String path : authorizationServerEndpoints()) {
            endpoints.add(new Endpoint("GET", path));
            endpoints.add(new Endpoint("POST", path));
        }
        endpoints.addAll(FILTER_ENDPOINTS);
        return endpoints;
    }

    /** Every endpoint path Spring Authorization Server's settings name, and its well-known documents. */
    private List<String> authorizationServerEndpoints() throws Exception {
        List<String> paths = new ArrayList<>(
                List.of("/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"));
        for (Method method : AuthorizationServerSettings.class.getMethods()) {
            if (method.getName().startsWith("get")
                    && method.getName().endsWith("Endpoint")
                    && method.getParameterCount() == 0
                    && method.getReturnType() == String.class) {
                String path = (String) method.invoke(this.settings);
                if (path != null) {
                    paths.add(path);
                }
            }
        }
        return paths;
    }

    private static String concrete(String pattern) {
        return pattern.replaceAll("\\{\\*[^}]+}", "x1")
                .replaceAll("\\{[^}]+}", "x1")
                .replace("/**", "/x1")
                .replace("*", "x1");
    }

    private String accountToken() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        OidcClient app = new OidcClient(ISSUER, "test-account-app", "demo-secret", "http://127.0.0.1:8087/callback");
        try (Browser browser = new Browser()) {
            OidcClient.Attempt attempt = app.authorizationRequest("openid yiwang.account", (b) -> {});
            browser.signIn(
                    (HtmlPage) browser.open(attempt.uri().toString()), account.username(), TestAccounts.PASSWORD);
            TokenResponse tokens = app.exchange(app.code(browser.lastClientRedirect(), attempt), attempt.verifier());
            return tokens.toSuccessResponse().getTokens().getAccessToken().getValue();
        }
    }

    private static Logger rootLogger() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(String text, byte[] raw) {
        return concat(bytes(text), raw);
    }

    private static byte[] concat(byte[] first, String text) {
        return concat(first, bytes(text));
    }

    private static byte[] concat(byte[] first, byte[] second) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(first);
        out.writeBytes(second);
        return out.toByteArray();
    }

    private static String abbreviate(String text) {
        String line = (text == null) ? "" : text.replaceAll("\\s+", " ");
        return (line.length() > 200) ? line.substring(0, 200) + "…" : line;
    }

    /** One method and path pattern. */
    record Endpoint(String method, String path) implements Comparable<Endpoint> {

        @Override
        public int compareTo(Endpoint other) {
            int byPath = this.path.compareTo(other.path);
            return (byPath != 0) ? byPath : this.method.compareTo(other.method);
        }

        @Override
        public String toString() {
            return this.method + " " + this.path;
        }
    }
}
