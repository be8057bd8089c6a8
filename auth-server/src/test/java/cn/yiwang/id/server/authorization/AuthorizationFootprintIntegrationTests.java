package cn.yiwang.id.server.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.server.test.Browser;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.OidcClient;
import cn.yiwang.id.server.test.TestAccounts;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.TokenResponse;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * What one SSO session with one relying-party authorization (code redeemed, tokens issued) holds in Redis: the
 * session, its participants and the authorization with its indexes, measured with {@code MEMORY USAGE} (a size,
 * never a timing). The budget is 1.5 KiB for what lives as long as the session; the redeemed code's replay index
 * lives only as long as the code would have, and is reported apart.
 */
class AuthorizationFootprintIntegrationTests extends IntegrationTestSupport {

    private static final long BUDGET_BYTES = 1536;

    @Autowired
    AccountRepository accounts;

    @Autowired
    StringRedisTemplate redis;

    @Test
    void signInWhenCodeRedeemedThenSessionAndAuthorizationStayUnderOneAndAHalfKib() throws Exception {
        Account account = TestAccounts.create(this.accounts);
        OidcClient web = new OidcClient(ISSUER, "demo-web", "demo-secret", "http://127.0.0.1:8081/callback");
        Set<String> before = keys();
        try (Browser browser = new Browser()) {
            OidcClient.Attempt attempt = web.authorizationRequest("openid profile", (b) -> {});
            browser.signIn(
                    (HtmlPage) browser.open(attempt.uri().toString()), account.username(), TestAccounts.PASSWORD);
            AuthorizationCode code = web.code(browser.lastClientRedirect(), attempt);
            TokenResponse response = web.exchange(code, attempt.verifier());
            assertThat(response.indicatesSuccess()).isTrue();
        }
        Map<String, Long> lasting = new LinkedHashMap<>();
        Map<String, Long> transient_ = new LinkedHashMap<>();
        for (String key : keys()) {
            // ending markers (yid:sso:e:) belong to sessions of other tests that end meanwhile, never to a live one
            if (before.contains(key)
                    || !(key.startsWith("yid:sso:") || key.startsWith("yid:authz:"))
                    || key.startsWith("yid:sso:e:")) {
                continue;
            }
            Long bytes = this.redis.execute((RedisCallback<Long>) (c) -> memoryUsage(c, key));
            Long ttl = this.redis.getExpire(key, TimeUnit.SECONDS);
            // an authorization code lives minutes; the session and its tokens live hours
            ((ttl != null && ttl >= 0 && ttl <= 600) ? transient_ : lasting).put(key, bytes);
        }
        long total = lasting.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("Redis footprint: lasting %d B %s; transient %s%n", total, lasting, transient_);

        assertThat(lasting.keySet()).anyMatch((k) -> k.startsWith("yid:sso:s:"));
        assertThat(lasting.keySet()).anyMatch((k) -> k.startsWith("yid:authz:{"));
        assertThat(total)
                .as("bytes per SSO session with one authorization: %s", lasting)
                .isLessThanOrEqualTo(BUDGET_BYTES);
    }

    private static Long memoryUsage(RedisConnection connection, String key) {
        // Spring Data Redis has no MEMORY USAGE; Lettuce has
        @SuppressWarnings("unchecked")
        RedisClusterAsyncCommands<byte[], byte[]> commands =
                (RedisClusterAsyncCommands<byte[], byte[]>) connection.getNativeConnection();
        try {
            Long bytes =
                    commands.memoryUsage(key.getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
            return (bytes != null) ? bytes : 0L;
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private Set<String> keys() {
        Set<String> keys = new HashSet<>();
        try (Cursor<String> cursor = this.redis.scan(
                ScanOptions.scanOptions().match("yid:*").count(1000).build())) {
            cursor.forEachRemaining(keys::add);
        }
        return keys;
    }
}
