package cn.yiwang.id.kit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

class LimitedBodyTests {

    private static final Flow.Subscription SUBSCRIPTION = new Flow.Subscription() {
        @Override
        public void request(long n) {}

        @Override
        public void cancel() {}
    };

    private static List<ByteBuffer> bytes(String text) {
        return List.of(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void getBodyWhenWithinLimitThenAllBytes() throws Exception {
        LimitedBody body = new LimitedBody(10);
        body.onSubscribe(SUBSCRIPTION);
        body.onNext(bytes("hello"));
        body.onNext(bytes("world"));
        body.onComplete();
        assertThat(new String(body.getBody().toCompletableFuture().get(), StandardCharsets.UTF_8))
                .isEqualTo("helloworld");
    }

    @Test
    void getBodyWhenOverLimitThenTooLarge() {
        LimitedBody body = new LimitedBody(4);
        body.onSubscribe(SUBSCRIPTION);
        body.onNext(bytes("hello"));
        assertThatThrownBy(() -> body.getBody().toCompletableFuture().get())
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(LimitedBody.TooLargeException.class);
    }
}
