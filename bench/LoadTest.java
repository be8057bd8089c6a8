import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Closed-loop load generator for Yiwang ID. Single file, JDK only: {@code java bench/LoadTest.java --help}.
 *
 * <p>N worker threads each send requests (or whole flows) back to back; nothing is paced. Every run is
 * bounded: a warm-up, a measured window, a cap on the total number of HTTP requests, a per-request
 * timeout and a watchdog that ends the process if anything hangs. Only loopback base URLs are accepted,
 * and redirects are followed by hand only when they stay on the same loopback origin.
 */
public final class LoadTest {

    static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "localhost", "::1", "[::1]");
    static final List<String> SCENARIOS = List.of("client-credentials", "refresh", "login", "jwks", "saml-sso",
            "saml-metadata", "rs256-sign", "argon2id");
    static final String[] LOGIN_STEPS = { "GET /oauth2/authorize", "GET /login", "POST /login",
            "GET /oauth2/authorize (signed in)", "POST /oauth2/token (code)" };
    static final String[] LOGIN_STEP_KEYS = { "authorize1", "login_page", "login_post", "authorize2", "token" };
    static final String[] SAML_STEPS = { "GET /saml2/idp/init", "GET /saml2/idp/continue" };
    static final String[] SAML_STEP_KEYS = { "init", "continue" };
    static final int MAX_STEPS = LOGIN_STEPS.length;

    /** The timed steps of a scenario's operation, or null when it is a single request. */
    static String[] steps(String scenario) {
        return switch (scenario) {
            case "login" -> LOGIN_STEPS;
            case "saml-sso" -> SAML_STEPS;
            default -> null;
        };
    }

    static String[] stepKeys(String scenario) {
        return scenario.equals("login") ? LOGIN_STEP_KEYS : SAML_STEP_KEYS;
    }

    // ------------------------------------------------------------------ options

    static final class Options {
        URI baseUrl = URI.create("http://127.0.0.1:9000");
        List<String> scenarios = List.of("client-credentials");
        int concurrency = 16;
        int warmupSeconds = 10;
        int durationSeconds = 30;
        long maxRequests = 1_000_000;
        int timeoutSeconds = 10;
        int setupTimeoutSeconds = 120;
        boolean sharedClient = false;
        List<Long> serverPids = new ArrayList<>();
        String serviceClient = "demo-service";
        String serviceSecret = "demo-secret";
        String serviceScope = "api.read";
        String webClient = "demo-web";
        String webSecret = "demo-secret";
        String redirectUri = "http://127.0.0.1:8081/callback";
        String webScope = "openid profile";
        String username = "demo";
        String password = "Demo@2026!";
        String samlSp = "demo-sp";
        String samlAcs = "http://127.0.0.1:8090/saml/acs";
    }

    static void usage() {
        System.out.println("""
                Usage: java bench/LoadTest.java [options]
                  --base-url URL          server to load, loopback only (default http://127.0.0.1:9000)
                  --scenario LIST         comma-separated: client-credentials, refresh, login, jwks,
                                          saml-sso (IdP-initiated SAML sign-on with the worker's SSO session),
                                          saml-metadata (GET /saml2/idp/metadata, signed per request),
                                          and two local references that need no server: rs256-sign (cost of one
                                          RS256 signature) and argon2id (one Argon2id hash with the server's
                                          parameters; needs bcprov on the class path) (default client-credentials)
                  --concurrency N         worker threads, closed loop (default 16)
                  --warmup S              warm-up seconds, not counted (default 10)
                  --duration S            measured seconds (default 30)
                  --max-requests N        hard cap on HTTP requests per scenario, warm-up and set-up included (default 1000000)
                  --timeout S             per-request timeout (default 10)
                  --setup-timeout S       bound on the set-up phase, e.g. the logins of 'refresh' (default 120)
                  --shared-client         one HttpClient for all workers (default: one per worker)
                  --server-pid PID        measure this process's CPU (and its child processes', e.g. the
                                          embedded Redis) over the measured window; Linux /proc only
                  --username U --password P            account for refresh/login/saml-sso (default demo / Demo@2026!)
                  --web-client ID --web-secret S       code-flow client (default demo-web / demo-secret)
                  --redirect-uri URI                   (default http://127.0.0.1:8081/callback)
                  --service-client ID --service-secret S --service-scope SC   (default demo-service / demo-secret / api.read)
                  --saml-sp ALIAS --saml-acs URL       SP for saml-sso and the ACS its form must post to
                                                       (default demo-sp / http://127.0.0.1:8090/saml/acs)
                Output: a human-readable block and one machine-readable 'RESULT key=value ...' line per scenario.
                """);
    }

    static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                usage();
                System.exit(0);
            }
            if (a.equals("--shared-client")) {
                o.sharedClient = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("Missing value for " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--base-url" -> o.baseUrl = URI.create(v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
                case "--scenario" -> o.scenarios = List.of(v.split(","));
                case "--concurrency" -> o.concurrency = positive(a, Integer.parseInt(v));
                case "--warmup" -> o.warmupSeconds = Math.max(0, Integer.parseInt(v));
                case "--duration" -> o.durationSeconds = positive(a, Integer.parseInt(v));
                case "--max-requests" -> o.maxRequests = positive(a, Long.parseLong(v));
                case "--timeout" -> o.timeoutSeconds = positive(a, Integer.parseInt(v));
                case "--setup-timeout" -> o.setupTimeoutSeconds = positive(a, Integer.parseInt(v));
                case "--server-pid" -> o.serverPids.add(Long.parseLong(v));
                case "--username" -> o.username = v;
                case "--password" -> o.password = v;
                case "--web-client" -> o.webClient = v;
                case "--web-secret" -> o.webSecret = v;
                case "--redirect-uri" -> o.redirectUri = v;
                case "--service-client" -> o.serviceClient = v;
                case "--service-secret" -> o.serviceSecret = v;
                case "--service-scope" -> o.serviceScope = v;
                case "--saml-sp" -> o.samlSp = v;
                case "--saml-acs" -> o.samlAcs = v;
                default -> throw new IllegalArgumentException("Unknown option " + a + " (see --help)");
            }
        }
        for (String s : o.scenarios) {
            if (!SCENARIOS.contains(s)) {
                throw new IllegalArgumentException("Unknown scenario " + s + "; one of " + SCENARIOS);
            }
        }
        String scheme = o.baseUrl.getScheme();
        String host = o.baseUrl.getHost();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("--base-url must be http(s): " + o.baseUrl);
        }
        if (host == null || !LOOPBACK_HOSTS.contains(host.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("Refusing --base-url " + o.baseUrl
                    + ": this load test only targets the loopback interface (127.0.0.1, localhost, ::1)");
        }
        if (o.baseUrl.getRawPath() != null && !o.baseUrl.getRawPath().isEmpty()) {
            throw new IllegalArgumentException("--base-url takes scheme://host:port only: " + o.baseUrl);
        }
        return o;
    }

    static int positive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be > 0");
        }
        return v;
    }

    static long positive(String name, long v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be > 0");
        }
        return v;
    }

    // ------------------------------------------------------------------ main

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = parse(args);
        }
        catch (IllegalArgumentException ex) {
            System.err.println("LoadTest: " + ex.getMessage());
            System.exit(64);
            return;
        }
        int failures = 0;
        for (String scenario : o.scenarios) {
            if (scenario.equals("rs256-sign")) {
                rs256Sign(o);
                continue;
            }
            if (scenario.equals("argon2id")) {
                argon2id(o);
                continue;
            }
            Result r = new Run(o, scenario).execute();
            r.print();
            if (r.completed == 0) {
                failures++;
            }
        }
        System.exit(failures == 0 ? 0 : 1);
    }

    // ------------------------------------------------------------------ one scenario run

    /** Thrown by a check that fails: counted as an error, never hidden. */
    static final class Unexpected extends Exception {
        Unexpected(String message) {
            super(message, null, false, false);
        }
    }

    /** Thrown when --max-requests is reached. */
    static final class CapReached extends RuntimeException {
        CapReached() {
            super("max-requests reached", null, false, false);
        }
    }

    static final class LongList {
        long[] values = new long[1024];
        int size;

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }
    }

    static final class Tokens {
        String accessToken;
        String refreshToken;
    }

    static final class Cookies {
        final Map<String, String> values = new LinkedHashMap<>();

        void update(HttpResponse<?> response) {
            for (String header : response.headers().allValues("set-cookie")) {
                String[] parts = header.split(";");
                int eq = parts[0].indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String name = parts[0].substring(0, eq).trim();
                String value = parts[0].substring(eq + 1).trim();
                boolean expired = value.isEmpty();
                for (int i = 1; i < parts.length; i++) {
                    String attr = parts[i].trim().toLowerCase(Locale.ROOT);
                    if (attr.equals("max-age=0") || (attr.startsWith("expires=") && attr.contains("1970"))) {
                        expired = true;
                    }
                }
                if (expired) {
                    values.remove(name);
                }
                else {
                    values.put(name, value);
                }
            }
        }

        HttpRequest.Builder apply(HttpRequest.Builder builder) {
            if (!values.isEmpty()) {
                StringBuilder sb = new StringBuilder();
                values.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "; ").append(k).append('=').append(v));
                builder.header("Cookie", sb.toString());
            }
            return builder;
        }
    }

    static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"|value=\"([^\"]+)\"\\s+name=\"_csrf\"");
    static final String SAML_SUCCESS = "StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"";
    static final Pattern REFRESH_TOKEN = Pattern.compile("\"refresh_token\"\\s*:\\s*\"([^\"]+)\"");

    static final class Run {
        final Options o;
        final String scenario;
        final AtomicLong sent = new AtomicLong();
        final ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();
        final AtomicLong errorSampleCount = new AtomicLong();
        final AtomicLong capAt = new AtomicLong(Long.MAX_VALUE);
        final String serviceAuth;
        final String webAuth;
        volatile boolean stop;
        volatile boolean capped;
        volatile long measureStart = Long.MAX_VALUE;
        volatile long measureEnd = Long.MAX_VALUE;
        HttpClient shared;

        Run(Options o, String scenario) {
            this.o = o;
            this.scenario = scenario;
            this.serviceAuth = basic(o.serviceClient, o.serviceSecret);
            this.webAuth = basic(o.webClient, o.webSecret);
        }

        HttpClient newClient() {
            return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        }

        final class Worker implements Runnable {
            final HttpClient client;
            final CountDownLatch setupDone;
            final CountDownLatch go;
            final LongList latencies = new LongList();
            final LongList[] steps = new LongList[MAX_STEPS];
            final long[] stepScratch = new long[MAX_STEPS];
            long completed;
            long errors;
            long errorsOutsideWindow;
            String refreshToken;
            /** saml-sso: the cookie jar holding the worker's SSO session, null once it was lost. */
            Cookies jar;
            String setupFailure;

            Worker(HttpClient client, CountDownLatch setupDone, CountDownLatch go) {
                this.client = client;
                this.setupDone = setupDone;
                this.go = go;
                for (int i = 0; i < steps.length; i++) {
                    steps[i] = new LongList();
                }
            }

            @Override
            public void run() {
                try {
                    if (scenario.equals("refresh") || scenario.equals("saml-sso")) {
                        try {
                            Cookies cookies = new Cookies();
                            String token = login(this, false, cookies).refreshToken;
                            if (scenario.equals("refresh")) {
                                this.refreshToken = token;
                            }
                            else {
                                this.jar = cookies; // the SSO session the sign-ons reuse
                            }
                        }
                        catch (Exception ex) {
                            setupFailure = String.valueOf(ex.getMessage());
                        }
                    }
                }
                finally {
                    setupDone.countDown();
                }
                try {
                    go.await();
                }
                catch (InterruptedException ex) {
                    return;
                }
                while (!stop) {
                    long t0 = System.nanoTime();
                    if (t0 >= measureEnd) {
                        break;
                    }
                    boolean ok;
                    String failure = null;
                    try {
                        iterate(this);
                        ok = true;
                    }
                    catch (CapReached ex) {
                        break;
                    }
                    catch (Unexpected ex) {
                        ok = false;
                        failure = ex.getMessage();
                    }
                    catch (InterruptedException ex) {
                        break;
                    }
                    catch (Exception ex) {
                        ok = false;
                        failure = describe(ex);
                    }
                    long t1 = System.nanoTime();
                    boolean inWindow = t1 >= measureStart && t1 <= measureEnd;
                    if (ok && inWindow) {
                        completed++;
                        latencies.add(t1 - t0);
                        if (steps(scenario) != null) {
                            for (int i = 0; i < steps(scenario).length; i++) {
                                steps[i].add(stepScratch[i]);
                            }
                        }
                    }
                    else if (!ok) {
                        if (inWindow) {
                            errors++;
                        }
                        else {
                            errorsOutsideWindow++;
                        }
                        if (errorSampleCount.incrementAndGet() <= 5) {
                            errorSamples.add(failure);
                        }
                        try {
                            Thread.sleep(5); // no hot spin against a failing server
                        }
                        catch (InterruptedException ex) {
                            break;
                        }
                    }
                }
            }
        }

        void iterate(Worker w) throws Exception {
            switch (scenario) {
                case "client-credentials" -> {
                    HttpResponse<String> r = send(w, HttpRequest.newBuilder(o.baseUrl.resolve("/oauth2/token"))
                        .header("Authorization", serviceAuth)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "grant_type=client_credentials&scope=" + enc(o.serviceScope))));
                    expectStatus("client_credentials token", r, 200);
                    requireToken("client_credentials token", r.body());
                }
                case "jwks" -> {
                    HttpResponse<String> r = send(w, HttpRequest.newBuilder(o.baseUrl.resolve("/oauth2/jwks"))
                        .header("Accept", "application/json")
                        .GET());
                    expectStatus("jwks", r, 200);
                    if (!r.body().contains("\"keys\"") || !r.body().contains("\"kty\"")) {
                        throw new Unexpected("jwks: no keys in " + snippet(r.body()));
                    }
                }
                case "refresh" -> {
                    if (w.refreshToken == null) {
                        // lost in an earlier error: sign in again (inside the timed iteration; errors cost)
                        w.refreshToken = login(w, false, new Cookies()).refreshToken;
                    }
                    String token = w.refreshToken;
                    w.refreshToken = null;
                    HttpResponse<String> r = send(w, HttpRequest.newBuilder(o.baseUrl.resolve("/oauth2/token"))
                        .header("Authorization", webAuth)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "grant_type=refresh_token&refresh_token=" + enc(token))));
                    expectStatus("refresh_token grant", r, 200);
                    requireToken("refresh_token grant", r.body());
                    Matcher m = REFRESH_TOKEN.matcher(r.body());
                    if (!m.find()) {
                        throw new Unexpected("refresh_token grant: no refresh_token in " + snippet(r.body()));
                    }
                    if (m.group(1).equals(token)) {
                        throw new Unexpected("refresh_token grant: refresh token was not rotated");
                    }
                    w.refreshToken = m.group(1);
                }
                case "login" -> login(w, true, new Cookies());
                case "saml-sso" -> samlSso(w);
                case "saml-metadata" -> {
                    HttpResponse<String> r = send(w, HttpRequest.newBuilder(o.baseUrl.resolve("/saml2/idp/metadata"))
                        .header("Accept", "application/samlmetadata+xml")
                        .GET());
                    expectStatus("saml metadata", r, 200);
                    String body = r.body();
                    if (!body.contains("IDPSSODescriptor") || !signed(body)) {
                        throw new Unexpected("saml metadata: no signed IDPSSODescriptor in " + snippet(body));
                    }
                }
                default -> throw new IllegalStateException(scenario);
            }
        }

        /**
         * An IdP-initiated SAML sign-on with the worker's SSO session: init → 302 continue → 200 auto-post
         * page. The SAMLResponse is checked cheaply (string tests, no XML parsing or signature validation) so
         * that the load generator's CPU stays low.
         */
        void samlSso(Worker w) throws Exception {
            if (w.jar == null) {
                // lost in an earlier error: sign in again (inside the timed iteration; errors cost)
                Cookies cookies = new Cookies();
                login(w, false, cookies);
                w.jar = cookies;
            }
            long t = System.nanoTime();
            HttpResponse<String> r = send(w, w.jar.apply(HttpRequest.newBuilder(
                    o.baseUrl.resolve("/saml2/idp/init?sp=" + enc(o.samlSp))).header("Accept", "text/html").GET()));
            w.jar.update(r);
            expectStatus("saml init", r, 302);
            URI next = sameOrigin("saml init", r);
            if (!next.getPath().equals("/saml2/idp/continue")) {
                throw new Unexpected("saml init: redirected to " + next + ", not /saml2/idp/continue");
            }
            t = step(w, true, 0, t);

            r = send(w, w.jar.apply(HttpRequest.newBuilder(next).header("Accept", "text/html").GET()));
            w.jar.update(r);
            if (r.statusCode() == 302) {
                w.jar = null;
                // e.g. ended by the server's cap on sessions per account (yiwang.session.max-per-account,
                // default 10): more workers than that, all signed in as the one account, end each other's
                throw new Unexpected("saml continue: redirected to " + r.headers().firstValue("location").orElse("")
                        + " (SSO session ended; more workers than yiwang.session.max-per-account?)");
            }
            expectStatus("saml continue", r, 200);
            String page = r.body();
            if (!page.contains("<form id=\"saml\"")) {
                throw new Unexpected("saml continue: no SAML form in " + snippet(page));
            }
            String action = attribute(page, "action=\"");
            if (!o.samlAcs.equals(action)) {
                throw new Unexpected("saml continue: the form posts to " + action + ", not " + o.samlAcs);
            }
            String encoded = attribute(page, "name=\"SAMLResponse\" value=\"");
            if (encoded == null) {
                throw new Unexpected("saml continue: no SAMLResponse in " + snippet(page));
            }
            String xml;
            try {
                xml = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            }
            catch (IllegalArgumentException ex) {
                throw new Unexpected("saml continue: SAMLResponse is not base64");
            }
            if (!xml.contains("<samlp:Response") || !xml.contains(SAML_SUCCESS)) {
                throw new Unexpected("saml continue: not a Success response: " + snippet(xml));
            }
            if (!xml.contains("<saml:Assertion") || !signed(xml)) {
                throw new Unexpected("saml continue: no signed assertion in " + snippet(xml));
            }
            step(w, true, 1, t);
        }

        /** A full browser-style sign-in with the given (fresh) cookie jar, then the code exchange. */
        Tokens login(Worker w, boolean timeSteps, Cookies jar) throws Exception {
            String verifier = randomToken(32);
            String challenge = b64url(MessageDigest.getInstance("SHA-256")
                .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
            String state = randomToken(12);
            String nonce = randomToken(12);
            URI authorize = o.baseUrl.resolve("/oauth2/authorize?response_type=code&client_id=" + enc(o.webClient)
                    + "&scope=" + enc(o.webScope) + "&redirect_uri=" + enc(o.redirectUri) + "&state=" + state
                    + "&nonce=" + nonce + "&code_challenge=" + challenge + "&code_challenge_method=S256");
            long t = System.nanoTime();

            // 1. authorization request, not signed in: to the login page
            HttpResponse<String> r = send(w, jar.apply(HttpRequest.newBuilder(authorize)
                .header("Accept", "text/html")
                .GET()));
            jar.update(r);
            expectStatus("authorize (anonymous)", r, 302);
            URI loginPage = sameOrigin("authorize (anonymous)", r);
            if (!loginPage.getPath().equals("/login")) {
                throw new Unexpected("authorize (anonymous): redirected to " + loginPage + ", not /login");
            }
            t = step(w, timeSteps, 0, t);

            // 2. the login page and its CSRF token
            r = send(w, jar.apply(HttpRequest.newBuilder(loginPage).header("Accept", "text/html").GET()));
            jar.update(r);
            expectStatus("login page", r, 200);
            Matcher m = CSRF.matcher(r.body());
            if (!m.find()) {
                throw new Unexpected("login page: no _csrf field");
            }
            String csrf = m.group(1) != null ? m.group(1) : m.group(2);
            t = step(w, timeSteps, 1, t);

            // 3. the form post (Argon2id verification on the server)
            r = send(w, jar.apply(HttpRequest.newBuilder(o.baseUrl.resolve("/login"))
                .header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + enc(o.username) + "&password="
                        + enc(o.password) + "&_csrf=" + enc(csrf)))));
            jar.update(r);
            expectStatus("login post", r, 302);
            URI back = sameOrigin("login post", r);
            if (!back.getPath().equals("/oauth2/authorize")) {
                throw new Unexpected("login post: redirected to " + back + " (sign-in failed?)");
            }
            t = step(w, timeSteps, 2, t);

            // 4. back to the authorization endpoint, now signed in: code to the client's redirect URI
            r = send(w, jar.apply(HttpRequest.newBuilder(back).header("Accept", "text/html").GET()));
            jar.update(r);
            expectStatus("authorize (signed in)", r, 302);
            String location = r.headers().firstValue("location").orElse("");
            if (!location.startsWith(o.redirectUri + "?")) {
                throw new Unexpected("authorize (signed in): redirected to " + location);
            }
            Map<String, String> params = query(URI.create(location).getRawQuery());
            String code = params.get("code");
            if (code == null || !state.equals(params.get("state"))) {
                throw new Unexpected("authorize (signed in): no code or wrong state in " + location);
            }
            t = step(w, timeSteps, 3, t);

            // 5. code exchange
            r = send(w, HttpRequest.newBuilder(o.baseUrl.resolve("/oauth2/token"))
                .header("Authorization", webAuth)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + enc(code)
                        + "&redirect_uri=" + enc(o.redirectUri) + "&code_verifier=" + verifier)));
            expectStatus("code exchange", r, 200);
            requireToken("code exchange", r.body());
            if (!r.body().contains("\"id_token\"")) {
                throw new Unexpected("code exchange: no id_token in " + snippet(r.body()));
            }
            Matcher rt = REFRESH_TOKEN.matcher(r.body());
            if (!rt.find()) {
                throw new Unexpected("code exchange: no refresh_token in " + snippet(r.body()));
            }
            step(w, timeSteps, 4, t);
            Tokens tokens = new Tokens();
            tokens.refreshToken = rt.group(1);
            return tokens;
        }

        long step(Worker w, boolean timeSteps, int index, long since) {
            long now = System.nanoTime();
            if (timeSteps) {
                w.stepScratch[index] = now - since;
            }
            return now;
        }

        URI sameOrigin(String what, HttpResponse<?> r) throws Unexpected {
            String location = r.headers().firstValue("location").orElse(null);
            if (location == null) {
                throw new Unexpected(what + ": no Location header");
            }
            URI target = r.uri().resolve(location);
            if (!target.getScheme().equals(o.baseUrl.getScheme()) || !target.getHost().equals(o.baseUrl.getHost())
                    || target.getPort() != o.baseUrl.getPort()) {
                throw new Unexpected(what + ": redirect leaves the server under test: " + target);
            }
            return target;
        }

        HttpResponse<String> send(Worker w, HttpRequest.Builder builder) throws IOException, InterruptedException {
            if (sent.incrementAndGet() > o.maxRequests) {
                capAt.compareAndSet(Long.MAX_VALUE, System.nanoTime());
                capped = true;
                stop = true;
                throw new CapReached();
            }
            return w.client.send(builder.timeout(Duration.ofSeconds(o.timeoutSeconds)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        Result execute() throws InterruptedException {
            long bound = o.setupTimeoutSeconds + o.warmupSeconds + o.durationSeconds + 2L * o.timeoutSeconds + 30;
            Thread watchdog = new Thread(() -> {
                try {
                    Thread.sleep(TimeUnit.SECONDS.toMillis(bound));
                    System.err.println("LoadTest: watchdog: scenario " + scenario + " exceeded " + bound
                            + " s, exiting");
                    System.out.flush();
                    Runtime.getRuntime().halt(3);
                }
                catch (InterruptedException ex) {
                    // finished in time
                }
            }, "watchdog");
            watchdog.setDaemon(true);
            watchdog.start();

            CountDownLatch setupDone = new CountDownLatch(o.concurrency);
            CountDownLatch go = new CountDownLatch(1);
            if (o.sharedClient) {
                shared = newClient();
            }
            List<Worker> workers = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < o.concurrency; i++) {
                Worker w = new Worker(o.sharedClient ? shared : newClient(), setupDone, go);
                workers.add(w);
                Thread th = new Thread(w, scenario + "-" + i);
                th.setDaemon(true);
                threads.add(th);
                th.start();
            }
            long setupStart = System.nanoTime();
            if (!setupDone.await(o.setupTimeoutSeconds, TimeUnit.SECONDS)) {
                System.err.println("LoadTest: set-up did not finish within " + o.setupTimeoutSeconds + " s");
                stop = true;
            }
            long setupNanos = System.nanoTime() - setupStart;
            long setupFailures = workers.stream().filter((w) -> w.setupFailure != null).count();
            if (setupFailures > 0) {
                System.err.println("LoadTest: " + setupFailures + " worker(s) failed set-up, e.g. "
                        + workers.stream().filter((w) -> w.setupFailure != null).findFirst().get().setupFailure);
            }
            long start = System.nanoTime();
            measureStart = start + TimeUnit.SECONDS.toNanos(o.warmupSeconds);
            measureEnd = measureStart + TimeUnit.SECONDS.toNanos(o.durationSeconds);
            go.countDown();

            sleepUntil(measureStart, this);
            Snapshot before = Snapshot.take(o.serverPids);
            sleepUntil(measureEnd, this);
            Snapshot after = Snapshot.take(o.serverPids);
            long windowEnd = System.nanoTime();
            stop = true;
            for (Thread th : threads) {
                th.join(TimeUnit.SECONDS.toMillis(o.timeoutSeconds + 5L));
            }
            watchdog.interrupt();

            Result r = new Result();
            r.scenario = scenario;
            r.concurrency = o.concurrency;
            r.warmup = o.warmupSeconds;
            r.setupSeconds = setupNanos / 1e9;
            r.capped = capped;
            r.sent = Math.min(sent.get(), o.maxRequests);
            for (Worker w : workers) {
                r.completed += w.completed;
                r.errors += w.errors;
                r.errorsOutsideWindow += w.errorsOutsideWindow;
            }
            // if the cap stopped the run early, the window ends where the cap was hit
            r.seconds = Math.max(0.001, (Math.min(Math.min(windowEnd, measureEnd), capAt.get()) - measureStart) / 1e9);
            r.latencies = merge(workers.stream().map((w) -> w.latencies).toList());
            if (steps(scenario) != null) {
                r.steps = new long[steps(scenario).length][];
                for (int i = 0; i < r.steps.length; i++) {
                    int index = i;
                    r.steps[i] = merge(workers.stream().map((w) -> w.steps[index]).toList());
                }
            }
            r.errorSamples = new ArrayList<>(errorSamples);
            r.before = before;
            r.after = after;
            return r;
        }
    }

    static long[] merge(List<LongList> lists) {
        int n = lists.stream().mapToInt((l) -> l.size).sum();
        long[] all = new long[n];
        int at = 0;
        for (LongList l : lists) {
            System.arraycopy(l.values, 0, all, at, l.size);
            at += l.size;
        }
        Arrays.sort(all);
        return all;
    }

    static void sleepUntil(long nanoTime, Run run) throws InterruptedException {
        long left;
        while (!run.stop && (left = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
        }
    }

    // ------------------------------------------------------------------ CPU accounting

    /** CPU times at one instant: this process, the server's processes (/proc), the whole machine. */
    static final class Snapshot {
        static final double TICK_MS = 10.0; // USER_HZ = 100 on Linux

        long clientCpuNanos;
        final Map<String, Long> threadTicks = new java.util.HashMap<>();
        long serverTicks = -1;
        long childTicks = -1;
        long machineBusy = -1;
        long machineTotal = -1;

        static Snapshot take(List<Long> serverPids) {
            Snapshot s = new Snapshot();
            java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
            if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
                s.clientCpuNanos = sun.getProcessCpuTime();
            }
            if (!serverPids.isEmpty()) {
                long server = 0;
                long children = 0;
                boolean ok = true;
                for (long pid : serverPids) {
                    long own = ticks(pid);
                    if (own < 0) {
                        ok = false;
                        break;
                    }
                    server += own;
                    threads(pid, s.threadTicks);
                    for (long child : descendants(pid)) {
                        long c = ticks(child);
                        children += Math.max(0, c);
                    }
                }
                if (ok) {
                    s.serverTicks = server;
                    s.childTicks = children;
                }
            }
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long total = 0;
                for (int i = 1; i < Math.min(f.length, 9); i++) {
                    total += Long.parseLong(f[i]);
                }
                long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
                s.machineTotal = total;
                s.machineBusy = total - idle;
            }
            catch (IOException | RuntimeException ex) {
                // not Linux: no machine figure
            }
            return s;
        }

        /** utime + stime of a process, in clock ticks, or -1. */
        static long ticks(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]);
            }
            catch (IOException | RuntimeException ex) {
                return -1;
            }
        }

        /** CPU ticks of a process's threads, summed by thread name with digits folded ("GC Thread#N"). */
        static void threads(long pid, Map<String, Long> into) {
            try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                for (Path t : (Iterable<Path>) tasks::iterator) {
                    try {
                        String stat = Files.readString(t.resolve("stat"));
                        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
                            .replaceAll("[0-9]+", "N");
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        into.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                    }
                    catch (IOException | RuntimeException ex) {
                        // thread gone meanwhile
                    }
                }
            }
            catch (IOException ex) {
                // no /proc
            }
        }

        /**
         * The server's child processes and theirs: the embedded Redis runs under a shell guard, so it is a
         * grandchild of the JVM.
         */
        static List<Long> descendants(long pid) {
            return ProcessHandle.of(pid)
                    .map((handle) -> handle.descendants().map(ProcessHandle::pid).toList())
                    .orElse(List.of());
        }
    }

    // ------------------------------------------------------------------ results

    static final class Result {
        String scenario;
        int concurrency;
        int warmup;
        double seconds;
        double setupSeconds;
        long sent;
        long completed;
        long errors;
        long errorsOutsideWindow;
        boolean capped;
        long[] latencies;
        long[][] steps;
        List<String> errorSamples;
        Snapshot before;
        Snapshot after;

        static double pct(long[] sorted, double q) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(q * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
        }

        static String ms(double v) {
            return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, v < 10 ? "%.2f" : "%.1f", v);
        }

        void print() {
            String unit = switch (scenario) {
                case "login" -> "flows";
                case "saml-sso" -> "sign-ons";
                default -> "requests";
            };
            double rate = completed / seconds;
            double p50 = pct(latencies, 0.50);
            double p90 = pct(latencies, 0.90);
            double p99 = pct(latencies, 0.99);
            double max = latencies.length == 0 ? Double.NaN : latencies[latencies.length - 1] / 1e6;
            double per = Math.max(1, completed);
            double clientCpuMs = (after.clientCpuNanos - before.clientCpuNanos) / 1e6 / per;
            double serverCpuMs = Double.NaN;
            double serverJvmMs = Double.NaN;
            double serverChildMs = Double.NaN;
            if (before.serverTicks >= 0 && after.serverTicks >= 0) {
                serverJvmMs = (after.serverTicks - before.serverTicks) * Snapshot.TICK_MS / per;
                serverChildMs = Math.max(0, after.childTicks - before.childTicks) * Snapshot.TICK_MS / per;
                serverCpuMs = serverJvmMs + serverChildMs;
            }
            double busyPct = Double.NaN;
            double machineCores = Runtime.getRuntime().availableProcessors();
            if (before.machineTotal >= 0 && after.machineTotal > before.machineTotal) {
                busyPct = 100.0 * (after.machineBusy - before.machineBusy) / (after.machineTotal - before.machineTotal);
            }
            // the share of the machine that neither the server (with its child processes) nor this load
            // generator used: other processes, and kernel work not charged to either (e.g. softirq)
            double otherPct = Double.NaN;
            if (!Double.isNaN(busyPct) && !Double.isNaN(serverCpuMs)) {
                double ownMs = (serverCpuMs + clientCpuMs) * per;
                otherPct = Math.max(0, busyPct - 100.0 * ownMs / (seconds * 1000 * machineCores));
            }
            System.out.printf(Locale.ROOT, "%n== %s: concurrency %d, warm-up %d s, measured %.1f s%s%n", scenario,
                    concurrency, warmup, seconds, setupSeconds > 0.5
                            ? String.format(Locale.ROOT, " (set-up %.1f s)", setupSeconds) : "");
            System.out.printf(Locale.ROOT, "completed  %d %s, %.1f/s; errors %d%s; HTTP requests sent in all %d%s%n",
                    completed, unit, rate, errors,
                    errorsOutsideWindow > 0 ? " (and " + errorsOutsideWindow + " during warm-up or after the window)" : "",
                    sent, capped ? " (STOPPED BY --max-requests)" : "");
            System.out.printf(Locale.ROOT, "latency    p50 %s ms, p90 %s ms, p99 %s ms, max %s ms%n", ms(p50), ms(p90),
                    ms(p99), ms(max));
            if (steps != null) {
                for (int i = 0; i < steps.length; i++) {
                    System.out.printf(Locale.ROOT, "  step %-34s p50 %s ms, p99 %s ms%n", steps(scenario)[i],
                            ms(pct(steps[i], 0.5)), ms(pct(steps[i], 0.99)));
                }
            }
            System.out.printf(Locale.ROOT,
                    "CPU        server %s ms per %s (JVM %s, child processes %s); load generator %s ms; "
                            + "machine busy %s%% of %d cores, of which other processes %s%%%n",
                    ms(serverCpuMs), unit.substring(0, unit.length() - 1), ms(serverJvmMs), ms(serverChildMs),
                    ms(clientCpuMs), pct0(busyPct), (int) machineCores, pct0(otherPct));
            if (!after.threadTicks.isEmpty()) {
                long total = Math.max(1, after.serverTicks - before.serverTicks);
                StringBuilder sb = new StringBuilder("server threads (share of server JVM CPU):");
                after.threadTicks.entrySet()
                    .stream()
                    .map((e) -> Map.entry(e.getKey(), e.getValue() - before.threadTicks.getOrDefault(e.getKey(), 0L)))
                    .filter((e) -> e.getValue() > 0)
                    .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                    .limit(6)
                    .forEach((e) -> sb.append(String.format(Locale.ROOT, " %s %.0f%%,", e.getKey(),
                            100.0 * e.getValue() / total)));
                System.out.println(sb.substring(0, sb.length() - 1));
            }
            if (!errorSamples.isEmpty()) {
                System.out.println("first errors:");
                errorSamples.forEach((e) -> System.out.println("  - " + e));
            }
            StringBuilder line = new StringBuilder("RESULT");
            kv(line, "scenario", scenario);
            kv(line, "unit", unit);
            kv(line, "concurrency", concurrency);
            kv(line, "seconds", String.format(Locale.ROOT, "%.1f", seconds));
            kv(line, "completed", completed);
            kv(line, "errors", errors);
            kv(line, "errors_outside_window", errorsOutsideWindow);
            kv(line, "rate", String.format(Locale.ROOT, "%.1f", rate));
            kv(line, "p50", ms(p50));
            kv(line, "p90", ms(p90));
            kv(line, "p99", ms(p99));
            kv(line, "max", ms(max));
            kv(line, "server_cpu_ms", ms(serverCpuMs));
            kv(line, "server_jvm_cpu_ms", ms(serverJvmMs));
            kv(line, "server_child_cpu_ms", ms(serverChildMs));
            kv(line, "client_cpu_ms", ms(clientCpuMs));
            kv(line, "machine_busy_pct", pct0(busyPct));
            kv(line, "other_busy_pct", pct0(otherPct));
            kv(line, "capped", capped);
            if (steps != null) {
                String[] names = stepKeys(scenario);
                for (int i = 0; i < steps.length; i++) {
                    kv(line, "step_" + names[i] + "_p50", ms(pct(steps[i], 0.5)));
                }
            }
            System.out.println(line);
            System.out.flush();
        }

        static String pct0(double v) {
            return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.0f", v);
        }

        static void kv(StringBuilder sb, String k, Object v) {
            sb.append(' ').append(k).append('=').append(v);
        }
    }

    // ------------------------------------------------------------------ local RS256 reference

    /** Cost of one RS256 (RSA-2048, SHA-256) signature in this JVM, single thread: the floor of a token. */
    static void rs256Sign(Options o) throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        PrivateKey key = gen.generateKeyPair().getPrivate();
        byte[] input = ("eyJraWQiOiJyczI1Ni0xIiwidHlwIjoiYXQrand0IiwiYWxnIjoiUlMyNTYifQ."
                + "eyJzdWIiOiJkZW1vLXNlcnZpY2UiLCJhdWQiOiJkZW1vLXNlcnZpY2UiLCJzY29wZSI6WyJhcGkucmVhZCJdfQ")
            .getBytes(StandardCharsets.US_ASCII);
        localReference(o, "rs256-sign", "local, 1 thread, no server: RSA-2048 SHA-256 signature",
                () -> sign(key, input));
    }

    /**
     * Cost of one Argon2id hash with the server's parameters (m = 7 MiB, t = 5, p = 1; BouncyCastle, as
     * Spring Security's Argon2PasswordEncoder uses): what every password sign-in pays. Needs the bcprov jar on
     * the class path ({@code java -cp bcprov-jdk18on.jar bench/LoadTest.java --scenario argon2id}); reached
     * by reflection so that the other scenarios need nothing but the JDK.
     */
    static void argon2id(Options o) throws Exception {
        Class<?> builderType;
        try {
            builderType = Class.forName("org.bouncycastle.crypto.params.Argon2Parameters$Builder");
        }
        catch (ClassNotFoundException ex) {
            System.out.println("\n== argon2id: skipped, BouncyCastle (bcprov) is not on the class path");
            return;
        }
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        Object builder = builderType.getConstructor(int.class).newInstance(2); // Argon2Parameters.ARGON2_id
        builder = builderType.getMethod("withSalt", byte[].class).invoke(builder, salt);
        builder = builderType.getMethod("withParallelism", int.class).invoke(builder, 1);
        builder = builderType.getMethod("withMemoryAsKB", int.class).invoke(builder, 7168);
        builder = builderType.getMethod("withIterations", int.class).invoke(builder, 5);
        Object params = builderType.getMethod("build").invoke(builder);
        Class<?> generatorType = Class.forName("org.bouncycastle.crypto.generators.Argon2BytesGenerator");
        java.lang.reflect.Method init = generatorType.getMethod("init", params.getClass());
        java.lang.reflect.Method generate = generatorType.getMethod("generateBytes", char[].class, byte[].class);
        char[] password = o.password.toCharArray();
        localReference(o, "argon2id", "local, 1 thread, no server: Argon2id m=7 MiB t=5 p=1 (BouncyCastle)", () -> {
            Object generator = generatorType.getConstructor().newInstance();
            init.invoke(generator, params);
            byte[] hash = new byte[32];
            generate.invoke(generator, password, hash);
            return hash;
        });
    }

    interface Operation {
        Object run() throws Exception;
    }

    static void localReference(Options o, String name, String what, Operation op) throws Exception {
        long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.min(o.warmupSeconds, 5));
        while (System.nanoTime() < warmEnd) {
            op.run();
        }
        long n = 0;
        long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long end = t0 + TimeUnit.SECONDS.toNanos(Math.min(o.durationSeconds, 10));
        while (System.nanoTime() < end) {
            op.run();
            n++;
        }
        double wallMs = (System.nanoTime() - t0) / 1e6 / n;
        double cpuMs = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0) / 1e6 / n;
        System.out.printf(Locale.ROOT, "%n== %s (%s): %d operations, %.3f ms CPU each (%.3f ms wall)%n", name, what,
                n, cpuMs, wallMs);
        System.out.printf(Locale.ROOT, "RESULT scenario=%s unit=operations completed=%d cpu_ms=%.3f wall_ms=%.3f%n",
                name, n, cpuMs, wallMs);
    }

    static byte[] sign(PrivateKey key, byte[] input) throws Exception {
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(key);
        s.update(input);
        return s.sign();
    }

    // ------------------------------------------------------------------ helpers

    static void expectStatus(String what, HttpResponse<String> r, int expected) throws Unexpected {
        if (r.statusCode() != expected) {
            throw new Unexpected(what + ": HTTP " + r.statusCode() + " (expected " + expected + ") "
                    + snippet(r.body()));
        }
    }

    /** An XML document carrying an XML signature (present, not validated). */
    static boolean signed(String xml) {
        return xml.contains("http://www.w3.org/2000/09/xmldsig#") && xml.contains("SignatureValue>");
    }

    /** The value of the first attribute after {@code prefix} (which ends in the opening quote), or null. */
    static String attribute(String html, String prefix) {
        int at = html.indexOf(prefix);
        if (at < 0) {
            return null;
        }
        int start = at + prefix.length();
        int end = html.indexOf('"', start);
        return end < 0 ? null : html.substring(start, end);
    }

    static void requireToken(String what, String body) throws Unexpected {
        if (!body.contains("\"access_token\":\"")) {
            throw new Unexpected(what + ": no access_token in " + snippet(body));
        }
    }

    /** An exception and its causes, for the error samples: "ConnectException <- ClosedChannelException". */
    static String describe(Throwable ex) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = ex; t != null && sb.length() < 300; t = t.getCause()) {
            sb.append(sb.length() == 0 ? "" : " <- ").append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                sb.append(": ").append(t.getMessage());
            }
        }
        return sb.toString();
    }

    static String snippet(String body) {
        if (body == null) {
            return "";
        }
        String s = body.replaceAll("\\s+", " ");
        return s.length() > 160 ? s.substring(0, 160) + "..." : s;
    }

    static Map<String, String> query(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        if (raw == null) {
            return m;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                m.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder()
            .encodeToString((enc(id) + ":" + enc(secret)).getBytes(StandardCharsets.UTF_8));
    }

    static final SecureRandom RANDOM = new SecureRandom();

    static String randomToken(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return b64url(b);
    }

    static String b64url(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
