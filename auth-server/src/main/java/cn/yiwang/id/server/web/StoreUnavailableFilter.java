package cn.yiwang.id.server.web;

import cn.yiwang.id.server.session.SsoSecurityContextRepository;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * When Redis or PostgreSQL cannot be reached (or answers too slowly), sessions, tokens and accounts cannot be read
 * or written: answer at once with HTTP 503, {@code Retry-After} and {@code temporarily_unavailable} (JSON for
 * clients, a friendly page for browsers) instead of a 500, and log one WARN line without a stack trace. Nothing to
 * reset: Lettuce reconnects and the connection pool refills by themselves, and the next request succeeds.
 */
public final class StoreUnavailableFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(StoreUnavailableFilter.class);

    private final MeterRegistry meters;

    public StoreUnavailableFilter(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (RuntimeException | ServletException ex) {
            String dependency = StoreFailures.unavailable(ex);
            if (dependency == null || response.isCommitted()) {
                throw ex;
            }
            log.warn("{} unavailable while serving {}: {}", dependency, request.getRequestURI(), rootMessage(ex));
            this.meters.counter("yiwang.unavailable", "dependency", dependency).increment();
            respond(request, response);
        }
    }

    /** Writes the 503; also used where a framework filter would otherwise turn the outage into another answer. */
    public static void respond(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        response.resetBuffer();
        response.setHeader("Retry-After", "5");
        response.setHeader("Cache-Control", "no-store");
        String accept = request.getHeader("Accept");
        if ("GET".equals(request.getMethod()) && accept != null && accept.contains("text/html")) {
            // The error page must not look for the SSO session in a store that just failed.
            request.setAttribute(SsoSecurityContextRepository.SKIP_SESSION, Boolean.TRUE);
            ErrorPages.forward(request, response, HttpStatus.SERVICE_UNAVAILABLE, "temporarily_unavailable", null);
            return;
        }
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getWriter()
                .write("{\"error\":\"temporarily_unavailable\",\"error_description\":"
                        + "\"The service is temporarily unavailable; retry shortly\"}");
    }

    private static String rootMessage(Throwable ex) {
        Throwable root = ex;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
