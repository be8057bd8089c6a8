package cn.yiwang.id.server.qr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The browsers' event streams ({@code text/event-stream}) of their QR requests on this node. A state
 * change on any node is announced on Redis ({@link QrLoginStore#CHANNEL}); this node then pushes the new
 * state to the streams it holds for that request. Expiry makes no announcement, so each open stream also
 * looks at its request's TTL every few seconds and when it is due. A stream ends with the request's last
 * state.
 */
public final class QrLoginEvents implements MessageListener, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(QrLoginEvents.class);
    private static final Duration STREAM_TIMEOUT = Duration.ofMinutes(5);
    /** How often an open stream looks whether its request is still there (expiry is not announced). */
    private static final long CHECK_SECONDS = 5;

    private static final Set<String> FINAL = Set.of("confirmed", "cancelled", "refused", "expired");

    private final QrLoginStore store;
    private final QrLoginService service;
    private final Map<String, Set<SseEmitter>> streams = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor((task) -> {
        Thread thread = new Thread(task, "qr-login-expiry");
        thread.setDaemon(true);
        return thread;
    });

    public QrLoginEvents(QrLoginStore store, QrLoginService service) {
        this.store = store;
        this.service = service;
    }

    /** Opens a stream of the request's states, starting with the current one. */
    public SseEmitter open(QrLoginRequest request) {
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
        String id = request.id();
        this.streams.computeIfAbsent(id, (key) -> ConcurrentHashMap.newKeySet()).add(emitter);
        Runnable forget = () -> forget(id, emitter);
        emitter.onCompletion(forget);
        emitter.onTimeout(forget);
        emitter.onError((ex) -> forget.run());
        QrLoginService.BrowserView view = this.service.view(request);
        send(id, emitter, view);
        if (!FINAL.contains(view.state())) {
            checkExpiryIn(id, view.expiresIn());
        }
        return emitter;
    }

    @Override
    public void onMessage(Message message, byte[] pattern) {
        push(new String(message.getBody(), StandardCharsets.UTF_8));
    }

    private void push(String id) {
        Set<SseEmitter> emitters = this.streams.get(id);
        if (emitters == null || emitters.isEmpty()) {
            return;
        }
        QrLoginService.BrowserView view =
                this.store.find(id).map(this.service::view).orElseGet(this.service::expired);
        for (SseEmitter emitter : emitters) {
            send(id, emitter, view);
        }
    }

    private void send(String id, SseEmitter emitter, QrLoginService.BrowserView view) {
        try {
            emitter.send(SseEmitter.event().name("state").data(view, MediaType.APPLICATION_JSON));
            if (FINAL.contains(view.state())) {
                emitter.complete();
                forget(id, emitter);
            }
        } catch (IOException | IllegalStateException ex) {
            // the browser went away
            forget(id, emitter);
        }
    }

    private void checkExpiryIn(String id, long seconds) {
        this.timer.schedule(
                () -> {
                    try {
                        if (!this.streams.containsKey(id)) {
                            return;
                        }
                        long left = this.store.secondsLeft(id);
                        if (left <= 0) {
                            push(id);
                        } else {
                            checkExpiryIn(id, left);
                        }
                    } catch (RuntimeException ex) {
                        log.warn("QR sign-in expiry check failed: {}", ex.toString());
                    }
                },
                Math.min(Math.max(1, seconds), CHECK_SECONDS) * 1000 + 200,
                TimeUnit.MILLISECONDS);
    }

    private void forget(String id, SseEmitter emitter) {
        this.streams.computeIfPresent(id, (key, emitters) -> {
            emitters.remove(emitter);
            return emitters.isEmpty() ? null : emitters;
        });
    }

    @Override
    public void destroy() {
        this.timer.shutdownNow();
        this.streams.values().forEach((emitters) -> emitters.forEach(SseEmitter::complete));
    }
}
