package cn.yiwang.id.server.login;

import cn.yiwang.id.account.passkey.Passkeys;
import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.account.realname.RealNameRegistry;
import cn.yiwang.id.account.realname.SecondFactorLevels;
import cn.yiwang.id.account.realname.SecondFactorLevels.SecondFactor;
import cn.yiwang.id.account.totp.TotpService;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.stereotype.Component;

/**
 * The second step of signing in, for accounts with an authenticator app or a passkey: after the first
 * factor (password or SMS code) the browser holds a pending sign-in (cookie {@code YIWANG_2FA}, path
 * {@code /login}; Redis {@code yid:2fa:{token}}, five minutes) and no SSO session; the second factor
 * turns it into one, with the {@code amr} and level that {@link SecondFactorLevels} gives.
 */
@Component
public final class SecondFactorSignIn {

    static final String COOKIE = "YIWANG_2FA";

    private static final Duration TTL = Duration.ofMinutes(5);

    private static final String PREFIX = "yid:2fa:";

    private final TotpService totp;

    private final Passkeys passkeys;

    private final RealNameRegistry realNames;

    private final SessionSignIn signIn;

    private final StringRedisTemplate redis;

    private final SecureRandom random = new SecureRandom();

    public SecondFactorSignIn(
            TotpService totp,
            Passkeys passkeys,
            RealNameRegistry realNames,
            SessionSignIn signIn,
            StringRedisTemplate redis) {
        this.totp = totp;
        this.passkeys = passkeys;
        this.realNames = realNames;
        this.signIn = signIn;
        this.redis = redis;
    }

    /**
     * A sign-in waiting for its second factor.
     * @param token its id (the cookie value; also names its passkey ceremony)
     * @param accountId the account whose first factor was right
     * @param amr the first factor's methods
     * @param method the first factor for the login metric ({@code password}, {@code sms})
     */
    public record Pending(String token, UUID accountId, List<String> amr, String method) {}

    /** Whether the account asks for a second factor when signing in. */
    public boolean required(UUID accountId) {
        return this.totp.isEnabled(accountId) || this.passkeys.hasAny(accountId);
    }

    /** Holds the first factor and sends the browser to the second step. */
    public void start(
            UUID accountId, List<String> amr, String method, HttpServletRequest request, HttpServletResponse response)
            throws java.io.IOException {
        byte[] bytes = new byte[24];
        this.random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        this.redis.opsForValue().set(PREFIX + token, accountId + " " + method + " " + String.join(",", amr), TTL);
        writeCookie(request, response, token, TTL);
        response.sendRedirect(request.getContextPath() + "/login/second-factor");
    }

    /** The browser's pending sign-in, if it has a live one. */
    public Optional<Pending> pending(HttpServletRequest request) {
        String token = cookie(request);
        if (token == null || token.length() > 64) {
            return Optional.empty();
        }
        String value = this.redis.opsForValue().get(PREFIX + token);
        if (value == null) {
            return Optional.empty();
        }
        String[] parts = value.split(" ");
        return Optional.of(new Pending(token, UUID.fromString(parts[0]), Arrays.asList(parts[2].split(",")), parts[1]));
    }

    /** The second factor was right: the SSO session begins, and the pending sign-in is used up. */
    public void complete(
            Pending pending,
            SecondFactor factor,
            AssuranceLevel passkeyBoundLevel,
            HttpServletRequest request,
            HttpServletResponse response) {
        this.redis.delete(PREFIX + pending.token());
        writeCookie(request, response, "", Duration.ZERO);
        AssuranceLevel level =
                SecondFactorLevels.sessionLevel(this.realNames.level(pending.accountId()), factor, passkeyBoundLevel);
        this.signIn.signIn(
                pending.accountId(),
                SecondFactorLevels.amr(pending.amr(), factor),
                level.acr(),
                pending.method() + "+" + factor.name().toLowerCase(java.util.Locale.ROOT),
                request,
                response);
    }

    /**
     * The form login's success handler: a password that still needs its second factor goes to the second
     * step; a complete sign-in goes on as before.
     */
    public AuthenticationSuccessHandler after(AuthenticationSuccessHandler next) {
        return (request, response, authentication) -> {
            if (authentication instanceof FirstFactorAuthentication first) {
                start(UUID.fromString(first.getName()), first.getAmr(), "password", request, response);
                return;
            }
            next.onAuthenticationSuccess(request, response, authentication);
        };
    }

    private static String cookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (COOKIE.equals(cookie.getName()) && !cookie.getValue().isEmpty()) {
                return cookie.getValue();
            }
        }
        return null;
    }

    private static void writeCookie(
            HttpServletRequest request, HttpServletResponse response, String value, Duration maxAge) {
        response.addHeader(
                HttpHeaders.SET_COOKIE,
                ResponseCookie.from(COOKIE, value)
                        .path(request.getContextPath() + "/login")
                        .httpOnly(true)
                        .secure(request.isSecure())
                        .sameSite("Lax")
                        .maxAge(maxAge)
                        .build()
                        .toString());
    }
}
