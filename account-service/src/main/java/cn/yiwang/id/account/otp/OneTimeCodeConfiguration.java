package cn.yiwang.id.account.otp;

import cn.yiwang.id.account.crypto.SensitiveDataProtector;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Wires SMS one-time codes: {@link OneTimeCodes} over Redis with the {@link SmsSender} that
 * {@code yiwang.sms.sender} chooses ({@link LogOnlySmsSenderConfiguration} or
 * {@link HttpSmsGatewaySenderConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({OneTimeCodeProperties.class, SmsProperties.class})
public final class OneTimeCodeConfiguration {

    /**
     * The one-time code service.
     * @param smsProperties {@code yiwang.sms.*}, asked for first: binding it before the sender is
     * looked up makes a misspelt {@code yiwang.sms.sender} fail with the property named, not with
     * "no SmsSender bean"
     * @param redis the shared Redis
     * @param protector computes the blind indexes and code hashes
     * @param smsSender the chosen sender
     * @param properties {@code yiwang.otp.*}
     * @param meters where outcomes are counted
     * @param clock the application's clock when it has exactly one, else the UTC system clock
     * @return the service
     */
    @Bean
    public OneTimeCodes oneTimeCodes(
            SmsProperties smsProperties,
            StringRedisTemplate redis,
            SensitiveDataProtector protector,
            SmsSender smsSender,
            OneTimeCodeProperties properties,
            MeterRegistry meters,
            ObjectProvider<Clock> clock) {
        // the auth-server defines a Clock bean and this module's own context does not: take it when there
        return new OneTimeCodes(redis, protector, smsSender, properties, meters, clock.getIfUnique(Clock::systemUTC));
    }
}
