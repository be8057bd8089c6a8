package cn.yiwang.id.federation.oidc;

import cn.yiwang.id.kit.http.LimitedBody;
import cn.yiwang.id.kit.resilience.CircuitBreaker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every network call to an upstream identity provider goes through here: bounded in time and size, behind the
 * circuit of that provider, and timed as {@code yiwang.federation.upstream.latency{idp,call}}.
 *
 * <p>No call is retried. The token request spends a single-use code, and for the others a citizen is waiting
 * at the login page: a quick, clear failure and the circuit breaker serve better than {@code timeout × attempts}.
 * Which results count against the circuit: no connection, a timeout, a 3xx, 429 or 5xx, a body that cannot be
 * read, and a 4xx from the discovery and JWKS endpoints (which must simply serve a document). A 4xx from the token
 * or userinfo endpoint is an answer about one request, not about the upstream's health.
 */
final class UpstreamHttp {

    private static final Logger log = LoggerFactory.getLogger(UpstreamHttp.class);

    private final FederationOidcProperties properties;

    private final HttpClient client;

    private final MeterRegistry meters;

    private final Clock clock;

    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    UpstreamHttp(FederationOidcProperties properties, MeterRegistry meters, Clock clock) {
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
        this.client = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                // an upstream endpoint moved elsewhere is a configuration change to make, not to follow silently
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Whether the upstream's circuit lets calls through (or would let a trial through) now.
     * @param alias the identity provider
     * @return {@code false} while its circuit is open
     */
    boolean isAvailable(String alias) {
        return breaker(alias).isAvailable();
    }

    CircuitBreaker.State circuitState(String alias) {
        return breaker(alias).state();
    }

    /**
     * Starts a request with the per-call timeout.
     * @param uri where to
     * @return the builder
     */
    HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(this.properties.requestTimeout());
    }

    /**
     * Makes one call.
     * @param <T> what the reader makes of the answer
     * @param alias the identity provider, whose circuit the call passes
     * @param call which call, for the metrics and the failure reasons
     * @param request the request
     * @param reader makes sense of a response with a 2xx, or (for the token and userinfo calls) a 4xx status
     * @return what the reader made of it
     * @throws UpstreamFailure {@code upstream-unavailable} when the circuit is open, the call's failure otherwise
     */
    <T> T call(String alias, UpstreamCall call, HttpRequest request, ResponseReader<T> reader) throws UpstreamFailure {
        CircuitBreaker breaker = breaker(alias);
        if (!breaker.tryAcquire()) {
            throw UpstreamFailure.unavailable("upstream-unavailable");
        }
        Timer.Sample sample = Timer.start(this.meters);
        try {
            Response response = send(call, request);
            T value = reader.read(checkStatus(call, response));
            breaker.onSuccess();
            return value;
        } catch (UpstreamFailure failure) {
            if (failure.isUnavailable()) {
                breaker.onFailure();
                log.warn("Upstream {} {} call failed: {}", alias, call.tag(), failure.reason());
            } else {
                breaker.onSuccess();
            }
            throw failure;
        } catch (InterruptedException ex) {
            breaker.onIgnored();
            Thread.currentThread().interrupt();
            throw UpstreamFailure.unavailable(call.reason("interrupted"));
        } catch (RuntimeException | Error ex) {
            // a bug on our side says nothing about the upstream, but must not strand a half-open trial
            breaker.onIgnored();
            throw ex;
        } finally {
            sample.stop(Timer.builder("yiwang.federation.upstream.latency")
                    .description("Time of one call to an upstream identity provider")
                    .tag("idp", alias)
                    .tag("call", call.tag())
                    .register(this.meters));
        }
    }

    private Response send(UpstreamCall call, HttpRequest request) throws UpstreamFailure, InterruptedException {
        long limit = this.properties.maxResponseSize().toBytes();
        CompletableFuture<HttpResponse<byte[]>> future =
                this.client.sendAsync(request, (info) -> new LimitedBody(limit));
        HttpResponse<byte[]> response;
        try {
            // the request timeout stops at the response headers; this bounds the body too
            response = future.get(this.properties.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException ex) {
            future.cancel(true);
            throw UpstreamFailure.unavailable(call.reason("timeout"));
        } catch (InterruptedException ex) {
            future.cancel(true);
            throw ex;
        } catch (ExecutionException ex) {
            throw UpstreamFailure.unavailable(call.reason(transportFailure(ex.getCause())));
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        return new Response(response.statusCode(), contentType.toLowerCase(Locale.ROOT), response.body());
    }

    private static Response checkStatus(UpstreamCall call, Response response) throws UpstreamFailure {
        int status = response.status();
        if (status >= 200 && status < 300) {
            return response;
        }
        if (status >= 400 && status < 500 && status != 429 && call.answersWithErrors()) {
            return response;
        }
        throw UpstreamFailure.unavailable(call.reason("http-" + status));
    }

    private CircuitBreaker breaker(String alias) {
        return this.breakers.computeIfAbsent(alias, (key) -> {
            CircuitBreaker breaker =
                    new CircuitBreaker(key, this.properties.failureThreshold(), this.properties.openWait(), this.clock);
            // province health for the console's dashboard and for Prometheus: 0 closed, 1 half-open, 2 open
            Gauge.builder("yiwang.federation.circuit", breaker, UpstreamHttp::circuitLevel)
                    .description(
                            "State of the circuit towards an upstream identity provider (0 closed, 1 half-open, 2 open)")
                    .tag("idp", key)
                    .register(this.meters);
            return breaker;
        });
    }

    private static double circuitLevel(CircuitBreaker breaker) {
        return switch (breaker.state()) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }

    private static String transportFailure(Throwable failure) {
        // the client may wrap the exception that says what happened
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof LimitedBody.TooLargeException) {
                return "response-too-large";
            }
            // HttpConnectTimeoutException is an HttpTimeoutException: a slow connect is a timeout too
            if (cause instanceof HttpTimeoutException) {
                return "timeout";
            }
            if (cause instanceof ConnectException) {
                return "connect-failed";
            }
        }
        return "connection-error";
    }

    /** Makes sense of one upstream response. */
    @FunctionalInterface
    interface ResponseReader<T> {

        T read(Response response) throws UpstreamFailure;
    }

    /**
     * One upstream response.
     * @param status the HTTP status
     * @param contentType the media type, lower case, parameters included; empty when none was sent
     * @param body the body, at most {@code max-response-size}
     */
    record Response(int status, String contentType, byte[] body) {

        boolean isJson() {
            return this.contentType.startsWith("application/json") || this.contentType.isEmpty();
        }

        boolean isSuccess() {
            return this.status >= 200 && this.status < 300;
        }
    }
}
