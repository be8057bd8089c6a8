package cn.yiwang.id.account.verification;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One signed JSON POST to an authoritative service (the real-name service, the enterprise registry): the
 * {@link RequestSigner} headers, no redirects, and a wait bounded by the timeout, body included. What the answer
 * means, and what it tells the circuit breaker, is the caller's.
 */
public final class SignedPost {

    /** Why no response came back when the thread was interrupted: not the service's fault. */
    public static final String INTERRUPTED = "interrupted";

    /**
     * What a POST gave.
     *
     * @param response the response, or null when none came back
     * @param failure why none came back ({@code timeout}, {@code connect-failed}, {@code connection-error},
     *     {@link #INTERRUPTED}), or null with a response
     */
    public record Outcome(HttpResponse<byte[]> response, String failure) {

        /** Whether the wait was interrupted, which says nothing about the service. */
        public boolean interrupted() {
            return INTERRUPTED.equals(this.failure);
        }
    }

    private final URI endpoint;

    private final Duration timeout;

    private final HttpClient client;

    private final RequestSigner signer;

    private final Clock clock;

    private final SecureRandom random = new SecureRandom();

    /**
     * @param endpoint where to POST
     * @param keyId the signing key's id
     * @param secret the signing secret
     * @param connectTimeout the longest wait for a connection
     * @param timeout the longest wait for the whole response
     * @param clock the time source of the signatures
     */
    public SignedPost(
            URI endpoint, String keyId, String secret, Duration connectTimeout, Duration timeout, Clock clock) {
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                // a redirect would be a misconfigured base-url, and the signature covers the path
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.signer = new RequestSigner(keyId, secret);
        this.clock = clock;
    }

    /**
     * Sends the body and waits for the response.
     * @param body the JSON request
     * @return the response, or why there is none
     */
    public Outcome send(byte[] body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(this.endpoint)
                .timeout(this.timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        this.signer
                .headers(
                        "POST", this.endpoint.getRawPath(), this.clock.instant().getEpochSecond(), nonce(), body)
                .forEach(builder::header);
        CompletableFuture<HttpResponse<byte[]>> future =
                this.client.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        try {
            // the request timeout stops at the response headers; this bounds the body too
            return new Outcome(future.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS), null);
        } catch (TimeoutException ex) {
            future.cancel(true);
            return new Outcome(null, "timeout");
        } catch (InterruptedException ex) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return new Outcome(null, INTERRUPTED);
        } catch (ExecutionException ex) {
            return new Outcome(null, failureReason(ex.getCause()));
        }
    }

    private String nonce() {
        byte[] bytes = new byte[16];
        this.random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String failureReason(Throwable failure) {
        // the client may wrap the exception that says what happened
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
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
}
