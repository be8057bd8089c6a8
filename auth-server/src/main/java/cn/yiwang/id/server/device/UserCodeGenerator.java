package cn.yiwang.id.server.device;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * Generates user codes ({@link UserCodes}) that no other live device authorization holds: each code is
 * reserved in Redis for its lifetime, so two kiosks never show the same code (with many kiosks live at
 * once, a random draw alone would collide now and then, and the later one would hide the earlier).
 */
public final class UserCodeGenerator implements OAuth2TokenGenerator<OAuth2UserCode> {

    private static final String PREFIX = "yid:device:uc:";
    private static final int ATTEMPTS = 5;

    private final UserCodes codes;
    private final StringRedisTemplate redis;
    private final Clock clock;

    public UserCodeGenerator(UserCodes codes, StringRedisTemplate redis, Clock clock) {
        this.codes = codes;
        this.redis = redis;
        this.clock = clock;
    }

    @Override
    public OAuth2UserCode generate(OAuth2TokenContext context) {
        if (context.getTokenType() == null
                || !OAuth2ParameterNames.USER_CODE.equals(context.getTokenType().getValue())) {
            return null;
        }
        Instant issuedAt = this.clock.instant();
        Duration ttl = context.getRegisteredClient().getTokenSettings().getDeviceCodeTimeToLive();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            String code = this.codes.next();
            if (Boolean.TRUE.equals(this.redis.opsForValue().setIfAbsent(PREFIX + code, "1", ttl))) {
                return new OAuth2UserCode(code, issuedAt, issuedAt.plus(ttl));
            }
        }
        // Five collisions in a row means the code space is nearly full: refuse rather than reuse.
        return null;
    }
}
