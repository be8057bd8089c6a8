package cn.yiwang.id.server.admin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sign-ins in progress ({@code yid:adm:attempt:{digest}}, 15 minutes), found through the browser's
 * {@code YIWANG_ADMIN_ATTEMPT} cookie: who passed the password, the authenticator being enrolled, and the request
 * to go back to (a kept form).
 */
@Component
public final class AdminSignInAttempts {

    /** The cookie of a sign-in in progress. */
    public static final String COOKIE = "YIWANG_ADMIN_ATTEMPT";

    private static final String PREFIX = "yid:adm:attempt:";

    private static final Duration TTL = Duration.ofMinutes(15);

    private static final Pattern HANDLE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final StringRedisTemplate redis;

    private final JsonMapper json;

    private final AdminCookies cookies;

    private final SecureRandom random = new SecureRandom();

    public AdminSignInAttempts(StringRedisTemplate redis, JsonMapper json, AdminCookies cookies) {
        this.redis = redis;
        this.json = json;
        this.cookies = cookies;
    }

    /** The browser's attempt, if it has a live one. */
    public Optional<AdminSignInAttempt> current(HttpServletRequest request) {
        String handle = this.cookies.read(request, COOKIE);
        if (handle == null || !HANDLE.matcher(handle).matches()) {
            return Optional.empty();
        }
        String value = this.redis.opsForValue().get(PREFIX + AdminSessionStore.digest(handle));
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(this.json.readValue(value, AdminSignInAttempt.class));
        } catch (JacksonException ex) {
            return Optional.empty();
        }
    }

    /** Stores the attempt under the browser's cookie, giving it one when it has none. */
    public void save(AdminSignInAttempt attempt, HttpServletRequest request, HttpServletResponse response) {
        String handle = this.cookies.read(request, COOKIE);
        if (handle == null || !HANDLE.matcher(handle).matches()) {
            byte[] bytes = new byte[32];
            this.random.nextBytes(bytes);
            handle = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            // also remembered for the rest of this request, which may save again (password step, then enrolment)
            this.cookies.write(request, response, COOKIE, handle, -1);
        }
        this.redis
                .opsForValue()
                .set(PREFIX + AdminSessionStore.digest(handle), this.json.writeValueAsString(attempt), TTL);
    }

    /** Forgets the attempt (signed in, or started again). */
    public void clear(HttpServletRequest request, HttpServletResponse response) {
        String handle = this.cookies.read(request, COOKIE);
        if (handle != null) {
            if (HANDLE.matcher(handle).matches()) {
                this.redis.delete(PREFIX + AdminSessionStore.digest(handle));
            }
            this.cookies.write(request, response, COOKIE, "", 0);
        }
    }
}
