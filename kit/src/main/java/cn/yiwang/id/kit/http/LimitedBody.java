package cn.yiwang.id.kit.http;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects an HTTP response body up to a limit, so a misbehaving upstream (an OIDC provider, a
 * metadata server) cannot fill the heap; beyond the limit the body fails with {@link TooLargeException}.
 */
public final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {

    private final CompletableFuture<byte[]> result = new CompletableFuture<>();

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    private final long limit;

    private Flow.Subscription subscription;

    public LimitedBody(long limit) {
        this.limit = limit;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return this.result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (this.result.isDone()) {
            return;
        }
        for (ByteBuffer item : items) {
            if (this.buffer.size() + (long) item.remaining() > this.limit) {
                this.subscription.cancel();
                this.result.completeExceptionally(new TooLargeException());
                return;
            }
            byte[] bytes = new byte[item.remaining()];
            item.get(bytes);
            this.buffer.writeBytes(bytes);
        }
    }

    @Override
    public void onError(Throwable failure) {
        this.result.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        this.result.complete(this.buffer.toByteArray());
    }

    /** The body went over the limit. */
    public static final class TooLargeException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        TooLargeException() {
            super("response body over the size limit", null, false, false);
        }
    }
}
