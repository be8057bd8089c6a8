package cn.yiwang.id.server.logout;

import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * Delivers logout tokens to relying parties' {@code backchannel_logout_uri} (OIDC Back-Channel
 * Logout 1.0 §2.5) in the background: one client's slow or failing endpoint never delays the
 * others, server errors and network failures are retried with exponential backoff a bounded number
 * of times, a 4xx answer is final. Every outcome is audited and counted
 * ({@code yiwang.logout.backchannel}, tag {@code outcome}: delivered, rejected, failed).
 */
public final class BackChannelLogoutSender implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(BackChannelLogoutSender.class);

    private final HttpClient http;
    private final ScheduledExecutorService executor;
    private final BackChannelLogoutProperties properties;
    private final AuditLog audit;
    private final MeterRegistry meters;
    private final Clock clock;

    public BackChannelLogoutSender(
            BackChannelLogoutProperties properties, AuditLog audit, MeterRegistry meters, Clock clock) {
        this.properties = properties;
        this.audit = audit;
        this.meters = meters;
        this.clock = clock;
        this.executor = Executors.newScheduledThreadPool(properties.threads(), (runnable) -> {
            Thread thread = new Thread(runnable, "yiwang-backchannel-logout");
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** One delivery to make. */
    public record Delivery(String clientId, URI endpoint, String logoutToken, String accountId, String sid) {}

    public void send(Delivery delivery) {
        this.executor.execute(() -> attempt(delivery, 1));
    }

    private void attempt(Delivery delivery, int attempt) {
        String outcome;
        String detail;
        try {
            HttpRequest request = HttpRequest.newBuilder(delivery.endpoint())
                    .timeout(this.properties.timeout())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Cache-Control", "no-store")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "logout_token=" + URLEncoder.encode(delivery.logoutToken(), StandardCharsets.US_ASCII)))
                    .build();
            int status = this.http
                    .send(request, HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            if (status == 200 || status == 204) {
                finish(delivery, "delivered", "HTTP " + status + " after " + attempt + " attempt(s)");
                return;
            }
            if (status >= 400 && status < 500) {
                finish(delivery, "rejected", "HTTP " + status);
                return;
            }
            outcome = "failed";
            detail = "HTTP " + status;
        } catch (IOException ex) {
            outcome = "failed";
            detail = ex.getClass().getSimpleName();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            finish(delivery, "failed", "interrupted");
            return;
        }
        if (attempt >= this.properties.maxAttempts()) {
            finish(delivery, outcome, detail + " after " + attempt + " attempt(s)");
            return;
        }
        long delay = this.properties.initialBackoff().toMillis() << (attempt - 1);
        log.debug("Back-channel logout to {} failed ({}); retrying in {} ms", delivery.clientId(), detail, delay);
        try {
            this.executor.schedule(() -> attempt(delivery, attempt + 1), delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException ex) {
            finish(delivery, "failed", detail + "; shutting down");
        }
    }

    private void finish(Delivery delivery, String outcome, String detail) {
        this.meters.counter("yiwang.logout.backchannel", "outcome", outcome).increment();
        this.audit.record(new AuditEvent(
                this.clock.instant(),
                "logout.backchannel",
                "system",
                delivery.accountId(),
                delivery.clientId(),
                delivery.sid(),
                outcome,
                detail));
        if (!"delivered".equals(outcome)) {
            log.warn("Back-channel logout to client {} {}: {}", delivery.clientId(), outcome, detail);
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        this.executor.shutdown();
        this.executor.awaitTermination(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
    }
}
