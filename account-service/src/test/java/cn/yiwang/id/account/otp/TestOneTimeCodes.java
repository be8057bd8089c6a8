package cn.yiwang.id.account.otp;

import cn.yiwang.id.account.crypto.CryptoProperties;
import cn.yiwang.id.account.crypto.SensitiveDataProtector;
import cn.yiwang.id.testsupport.LocalInfrastructure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Fixtures for one-time code tests sharing one Redis with other tests and other builds. */
final class TestOneTimeCodes {

    private TestOneTimeCodes() {}

    /** @return a mainland mobile number ({@code 1[3-9]} and 9 digits) no other test is likely to use */
    static String phone() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "1" + random.nextInt(3, 10) + String.format("%09d", random.nextInt(1_000_000_000));
    }

    /** @return an IPv4 address from the benchmarking range 198.18.0.0/15 */
    static String ipv4() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "198." + random.nextInt(18, 20) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
    }

    /** @return a random /64 prefix in the documentation range 2001:db8::/32, ending with ':' */
    static String ipv6Prefix() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "2001:db8:" + Integer.toHexString(random.nextInt(0x10000)) + ":"
                + Integer.toHexString(random.nextInt(0x10000)) + ":";
    }

    /** @return the protector with the fixed test keys that the Spring tests use too */
    static SensitiveDataProtector protector() {
        Map<String, String> properties = LocalInfrastructure.testCryptoProperties();
        return new SensitiveDataProtector(new CryptoProperties(
                properties.get("yiwang.crypto.active-key-id"),
                Map.of(
                        "test-1",
                        properties.get("yiwang.crypto.data-keys.test-1"),
                        "test-2",
                        properties.get("yiwang.crypto.data-keys.test-2")),
                properties.get("yiwang.crypto.blind-index-key")));
    }

    /**
     * Finds every one-time code key of a phone number, whatever day it was written for.
     * @param redis the Redis
     * @param protector the protector that indexed the phone
     * @param phone the 11 digits
     * @return the keys
     */
    static List<String> phoneKeys(StringRedisTemplate redis, SensitiveDataProtector protector, String phone) {
        return scan(redis, "yid:otp:*{" + protector.blindIndex(phone) + "}*");
    }

    /**
     * Lists keys matching a pattern.
     * @param redis the Redis
     * @param pattern a SCAN MATCH pattern
     * @return the keys
     */
    static List<String> scan(StringRedisTemplate redis, String pattern) {
        List<String> keys = new ArrayList<>();
        try (Cursor<String> cursor =
                redis.scan(ScanOptions.scanOptions().match(pattern).count(1000).build())) {
            cursor.forEachRemaining(keys::add);
        }
        return keys;
    }
}
