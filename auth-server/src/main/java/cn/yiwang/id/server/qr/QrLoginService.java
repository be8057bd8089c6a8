package cn.yiwang.id.server.qr;

import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.session.ClientAddresses;
import cn.yiwang.id.server.session.SsoSessionRecord;
import cn.yiwang.id.server.session.SsoSessionStore;
import cn.yiwang.id.server.web.AcrRequirementFilter;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * The rules of QR sign-in (扫码登录), between the browser that shows the code and the provincial app
 * that scans it:
 * <ul>
 * <li>a code is scanned once: a second scan refuses the request on both screens;</li>
 * <li>the app must be registered as a QR app, and its session's level (capped by its province's trust,
 * {@link QrLoginApps#signInLevel}) must reach what the relying party asks, else the request is refused;</li>
 * <li>the citizen confirms by picking the two-digit number the browser shows (number matching), once:
 * a wrong pick refuses the request; only the account and app that scanned may confirm or cancel;</li>
 * <li>the browser signs in with the confirmed request once, in a session with {@code amr} {@code qr} plus
 * the app session's methods and the level above.</li>
 * </ul>
 * Every step is audited ({@code qr.*}).
 */
public final class QrLoginService {

    private final QrLoginStore store;
    private final QrLoginApps apps;
    private final RegisteredClientRepository clients;
    private final SsoSessionStore sessions;
    private final ClientLocations locations;
    private final QrLoginProperties properties;
    private final AuditLog audit;
    private final Clock clock;
    private final String issuer;
    private final SecureRandom random = new SecureRandom();

    public QrLoginService(
            QrLoginStore store,
            QrLoginApps apps,
            RegisteredClientRepository clients,
            SsoSessionStore sessions,
            QrLoginProperties properties,
            AuditLog audit,
            Clock clock,
            String issuer) {
        this.store = store;
        this.apps = apps;
        this.clients = clients;
        this.sessions = sessions;
        this.locations = new ClientLocations(properties.locations());
        this.properties = properties;
        this.audit = audit;
        this.clock = clock;
        this.issuer = issuer;
    }

    /** A new QR code: its id, the secret that binds it to this browser, and its lifetime in seconds. */
    public record Created(String id, String browserSecret, long expiresIn) {}

    /** What the browser may know of its request. */
    public record BrowserView(String state, Integer number, String reason, long expiresIn) {}

    /** An answer to the app: 200 with a body, or an RFC 9457 problem. */
    public record AppAnswer(HttpStatus status, String problemType, String title, Map<String, Object> body) {

        static AppAnswer ok(Map<String, Object> body) {
            return new AppAnswer(HttpStatus.OK, null, null, body);
        }

        static AppAnswer problem(HttpStatus status, String type, String title) {
            return new AppAnswer(status, type, title, Map.of());
        }
    }

    /**
     * Creates the request for a browser about to sign in, for the relying party of its interrupted
     * authorization request (client id and {@code acr_values}) or for a direct sign-in.
     */
    public Created create(String clientId, String acrValues, String redirectUri, String clientIp, String userAgent) {
        RegisteredClient client =
                (clientId != null && clientId.length() <= 100) ? this.clients.findByClientId(clientId) : null;
        AssuranceLevel required = requiredLevel(client, acrValues);
        String id = token(24);
        String secret = token(32);
        QrLoginRequest request = new QrLoginRequest(
                id,
                QrLoginState.WAITING,
                (client != null) ? client.getClientId() : "",
                required.value(),
                origin(client, redirectUri),
                ClientAddresses.mask(clientIp),
                this.locations.of(clientIp),
                BrowserNames.describe(userAgent),
                this.clock.instant(),
                10 + this.random.nextInt(90),
                null,
                null,
                0,
                List.of(),
                null);
        this.store.create(request, secret, this.properties.ttl());
        return new Created(id, secret, this.properties.ttl().toSeconds());
    }

    /** Whether the login page offers QR sign-in. */
    public boolean enabled() {
        return this.properties.enabled();
    }

    /** The text of the QR code: a URL of ours that names the request, which QR apps recognise. */
    public String qrContent(String id) {
        return this.issuer + "/qr/" + id;
    }

    public Optional<BrowserView> browserView(String id, String browserSecret) {
        return this.store.findForBrowser(id, browserSecret).map(this::view);
    }

    BrowserView view(QrLoginRequest request) {
        Integer number = (request.state() == QrLoginState.SCANNED) ? request.number() : null;
        return new BrowserView(request.state().code(), number, request.reason(), this.store.secondsLeft(request.id()));
    }

    BrowserView expired() {
        return new BrowserView(QrLoginState.EXPIRED.code(), null, null, 0);
    }

    public AppAnswer scan(String id, Jwt appToken) {
        App app = app(appToken);
        if (app == null) {
            return notAnApp(appToken, id);
        }
        Optional<QrLoginRequest> found = this.store.find(id);
        if (found.isEmpty()) {
            return AppAnswer.problem(HttpStatus.NOT_FOUND, "qr-expired", "This QR code has expired");
        }
        QrLoginRequest request = found.get();
        if (request.state() == QrLoginState.WAITING && app.level().value() < request.requiredLevel()) {
            refuse(id, QrLoginState.WAITING, "level", app);
            return AppAnswer.problem(
                    HttpStatus.FORBIDDEN,
                    "qr-level-too-low",
                    "This service needs a higher level of assurance than this app's sign-in");
        }
        List<String> amr = new ArrayList<>();
        amr.add("qr");
        app.amr().stream().filter((m) -> !amr.contains(m)).forEach(amr::add);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("a", app.accountId());
        fields.put("ap", app.clientId());
        fields.put("lv", String.valueOf(app.level().value()));
        fields.put("amr", String.join(",", amr));
        Optional<QrLoginState> refused =
                this.store.transition(id, QrLoginState.WAITING, QrLoginState.SCANNED, fields, this.properties.ttl());
        if (refused.isPresent()) {
            if (refused.get() == QrLoginState.SCANNED) {
                // scanned a second time: the code may have been shown to someone else; stop it on both screens
                refuse(id, QrLoginState.SCANNED, "scanned-twice", app);
            }
            record(
                    "qr.refused",
                    app,
                    id,
                    "refused",
                    "scan in state " + refused.get().code());
            return stateProblem(refused.get());
        }
        record("qr.scanned", app, id, "success", null);
        RegisteredClient portal = request.clientId().isEmpty() ? null : this.clients.findByClientId(request.clientId());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("state", QrLoginState.SCANNED.code());
        body.put("portal", (portal != null) ? portal.getClientName() : "一网 ID");
        body.put("origin", request.origin());
        body.put("browser", request.browser());
        body.put("location", request.location());
        body.put("clientIp", request.clientIp());
        body.put("requestedAt", request.createdAt().toString());
        body.put("requiredAcr", AssuranceLevel.of(request.requiredLevel()).acr());
        body.put("numberChoices", choices(request.number()));
        body.put("expiresIn", this.properties.ttl().toSeconds());
        return AppAnswer.ok(body);
    }

    public AppAnswer confirm(String id, Jwt appToken, Integer number) {
        App app = app(appToken);
        if (app == null) {
            return notAnApp(appToken, id);
        }
        Optional<QrLoginRequest> found = this.store.find(id);
        if (found.isEmpty()) {
            return AppAnswer.problem(HttpStatus.NOT_FOUND, "qr-expired", "This QR code has expired");
        }
        QrLoginRequest request = found.get();
        if (request.state() != QrLoginState.SCANNED) {
            record(
                    "qr.refused",
                    app,
                    id,
                    "refused",
                    "confirm in state " + request.state().code());
            return stateProblem(request.state());
        }
        if (!app.accountId().equals(request.accountId()) || !app.clientId().equals(request.appClientId())) {
            record("qr.refused", app, id, "refused", "confirm by another account or app");
            return AppAnswer.problem(
                    HttpStatus.FORBIDDEN, "qr-not-yours", "This QR code was scanned by another account or app");
        }
        if (number == null || number != request.number()) {
            refuse(id, QrLoginState.SCANNED, "wrong-number", app);
            return AppAnswer.problem(
                    HttpStatus.CONFLICT,
                    "qr-wrong-number",
                    "The number does not match the one in the browser; the sign-in was stopped");
        }
        Optional<QrLoginState> moved = this.store.transition(
                id, QrLoginState.SCANNED, QrLoginState.CONFIRMED, Map.of(), this.properties.ttl());
        if (moved.isPresent()) {
            record(
                    "qr.refused",
                    app,
                    id,
                    "refused",
                    "confirm in state " + moved.get().code());
            return stateProblem(moved.get());
        }
        record("qr.confirmed", app, id, "success", null);
        return AppAnswer.ok(Map.of("id", id, "state", QrLoginState.CONFIRMED.code()));
    }

    public AppAnswer cancel(String id, Jwt appToken) {
        App app = app(appToken);
        if (app == null) {
            return notAnApp(appToken, id);
        }
        Optional<QrLoginRequest> found = this.store.find(id);
        if (found.isEmpty()) {
            return AppAnswer.problem(HttpStatus.NOT_FOUND, "qr-expired", "This QR code has expired");
        }
        QrLoginRequest request = found.get();
        if (request.state() == QrLoginState.SCANNED && !app.accountId().equals(request.accountId())) {
            return AppAnswer.problem(
                    HttpStatus.FORBIDDEN, "qr-not-yours", "This QR code was scanned by another account or app");
        }
        if (request.state() != QrLoginState.WAITING && request.state() != QrLoginState.SCANNED) {
            return stateProblem(request.state());
        }
        Optional<QrLoginState> moved = this.store.transition(
                id, request.state(), QrLoginState.CANCELLED, Map.of("r", "cancelled"), this.properties.ttl());
        if (moved.isPresent()) {
            return stateProblem(moved.get());
        }
        record("qr.cancelled", app, id, "cancelled", null);
        return AppAnswer.ok(Map.of("id", id, "state", QrLoginState.CANCELLED.code()));
    }

    /** The browser signs in with its confirmed request: once. */
    public Optional<QrLoginRequest> complete(String id, String browserSecret) {
        Optional<QrLoginRequest> taken = this.store.takeConfirmed(id, browserSecret);
        taken.ifPresent((request) -> this.audit.record(new AuditEvent(
                this.clock.instant(),
                "qr.signed-in",
                "user",
                request.accountId(),
                request.clientId().isEmpty() ? null : request.clientId(),
                null,
                "success",
                "confirmed by app " + request.appClientId() + " at level " + request.level())));
        return taken;
    }

    /** The acr of a QR sign-in of this request. */
    public static String acr(QrLoginRequest request) {
        return AssuranceLevel.of(Math.max(1, request.level())).acr();
    }

    private record App(String clientId, String accountId, AssuranceLevel level, List<String> amr, String sid) {}

    private App app(Jwt token) {
        String clientId = token.getClaimAsString("client_id");
        RegisteredClient client = (clientId != null) ? this.clients.findByClientId(clientId) : null;
        if (!QrLoginApps.isQrLoginApp(client) || token.getSubject() == null) {
            return null;
        }
        Optional<SsoSessionRecord> session = this.sessions.find(token.getClaimAsString("sid"));
        if (session.isEmpty() || !session.get().session().accountId().equals(token.getSubject())) {
            return null;
        }
        AssuranceLevel sessionLevel =
                AssuranceLevel.fromAcr(session.get().session().acr()).orElse(AssuranceLevel.L1);
        return new App(
                client.getClientId(),
                token.getSubject(),
                this.apps.signInLevel(client, sessionLevel),
                session.get().session().amr(),
                session.get().session().sid());
    }

    private AppAnswer notAnApp(Jwt token, String id) {
        this.audit.record(new AuditEvent(
                this.clock.instant(),
                "qr.refused",
                String.valueOf(token.getClaimAsString("client_id")),
                token.getSubject(),
                token.getClaimAsString("client_id"),
                null,
                "refused",
                "not a QR sign-in app, or its session has ended (request " + shortId(id) + ")"));
        return AppAnswer.problem(
                HttpStatus.FORBIDDEN,
                "qr-not-allowed",
                "This app may not confirm QR sign-ins, or its sign-in has ended");
    }

    private void refuse(String id, QrLoginState from, String reason, App app) {
        if (this.store
                .transition(id, from, QrLoginState.REFUSED, Map.of("r", reason), this.properties.ttl())
                .isEmpty()) {
            record("qr.refused", app, id, "refused", reason);
        }
    }

    private static AppAnswer stateProblem(QrLoginState state) {
        return switch (state) {
            case EXPIRED -> AppAnswer.problem(HttpStatus.NOT_FOUND, "qr-expired", "This QR code has expired");
            case WAITING -> AppAnswer.problem(HttpStatus.CONFLICT, "qr-not-scanned", "Scan the QR code first");
            case SCANNED, CONFIRMED ->
                AppAnswer.problem(
                        HttpStatus.CONFLICT,
                        "qr-already-scanned",
                        "This QR code has already been scanned; it can be used once only");
            case CANCELLED -> AppAnswer.problem(HttpStatus.CONFLICT, "qr-cancelled", "This sign-in was cancelled");
            case REFUSED -> AppAnswer.problem(HttpStatus.CONFLICT, "qr-refused", "This sign-in was stopped");
        };
    }

    private void record(String type, App app, String id, String outcome, String detail) {
        this.audit.record(new AuditEvent(
                this.clock.instant(),
                type,
                app.clientId(),
                app.accountId(),
                app.clientId(),
                app.sid(),
                outcome,
                "request " + shortId(id) + ((detail != null) ? "; " + detail : "")));
    }

    private List<Integer> choices(int number) {
        List<Integer> choices = new ArrayList<>(List.of(number));
        while (choices.size() < 3) {
            int other = 10 + this.random.nextInt(90);
            if (!choices.contains(other)) {
                choices.add(other);
            }
        }
        Collections.shuffle(choices, this.random);
        return choices;
    }

    private AssuranceLevel requiredLevel(RegisteredClient client, String acrValues) {
        Optional<AssuranceLevel> requested = AssuranceLevel.requested(acrValues);
        Optional<AssuranceLevel> minimum = Optional.ofNullable(client)
                .map((c) -> c.getClientSettings().<String>getSetting(AcrRequirementFilter.MINIMUM_ACR))
                .flatMap(AssuranceLevel::fromAcr);
        // as AcrRequirementFilter: the higher of the request's lowest acr_values and the client's minimum
        AssuranceLevel level = AssuranceLevel.L1;
        for (Optional<AssuranceLevel> each : List.of(requested, minimum)) {
            if (each.isPresent() && each.get().atLeast(level)) {
                level = each.get();
            }
        }
        return level;
    }

    private String origin(RegisteredClient client, String redirectUri) {
        if (client != null && redirectUri != null && client.getRedirectUris().contains(redirectUri)) {
            URI uri = URI.create(redirectUri);
            if (uri.getScheme() != null && uri.getHost() != null) {
                return uri.getScheme() + "://" + uri.getHost() + ((uri.getPort() > 0) ? ":" + uri.getPort() : "");
            }
        }
        return this.issuer;
    }

    private String token(int bytes) {
        byte[] buffer = new byte[bytes];
        this.random.nextBytes(buffer);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
    }

    private static String shortId(String id) {
        return (id != null && id.length() > 8) ? id.substring(0, 8) + "…" : String.valueOf(id);
    }

    Instant now() {
        return this.clock.instant();
    }
}
