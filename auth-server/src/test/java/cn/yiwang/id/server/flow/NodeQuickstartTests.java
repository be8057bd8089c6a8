package cn.yiwang.id.server.flow;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.server.test.Browser;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.TestAccounts;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Node quickstart of docs/oidc-integration.md, run as it is: {@code docs/quickstart-node} (openid-client 6,
 * installed with {@code npm ci}) started as a Node process against the test server, a browser signing in
 * through it, and its answer checked: verified ID token claims, userinfo, and an end-session URL that signs the
 * browser out. Node.js 20+ and npm are required; without them this test fails saying what to install.
 */
class NodeQuickstartTests extends IntegrationTestSupport {

    /** Registered for {@code test-node-quickstart} in config/test-clients.yml. */
    private static final String APP = "http://127.0.0.1:8091";

    private static final Duration NPM_TIMEOUT = Duration.ofMinutes(5);

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private static final String INSTALL_NODE =
            "Node.js 20 or newer and npm are needed for the Node quickstart test: install them (Debian 13: apt-get"
                    + " install nodejs npm; Debian 12 ships Node.js 18, take Node.js 20 from NodeSource) and run"
                    + " again.";

    private static Path app;

    @Autowired
    AccountRepository accounts;

    /** Copies the quickstart to target/ and installs its locked dependencies, once for the class. */
    @BeforeAll
    static void installQuickstart() throws Exception {
        requireNode();
        Path source = quickstartSource();
        app = Path.of("target", "quickstart-node").toAbsolutePath();
        Files.createDirectories(app);
        for (String file : List.of("package.json", "package-lock.json", "app.mjs")) {
            Files.copy(source.resolve(file), app.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Path log = app.resolve("npm-ci.log");
        Process npm = new ProcessBuilder("npm", "ci", "--prefer-offline", "--no-audit", "--no-fund")
                .directory(app.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean done = npm.waitFor(NPM_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!done) {
            npm.destroyForcibly();
        }
        assertThat(done && npm.exitValue() == 0)
                .as("npm ci in %s (timeout %s):%n%s", app, NPM_TIMEOUT, Files.readString(log))
                .isTrue();
    }

    @Test
    void signInWhenNodeQuickstartRunsThenClaimsUserinfoAndEndSessionUrlWork() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        Path out = app.resolve("app.out");
        Path err = app.resolve("app.err");
        ProcessBuilder builder = new ProcessBuilder("node", "app.mjs")
                .directory(app.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment()
                .putAll(Map.of(
                        "ISSUER", ISSUER,
                        "CLIENT_ID", "test-node-quickstart",
                        "CLIENT_SECRET", "node-quickstart-secret",
                        "APP_URL", APP,
                        "PORT", "8091",
                        "LOCAL_TEST", "true"));
        Process node = builder.start();
        try {
            awaitListening(node, out, err);
            try (Browser browser = new Browser()) {
                Page login = browser.open(APP + "/login");
                assertThat(login).isInstanceOf(HtmlPage.class);
                Page answer = browser.signIn((HtmlPage) login, account.username(), TestAccounts.PASSWORD);
                String body = answer.getWebResponse().getContentAsString();
                assertThat(answer.getWebResponse().getStatusCode())
                        .as("the app's callback answered %s", body)
                        .isEqualTo(200);
                assertThat(answer.getUrl().toString()).startsWith(APP + "/callback?");

                JsonNode signedIn = JsonMapper.builder().build().readTree(body);
                JsonNode claims = signedIn.get("claims");
                assertThat(claims.get("sub").asString()).isEqualTo(account.id().toString());
                assertThat(claims.get("acr").asString()).isEqualTo("urn:yiwang:loa:1");
                assertThat(claims.get("iss").asString()).isEqualTo(ISSUER);
                assertThat(claims.get("aud").toString()).contains("test-node-quickstart");
                JsonNode userinfo = signedIn.get("userinfo");
                assertThat(userinfo.get("sub").asString())
                        .isEqualTo(account.id().toString());
                assertThat(userinfo.get("preferred_username").asString()).isEqualTo(account.username());
                assertThat(Files.readString(out)).contains("signed in: sub=" + account.id() + " acr=urn:yiwang:loa:1");

                String endSession = signedIn.get("end_session_url").asString();
                assertThat(endSession).startsWith(ISSUER + "/connect/logout?");
                Map<String, String> logout = query(endSession);
                assertThat(logout).containsEntry("post_logout_redirect_uri", APP + "/");
                assertThat(logout.get("id_token_hint")).as("the ID token").matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");

                Page signedOut = browser.open(APP + "/logout");
                assertThat(signedOut.getUrl().toString())
                        .as("the end-session URL brings the browser back")
                        .isEqualTo(APP + "/");
                assertThat(signedOut.getWebResponse().getContentAsString()).contains("Signed out");
                Page again = browser.open(APP + "/login");
                assertThat(again)
                        .as("the session at Yiwang ID has ended: signing in asks for the password again")
                        .isInstanceOf(HtmlPage.class);
                assertThat(((HtmlPage) again).getForms())
                        .anyMatch((form) -> form.getActionAttribute().endsWith("/login"));
            }
        } catch (AssertionError | RuntimeException ex) {
            // what the Node app said explains most failures (discovery, token or ID token errors)
            throw new AssertionError(ex.getMessage() + System.lineSeparator() + output(out, err), ex);
        } finally {
            node.destroy();
            if (!node.waitFor(5, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
    }

    /** The doc shows the app's own code: every line of its section 4 snippet is a line of app.mjs. */
    @Test
    void docSnippetWhenComparedWithTheAppThenEveryLineIsTheApps() throws IOException {
        Path source = quickstartSource();
        String doc = Files.readString(source.resolve("../oidc-integration.md"));
        Matcher section = Pattern.compile("(?s)## 4\\. Quickstart: a Node app.*?```js\\n(.*?)```")
                .matcher(doc);
        assertThat(section.find())
                .as("a js snippet in section 4 of docs/oidc-integration.md")
                .isTrue();
        List<String> appLines = Files.readAllLines(source.resolve("app.mjs")).stream()
                .map(String::strip)
                .toList();
        List<String> snippet = section.group(1)
                .lines()
                .map(String::strip)
                .filter((line) -> !line.isEmpty())
                .toList();
        assertThat(snippet).hasSizeGreaterThan(10);
        assertThat(appLines).containsAll(snippet);
    }

    private static void requireNode() {
        String version = run("node", "--version");
        Matcher major = Pattern.compile("v(\\d+)\\.").matcher(version);
        if (!major.lookingAt() || Integer.parseInt(major.group(1)) < 20) {
            throw new AssertionError("Found node " + version.strip() + ". " + INSTALL_NODE);
        }
        run("npm", "--version");
    }

    private static String run(String... command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not answer. " + INSTALL_NODE);
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed: " + output + " " + INSTALL_NODE);
            }
            return output;
        } catch (IOException ex) {
            throw new AssertionError(command[0] + " is not installed (" + ex.getMessage() + "). " + INSTALL_NODE, ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    /** docs/quickstart-node, found from the module (surefire's working directory) or the repository root. */
    private static Path quickstartSource() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("docs/quickstart-node");
            if (Files.isRegularFile(candidate.resolve("package.json"))) {
                return candidate;
            }
        }
        throw new AssertionError(
                "docs/quickstart-node not found above " + Path.of("").toAbsolutePath());
    }

    private static void awaitListening(Process node, Path out, Path err) throws Exception {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!Files.readString(out).contains("listening on")) {
            if (!node.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("the Node app did not start (exit "
                        + (node.isAlive() ? "none, timeout " + START_TIMEOUT : node.exitValue()) + ")");
            }
            Thread.sleep(100);
        }
    }

    private static Map<String, String> query(String url) {
        return UriComponentsBuilder.fromUri(URI.create(url))
                .build()
                .getQueryParams()
                .toSingleValueMap()
                .entrySet()
                .stream()
                .collect(Collectors.toMap(
                        Map.Entry::getKey, (e) -> URLDecoder.decode(e.getValue(), StandardCharsets.UTF_8)));
    }

    private static String output(Path out, Path err) {
        try {
            return "--- node stdout ---%n%s--- node stderr ---%n%s"
                    .formatted(Files.readString(out), Files.readString(err));
        } catch (IOException ex) {
            return "(the Node app's output could not be read: " + ex.getMessage() + ")";
        }
    }
}
