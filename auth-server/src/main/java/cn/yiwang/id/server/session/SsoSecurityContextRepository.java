package cn.yiwang.id.server.session;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.HttpRequestResponseHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * Keeps the security context in the Redis SSO session instead of the servlet session, so every
 * node of a cluster sees the same sign-in and nothing is Java-serialized.
 */
@Component
public final class SsoSecurityContextRepository implements SecurityContextRepository {

    private static final String LOADED = SsoSecurityContextRepository.class.getName() + ".LOADED";

    /** Request attribute: serve this request (an error page) without looking up the session. */
    public static final String SKIP_SESSION = SsoSecurityContextRepository.class.getName() + ".SKIP_SESSION";

    private final SsoSessionStore store;
    private final SsoSessionProperties properties;
    private final SsoSessionEnder ender;
    private final ApplicationEventPublisher events;
    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

    public SsoSecurityContextRepository(
            SsoSessionStore store,
            SsoSessionProperties properties,
            SsoSessionEnder ender,
            ApplicationEventPublisher events) {
        this.store = store;
        this.properties = properties;
        this.ender = ender;
        this.events = events;
    }

    @Override
    @Deprecated
    public SecurityContext loadContext(HttpRequestResponseHolder requestResponseHolder) {
        return loadDeferredContext(requestResponseHolder.getRequest()).get();
    }

    @Override
    public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
        return new DeferredSecurityContext() {
            private SecurityContext context;

            @Override
            public SecurityContext get() {
                if (this.context == null) {
                    this.context = SsoSecurityContextRepository.this.holder.createEmptyContext();
                    currentSession(request).map(SsoAuthentication::new).ifPresent(this.context::setAuthentication);
                }
                return this.context;
            }

            @Override
            public boolean isGenerated() {
                return currentSession(request).isEmpty();
            }
        };
    }

    @Override
    public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
        if (context.getAuthentication() instanceof AccountLoginAuthentication login) {
            String previous = SsoSessionStore.sidOf(cookieValue(request));
            if (previous != null) {
                // A new sign-in in this browser replaces its session; the old one must not linger.
                this.ender.end(previous, "user", "replaced");
            }
            SsoSessionStore.Created created = this.store.create(
                    login.getName(),
                    login.getAmr(),
                    login.getAcr(),
                    request.getRemoteAddr(),
                    request.getHeader("User-Agent"));
            writeCookie(request, response, created.handle(), -1);
            request.setAttribute(LOADED, Optional.of(created.session()));
            context.setAuthentication(new SsoAuthentication(created.session()));
            enforceCap(login.getName());
            this.events.publishEvent(new SsoSignedIn(created.session(), request, response));
        }
    }

    /**
     * Replaces the browser's session (an agent's) with one in which the agent acts for a citizen who approved it;
     * the agent's own session ends, as with any new sign-in in this browser.
     * @param until when the delegation ends: the new session ends then at the latest
     * @return the new session
     */
    public SsoSession startActing(
            SsoSession agent,
            String citizenId,
            String delegationId,
            java.time.Instant until,
            HttpServletRequest request,
            HttpServletResponse response) {
        SsoSessionStore.Created created = this.store.createActing(
                agent, citizenId, delegationId, until, request.getRemoteAddr(), request.getHeader("User-Agent"));
        this.ender.end(agent.sid(), "user", "acting");
        writeCookie(request, response, created.handle(), -1);
        request.setAttribute(LOADED, Optional.of(created.session()));
        return created.session();
    }

    private void enforceCap(String accountId) {
        // the common case, an account under its cap, costs one ZCARD instead of reading every session
        if (this.store.sessionCountUpperBound(accountId) <= this.properties.maxPerAccount()) {
            return;
        }
        List<SsoSessionRecord> live = this.store.listForAccount(accountId);
        for (int i = 0; i < live.size() - this.properties.maxPerAccount(); i++) {
            this.ender.end(live.get(i).session().sid(), "system", "session-cap");
        }
    }

    @Override
    public boolean containsContext(HttpServletRequest request) {
        return currentSession(request).isPresent();
    }

    /** The id of the browser's SSO session, live or not, as its cookie names it. */
    public Optional<String> currentSid(HttpServletRequest request) {
        return Optional.ofNullable(SsoSessionStore.sidOf(cookieValue(request)));
    }

    /** Forgets the browser's session: clears the cookie and the session of this request. */
    public void clearCookie(HttpServletRequest request, HttpServletResponse response) {
        if (cookieValue(request) != null) {
            writeCookie(request, response, "", 0);
        }
        request.setAttribute(LOADED, Optional.empty());
    }

    @SuppressWarnings("unchecked")
    private Optional<SsoSession> currentSession(HttpServletRequest request) {
        if (request.getAttribute(SKIP_SESSION) != null) {
            return Optional.empty();
        }
        Object loaded = request.getAttribute(LOADED);
        if (loaded instanceof Optional<?> cached) {
            return (Optional<SsoSession>) cached;
        }
        Optional<SsoSession> session = Optional.ofNullable(cookieValue(request)).flatMap(this.store::findAndTouch);
        request.setAttribute(LOADED, session);
        return session;
    }

    private String cookieValue(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (this.properties.cookieName().equals(cookie.getName())
                    && !cookie.getValue().isEmpty()) {
                return cookie.getValue();
            }
        }
        return null;
    }

    private void writeCookie(HttpServletRequest request, HttpServletResponse response, String value, long maxAge) {
        boolean secure = (this.properties.secureCookie() != null) ? this.properties.secureCookie() : request.isSecure();
        ResponseCookie.ResponseCookieBuilder cookie = ResponseCookie.from(this.properties.cookieName(), value)
                .path("/")
                .httpOnly(true)
                .secure(secure)
                .sameSite("Lax");
        if (maxAge >= 0) {
            cookie.maxAge(maxAge);
        }
        response.addHeader(HttpHeaders.SET_COOKIE, cookie.build().toString());
    }
}
