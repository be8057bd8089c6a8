import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Login and token latency of Yiwang ID against a seeded account table. Single file, JDK only:
 * {@code java bench/scale/ScaleBench.java MODE [options]}.
 *
 * <p>Modes:
 * <ul>
 * <li>{@code login}: closed loop of full browser-style logins of random existing accounts {@code u<1..rows>}
 * (or, with {@code --login-by phone}, by their seeded mobile number {@code 13000000000+N}):
 * GET /oauth2/authorize (demo-web, PKCE S256) → GET /login (scrape _csrf) → POST /login → GET /oauth2/authorize
 * (code) → POST /oauth2/token (basic auth). Warm-up, then a measured window; p50/p90/p99 of the whole flow and of
 * each step, and the server's CPU time per login (from /proc/PID/stat) when --server-pid is given.</li>
 * <li>{@code refresh}: one login per worker, then a closed loop of refresh_token grants (rotation): the cost of
 * issuing tokens (JWT access + ID token signing, authorization rewrite in Redis) without Argon2id.</li>
 * <li>{@code sessions}: exactly --count full logins (SSO session + authorization with tokens each), no timing.</li>
 * <li>{@code codes}: one login, then exactly --count signed-in authorization requests whose codes are never
 * redeemed (authorizations holding only a code).</li>
 * </ul>
 * Bounded: per-request timeout, a hard cap on requests, and a watchdog that ends the process. Loopback only.
 */
public final class ScaleBench {

    static final String[] STEPS = { "authorize", "login_page", "login_post", "authorize_signed_in", "token" };
    static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"|value=\"([^\"]+)\"\\s+name=\"_csrf\"");
    static final Pattern REFRESH = Pattern.compile("\"refresh_token\"\\s*:\\s*\"([^\"]+)\"");
    static final SecureRandom RANDOM = new SecureRandom();

    String mode;
    URI base = URI.create("http://127.0.0.1:9000");
    int concurrency = 2;
    int warmup = 20;
    int duration = 60;
    long rows = 10_000;
    long count = 1000;
    long maxRequests = 200_000;
    int timeout = 20;
    long serverPid = -1;
    String password = "Scale@2026!";
    String client = "demo-web";
    String secret = "demo-secret";
    String redirect = "http://127.0.0.1:8081/callback";
    String label = "";
    boolean phone = false;

    final AtomicLong sent = new AtomicLong();
    final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    final AtomicLong errorCount = new AtomicLong();

    public static void main(String[] args) throws Exception {
        ScaleBench b = new ScaleBench();
        b.parse(args);
        long bound = 60L + b.warmup + b.duration + 10L * b.timeout + ("sessions".equals(b.mode) || "codes".equals(b.mode) ? 1800 : 0);
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(bound * 1000);
                System.err.println("ScaleBench: watchdog after " + bound + " s, exiting");
                Runtime.getRuntime().halt(3);
            }
            catch (InterruptedException ex) {
                // done in time
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();
        int rc = switch (b.mode) {
            case "login" -> b.loop(false);
            case "refresh" -> b.loop(true);
            case "sessions" -> b.sessions();
            case "codes" -> b.codes();
            default -> throw new IllegalArgumentException("mode: login | refresh | sessions | codes");
        };
        System.exit(rc);
    }

    void parse(String[] args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: ScaleBench login|refresh|sessions|codes [--base-url U] [--concurrency N] "
                    + "[--warmup S] [--duration S] [--rows N] [--count N] [--server-pid PID] [--password P] [--label L] "
                    + "[--login-by username|phone]");
        }
        mode = args[0];
        for (int i = 1; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--base-url" -> base = URI.create(v);
                case "--concurrency" -> concurrency = Integer.parseInt(v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--duration" -> duration = Integer.parseInt(v);
                case "--rows" -> rows = Long.parseLong(v);
                case "--count" -> count = Long.parseLong(v);
                case "--max-requests" -> maxRequests = Long.parseLong(v);
                case "--timeout" -> timeout = Integer.parseInt(v);
                case "--server-pid" -> serverPid = Long.parseLong(v);
                case "--password" -> password = v;
                case "--label" -> label = v;
                case "--login-by" -> phone = "phone".equals(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        String host = base.getHost();
        if (!List.of("127.0.0.1", "localhost", "[::1]", "::1").contains(host)) {
            throw new IllegalArgumentException("loopback only: " + base);
        }
    }

    // ------------------------------------------------------------------ flows

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
                    expired |= attr.equals("max-age=0") || (attr.startsWith("expires=") && attr.contains("1970"));
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

    static final class Fail extends Exception {
        Fail(String message) {
            super(message, null, false, false);
        }
    }

    /** The result of one login: the session cookies and the refresh token. */
    record Login(Cookies jar, String refreshToken) {
    }

    HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    }

    HttpResponse<String> send(HttpClient http, HttpRequest.Builder request) throws Exception {
        if (sent.incrementAndGet() > maxRequests) {
            throw new Fail("max-requests reached");
        }
        return http.send(request.timeout(Duration.ofSeconds(timeout)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static void expect(String what, HttpResponse<String> r, int status) throws Fail {
        if (r.statusCode() != status) {
            String body = r.body() == null ? "" : r.body();
            throw new Fail(what + ": HTTP " + r.statusCode() + " " + r.headers().firstValue("location").orElse("")
                    + " " + body.substring(0, Math.min(200, body.length())).replaceAll("\\s+", " "));
        }
    }

    URI authorizeUri(String state, String challenge) {
        return base.resolve("/oauth2/authorize?response_type=code&client_id=" + enc(client) + "&scope=" + enc("openid profile")
                + "&redirect_uri=" + enc(redirect) + "&state=" + state + "&nonce=" + token(12) + "&code_challenge="
                + challenge + "&code_challenge_method=S256");
    }

    /** One full login of u&lt;n&gt;; step durations (ns) go to steps when not null. */
    Login login(HttpClient http, long n, long[] steps) throws Exception {
        Cookies jar = new Cookies();
        String verifier = token(32);
        String state = token(12);
        long t = System.nanoTime();
        HttpResponse<String> r = send(http, jar.apply(HttpRequest.newBuilder(authorizeUri(state, challenge(verifier)))
            .header("Accept", "text/html").GET()));
        jar.update(r);
        expect("authorize", r, 302);
        URI loginPage = r.uri().resolve(r.headers().firstValue("location").orElse(""));
        if (!loginPage.getPath().equals("/login")) {
            throw new Fail("authorize: redirected to " + loginPage);
        }
        t = step(steps, 0, t);
        r = send(http, jar.apply(HttpRequest.newBuilder(loginPage).header("Accept", "text/html").GET()));
        jar.update(r);
        expect("login page", r, 200);
        Matcher m = CSRF.matcher(r.body());
        if (!m.find()) {
            throw new Fail("login page: no _csrf");
        }
        String csrf = m.group(1) != null ? m.group(1) : m.group(2);
        t = step(steps, 1, t);
        r = send(http, jar.apply(HttpRequest.newBuilder(base.resolve("/login")).header("Accept", "text/html")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("username=" + (phone ? String.valueOf(13_000_000_000L + n) : "u" + n) + "&password=" + enc(password) + "&_csrf=" + enc(csrf)))));
        jar.update(r);
        expect("login post", r, 302);
        URI back = r.uri().resolve(r.headers().firstValue("location").orElse(""));
        if (!back.getPath().equals("/oauth2/authorize")) {
            throw new Fail("login post of u" + n + ": redirected to " + back);
        }
        t = step(steps, 2, t);
        String code = code(http, jar, back, state);
        t = step(steps, 3, t);
        r = send(http, HttpRequest.newBuilder(base.resolve("/oauth2/token")).header("Authorization", basic())
            .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + enc(code) + "&redirect_uri="
                    + enc(redirect) + "&code_verifier=" + verifier)));
        expect("token", r, 200);
        Matcher rt = REFRESH.matcher(r.body());
        if (!r.body().contains("\"id_token\"") || !rt.find()) {
            throw new Fail("token: no id_token or refresh_token");
        }
        step(steps, 4, t);
        return new Login(jar, rt.group(1));
    }

    /** A signed-in authorization request: returns the code from the redirect to the client. */
    String code(HttpClient http, Cookies jar, URI authorize, String state) throws Exception {
        HttpResponse<String> r = send(http, jar.apply(HttpRequest.newBuilder(authorize).header("Accept", "text/html").GET()));
        jar.update(r);
        expect("authorize (signed in)", r, 302);
        String location = r.headers().firstValue("location").orElse("");
        if (!location.startsWith(redirect + "?")) {
            throw new Fail("authorize (signed in): redirected to " + location);
        }
        Map<String, String> q = new LinkedHashMap<>();
        for (String p : URI.create(location).getRawQuery().split("&")) {
            int eq = p.indexOf('=');
            q.put(p.substring(0, eq), URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
        }
        if (q.get("code") == null || !state.equals(q.get("state"))) {
            throw new Fail("authorize (signed in): no code or wrong state");
        }
        return q.get("code");
    }

    String refresh(HttpClient http, String refreshToken) throws Exception {
        HttpResponse<String> r = send(http, HttpRequest.newBuilder(base.resolve("/oauth2/token")).header("Authorization", basic())
            .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token=" + enc(refreshToken))));
        expect("refresh", r, 200);
        Matcher rt = REFRESH.matcher(r.body());
        return rt.find() ? rt.group(1) : refreshToken;
    }

    static long step(long[] steps, int i, long since) {
        long now = System.nanoTime();
        if (steps != null) {
            steps[i] = now - since;
        }
        return now;
    }

    // ------------------------------------------------------------------ modes

    int loop(boolean refreshMode) throws Exception {
        List<long[]> results = new ArrayList<>(); // per worker: flat list of [total, steps...]
        long[] window = new long[2];
        AtomicLong completed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        long measureStart = start + warmup * 1_000_000_000L;
        long measureEnd = measureStart + duration * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        List<List<long[]>> perWorker = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            List<long[]> mine = new ArrayList<>();
            perWorker.add(mine);
            Thread thread = new Thread(() -> {
                HttpClient http = newClient();
                String rt = null;
                if (refreshMode) {
                    try {
                        rt = login(http, ThreadLocalRandom.current().nextLong(1, rows + 1), null).refreshToken();
                    }
                    catch (Exception ex) {
                        note(ex);
                        return;
                    }
                }
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= measureEnd) {
                        break;
                    }
                    long[] sample = new long[1 + STEPS.length];
                    long[] steps = new long[STEPS.length];
                    boolean ok;
                    try {
                        if (refreshMode) {
                            rt = refresh(http, rt);
                        }
                        else {
                            login(http, ThreadLocalRandom.current().nextLong(1, rows + 1), steps);
                        }
                        ok = true;
                    }
                    catch (Exception ex) {
                        ok = false;
                        if (ex instanceof Fail f && f.getMessage().startsWith("max-requests")) {
                            break;
                        }
                        note(ex);
                    }
                    long t1 = System.nanoTime();
                    if (t0 >= measureStart && t1 <= measureEnd) {
                        if (ok) {
                            sample[0] = t1 - t0;
                            System.arraycopy(steps, 0, sample, 1, steps.length);
                            mine.add(sample);
                            completed.incrementAndGet();
                        }
                        else {
                            failed.incrementAndGet();
                        }
                    }
                    if (!ok) {
                        sleep(20);
                    }
                }
            });
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        // server CPU over the measured window
        sleepUntil(measureStart);
        long cpu0 = cpuTicks();
        long[] machine0 = machineTicks();
        long wall0 = System.nanoTime();
        sleepUntil(measureEnd);
        long cpu1 = cpuTicks();
        long[] machine1 = machineTicks();
        long wall1 = System.nanoTime();
        for (Thread t : threads) {
            t.join(1000L * (timeout + 5));
        }
        perWorker.forEach(results::addAll);
        int n = results.size();
        double seconds = (wall1 - wall0) / 1e9;
        StringBuilder out = new StringBuilder();
        out.append(refreshMode ? "REFRESH" : "LOGIN").append(" label=").append(label).append(" rows=").append(rows)
            .append(" concurrency=").append(concurrency).append(" warmup_s=").append(warmup).append(" duration_s=").append(duration)
            .append(" ok=").append(n).append(" errors=").append(failed.get())
            .append(String.format(Locale.ROOT, " per_s=%.2f", n / seconds));
        long[] totals = column(results, 0);
        out.append(pcts("", totals));
        if (!refreshMode) {
            for (int i = 0; i < STEPS.length; i++) {
                long[] c = column(results, i + 1);
                out.append(" ").append(STEPS[i]).append(String.format(Locale.ROOT, "_p50_ms=%.1f", pct(c, 50) / 1e6))
                    .append(" ").append(STEPS[i]).append(String.format(Locale.ROOT, "_p99_ms=%.1f", pct(c, 99) / 1e6));
            }
        }
        if (cpu0 >= 0 && cpu1 >= 0 && n > 0) {
            double cpuMs = (cpu1 - cpu0) * 10.0; // CLK_TCK = 100
            out.append(String.format(Locale.ROOT, " server_cpu_ms_per_op=%.1f server_cpu_cores=%.2f", cpuMs / n,
                    cpuMs / 1000 / seconds));
        }
        if (machine0 != null && machine1 != null && machine1[1] > machine0[1]) {
            // whole machine, this benchmark and the server under test included
            out.append(String.format(Locale.ROOT, " machine_busy_pct=%.0f",
                    100.0 * (machine1[0] - machine0[0]) / (machine1[1] - machine0[1])));
        }
        System.out.println(out);
        printErrors();
        return n > 0 ? 0 : 1;
    }

    int sessions() throws Exception {
        AtomicLong next = new AtomicLong();
        AtomicLong ok = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            Thread t = new Thread(() -> {
                HttpClient http = newClient();
                while (next.incrementAndGet() <= count) {
                    try {
                        login(http, ThreadLocalRandom.current().nextLong(1, rows + 1), null);
                        ok.incrementAndGet();
                    }
                    catch (Exception ex) {
                        note(ex);
                        if (ex.getMessage() != null && ex.getMessage().startsWith("max-requests")) {
                            return;
                        }
                    }
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        System.out.println("SESSIONS label=" + label + " logins_ok=" + ok.get() + " errors=" + errorCount.get());
        printErrors();
        return ok.get() == count ? 0 : 1;
    }

    int codes() throws Exception {
        HttpClient http = newClient();
        Login session = login(http, 1, null);
        long ok = 0;
        for (long i = 0; i < count; i++) {
            String state = token(12);
            try {
                code(http, session.jar(), authorizeUri(state, challenge(token(32))), state);
                ok++;
            }
            catch (Exception ex) {
                note(ex);
            }
        }
        System.out.println("CODES label=" + label + " codes_ok=" + ok + " errors=" + errorCount.get());
        printErrors();
        return ok == count ? 0 : 1;
    }

    // ------------------------------------------------------------------ helpers

    void note(Exception ex) {
        if (errorCount.incrementAndGet() <= 5) {
            errors.add(ex.getClass().getSimpleName() + ": " + ex.getMessage());
        }
    }

    void printErrors() {
        errors.forEach((e) -> System.err.println("  error sample: " + e));
    }

    long cpuTicks() {
        if (serverPid <= 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + serverPid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields 14 utime, 15 stime (1-based, counting from pid); f[0] is field 3
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }
        catch (Exception ex) {
            return -1;
        }
    }

    /** Busy and total CPU ticks of the whole machine, from /proc/stat. */
    static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            long total = 0;
            for (int i = 1; i <= 8 && i < f.length; i++) {
                long v = Long.parseLong(f[i]);
                total += v;
                if (i != 4 && i != 5) {
                    busy += v;
                }
            }
            return new long[] { busy, total };
        }
        catch (Exception ex) {
            return null;
        }
    }

    static long[] column(List<long[]> rows, int i) {
        long[] c = new long[rows.size()];
        for (int k = 0; k < c.length; k++) {
            c[k] = rows.get(k)[i];
        }
        Arrays.sort(c);
        return c;
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int idx = (int) Math.ceil(sorted.length * p / 100.0) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }

    static String pcts(String prefix, long[] sorted) {
        return String.format(Locale.ROOT, " %sp50_ms=%.1f %sp90_ms=%.1f %sp99_ms=%.1f %smax_ms=%.1f", prefix, pct(sorted, 50) / 1e6,
                prefix, pct(sorted, 90) / 1e6, prefix, pct(sorted, 99) / 1e6, prefix,
                sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6);
    }

    static void sleepUntil(long nanoTime) throws InterruptedException {
        long ms = (nanoTime - System.nanoTime()) / 1_000_000;
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((enc(client) + ":" + enc(secret)).getBytes(StandardCharsets.UTF_8));
    }

    static String challenge(String verifier) throws Exception {
        return Base64.getUrlEncoder().withoutPadding()
            .encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    static String token(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

}
