package cn.yiwang.id.server.admin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.HttpRequestResponseHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * The console's security context, read from the administrator's Redis session ({@link AdminSessionStore}) named by
 * the {@code YIWANG_ADMIN} cookie. The administrator's row is read at each request, so a disabled administrator or
 * a changed role takes effect at once. Sessions are started by {@link #signIn}, never by saving a context.
 */
@Component
public final class AdminSecurityContextRepository implements SecurityContextRepository {

    private static final String LOADED = AdminSecurityContextRepository.class.getName() + ".LOADED";

    private final AdminSessionStore sessions;

    private final AdministratorRepository administrators;

    private final AdminCookies cookies;

    private final AdminConsoleProperties properties;

    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

    public AdminSecurityContextRepository(
            AdminSessionStore sessions,
            AdministratorRepository administrators,
            AdminCookies cookies,
            AdminConsoleProperties properties) {
        this.sessions = sessions;
        this.administrators = administrators;
        this.cookies = cookies;
        this.properties = properties;
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
                    this.context = AdminSecurityContextRepository.this.holder.createEmptyContext();
                    current(request).ifPresent(this.context::setAuthentication);
                }
                return this.context;
            }

            @Override
            public boolean isGenerated() {
                return current(request).isEmpty();
            }
        };
    }

    @Override
    public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
        // sessions start in signIn only
    }

    @Override
    public boolean containsContext(HttpServletRequest request) {
        return current(request).isPresent();
    }

    /** Starts the administrator's session: a new handle (never one the browser had before) in a new cookie. */
    public void signIn(String username, HttpServletRequest request, HttpServletResponse response) {
        this.sessions.delete(this.cookies.read(request, this.properties.cookieName()));
        String handle = this.sessions.create(username);
        this.cookies.write(request, response, this.properties.cookieName(), handle, -1);
        request.removeAttribute(LOADED);
    }

    /** Ends the browser's session and clears its cookie. */
    public void signOut(HttpServletRequest request, HttpServletResponse response) {
        String handle = this.cookies.read(request, this.properties.cookieName());
        if (handle != null) {
            this.sessions.delete(handle);
            this.cookies.write(request, response, this.properties.cookieName(), "", 0);
        }
        request.setAttribute(LOADED, Optional.empty());
    }

    /** Whether the browser still names a session, live or not (an ended session, as opposed to a first visit). */
    public boolean hadSession(HttpServletRequest request) {
        return this.cookies.read(request, this.properties.cookieName()) != null;
    }

    @SuppressWarnings("unchecked")
    private Optional<AdminAuthentication> current(HttpServletRequest request) {
        if (request.getAttribute(LOADED) instanceof Optional<?> loaded) {
            return (Optional<AdminAuthentication>) loaded;
        }
        Optional<AdminAuthentication> authentication = Optional.ofNullable(
                        this.cookies.read(request, this.properties.cookieName()))
                .flatMap(this.sessions::findAndTouch)
                .flatMap((session) -> this.administrators.find(session.username()))
                .filter(Administrator::enabled)
                .map(AdminAuthentication::new);
        request.setAttribute(LOADED, authentication);
        return authentication;
    }
}
