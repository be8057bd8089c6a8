package cn.yiwang.id.server.qr;

import cn.yiwang.id.server.login.SessionSignIn;
import cn.yiwang.id.server.web.LanguageLinks;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The browser's side of QR sign-in, used by the login page's script ({@code /js/qr-login.js}):
 * {@code POST /login/qr} makes a code (bound to this browser by a cookie limited to the request's own
 * path), {@code /login/qr/{id}.png} draws it, {@code /login/qr/{id}/events} streams its states (with
 * {@code /state} to poll where streams fail), and {@code POST /login/qr/{id}/complete} signs the browser
 * in once the phone confirmed. {@code GET /qr/{id}}, the URL inside the code, tells anyone who opens it
 * with an ordinary camera to use their provincial app.
 */
@Controller
public final class QrLoginController {

    static final String COOKIE = "YIWANG_QR";

    private final QrLoginService service;
    private final QrLoginStore store;
    private final QrLoginEvents events;
    private final QrCodeImages images;
    private final RequestCache requestCache;
    private final SessionSignIn signIn;
    private final QrLoginProperties properties;
    private final LanguageLinks languageLinks;

    public QrLoginController(
            QrLoginService service,
            QrLoginStore store,
            QrLoginEvents events,
            QrCodeImages images,
            RequestCache requestCache,
            SessionSignIn signIn,
            QrLoginProperties properties,
            LanguageLinks languageLinks) {
        this.service = service;
        this.store = store;
        this.events = events;
        this.images = images;
        this.requestCache = requestCache;
        this.signIn = signIn;
        this.properties = properties;
        this.languageLinks = languageLinks;
    }

    @PostMapping(path = "/login/qr", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    public ResponseEntity<Map<String, Object>> create(HttpServletRequest request, HttpServletResponse response) {
        if (!this.properties.enabled()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).build();
        }
        SavedRequest saved = this.requestCache.getRequest(request, response);
        QrLoginService.Created created = this.service.create(
                parameter(saved, "client_id"),
                parameter(saved, "acr_values"),
                parameter(saved, "redirect_uri"),
                request.getRemoteAddr(),
                request.getHeader(HttpHeaders.USER_AGENT));
        String path = request.getContextPath() + "/login/qr/" + created.id();
        ResponseCookie cookie = ResponseCookie.from(COOKIE, created.browserSecret())
                .path(path)
                .httpOnly(true)
                .secure(request.isSecure())
                .sameSite("Strict")
                .maxAge(this.properties.ttl().multipliedBy(4))
                .build();
        return ResponseEntity.ok()
                .header(HttpHeaders.SET_COOKIE, cookie.toString())
                .cacheControl(CacheControl.noStore())
                .body(Map.of("id", created.id(), "image", path + ".png", "expiresIn", created.expiresIn()));
    }

    @GetMapping(path = "/login/qr/{id}.png")
    public ResponseEntity<byte[]> image(@PathVariable String id) {
        if (this.store.find(id).isEmpty()) {
            return ResponseEntity.notFound().build();
        }
        return ResponseEntity.ok()
                .contentType(MediaType.IMAGE_PNG)
                .cacheControl(CacheControl.noStore())
                .body(this.images.png(this.service.qrContent(id)));
    }

    @GetMapping(path = "/login/qr/{id}/state", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    public ResponseEntity<QrLoginService.BrowserView> state(@PathVariable String id, HttpServletRequest request) {
        Optional<QrLoginService.BrowserView> view = this.service.browserView(id, secret(request));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(view.orElseGet(this.service::expired));
    }

    @GetMapping(path = "/login/qr/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Object events(@PathVariable String id, HttpServletRequest request, HttpServletResponse response) {
        Optional<QrLoginRequest> found = this.store.findForBrowser(id, secret(request));
        if (found.isEmpty()) {
            return ResponseEntity.notFound().build();
        }
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        // proxies must not hold the stream back
        response.setHeader("X-Accel-Buffering", "no");
        SseEmitter emitter = this.events.open(found.get());
        return emitter;
    }

    @PostMapping("/login/qr/{id}/complete")
    public void complete(@PathVariable String id, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Optional<QrLoginRequest> confirmed = this.service.complete(id, secret(request));
        if (confirmed.isEmpty() || confirmed.get().accountId() == null) {
            response.sendRedirect(request.getContextPath() + "/login?qr=failed");
            return;
        }
        QrLoginRequest done = confirmed.get();
        try {
            this.signIn.signIn(
                    UUID.fromString(done.accountId()), done.amr(), QrLoginService.acr(done), "qr", request, response);
        } catch (LockedException ex) {
            response.sendRedirect(request.getContextPath() + "/login?qr=failed");
            return;
        }
        SavedRequest saved = this.requestCache.getRequest(request, response);
        if (saved != null) {
            this.requestCache.removeRequest(request, response);
            response.sendRedirect(saved.getRedirectUrl());
        } else {
            response.sendRedirect(request.getContextPath() + "/signed-in");
        }
    }

    @GetMapping("/qr/{id}")
    public String openedWithoutApp(@PathVariable String id, HttpServletRequest request, Model model) {
        this.languageLinks.addTo(request, model);
        return "qr-open-in-app";
    }

    private static String secret(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (COOKIE.equals(cookie.getName()) && cookie.getValue().length() <= 100) {
                return cookie.getValue();
            }
        }
        return null;
    }

    /** The saved request keeps only its URL, so parameters come from its query string. */
    private static String parameter(SavedRequest saved, String name) {
        if (saved == null) {
            return null;
        }
        List<String> values = UriComponentsBuilder.fromUriString(saved.getRedirectUrl())
                .build()
                .getQueryParams()
                .get(name);
        return (values != null && values.size() == 1 && values.get(0) != null)
                ? UriUtils.decode(values.get(0), StandardCharsets.UTF_8)
                : null;
    }
}
