package cn.yiwang.id.account.otp;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Selects {@link HttpSmsGatewaySender} when {@code yiwang.sms.sender=http}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "yiwang.sms.sender", havingValue = "http")
public final class HttpSmsGatewaySenderConfiguration {

    /**
     * The HTTP gateway sender.
     * @param properties {@code yiwang.sms.*}, already checked to be complete for {@code http}
     * @return a sender posting to {@code yiwang.sms.http.base-url}
     */
    @Bean
    public HttpSmsGatewaySender httpSmsGatewaySender(SmsProperties properties) {
        return new HttpSmsGatewaySender(properties.http());
    }
}
