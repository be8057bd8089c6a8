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
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * When Redis cannot be reached, sessions and tokens cannot be read or written: answer at once with
 * HTTP 503 and {@code temporarily_unavailable} (JSON for clients, a friendly page for browsers)
 * instead of a 500. Nothing to reset: Lettuce reconnects by itself and the next request succeeds.
 */
public final class RedisUnavailableFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RedisUnavailableFilter.class);

    private final MeterRegistry meters;

    public RedisUnavailableFilter(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (RuntimeException | ServletException ex) {
            if (!isRedisDown(ex) || response.isCommitted()) {
                throw ex;
            }
            log.warn("Redis unavailable while serving {}: {}", request.getRequestURI(), rootMessage(ex));
            this.meters.counter("yiwang.unavailable", "dependency", "redis").increment();
            respond(request, response);
        }
    }

    private static void respond(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        response.resetBuffer();
        response.setHeader("Retry-After", "5");
        response.setHeader("Cache-Control", "no-store");
        String accept = request.getHeader("Accept");
        if ("GET".equals(request.getMethod()) && accept != null && accept.contains("text/html")) {
            // The error page must not look for the SSO session in the Redis that just failed.
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

    static boolean isRedisDown(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof RedisConnectionFailureException
                    || cause instanceof QueryTimeoutException
                    || cause instanceof RedisSystemException
                    || (cause instanceof DataAccessResourceFailureException
                            && cause.getClass().getName().contains("redis"))
                    || cause.getClass().getName().startsWith("io.lettuce.core.")) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable ex) {
        Throwable root = ex;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
