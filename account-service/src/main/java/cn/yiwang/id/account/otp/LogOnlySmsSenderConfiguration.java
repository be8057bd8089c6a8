package cn.yiwang.id.account.otp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * Selects {@link LogOnlySmsSender} when {@code yiwang.sms.sender=log} or the property is not set,
 * and refuses to start under the {@code prod} profile, where it would put live codes in the log
 * and send nothing.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "yiwang.sms.sender", havingValue = "log", matchIfMissing = true)
public final class LogOnlySmsSenderConfiguration {

    private static final Logger log = LoggerFactory.getLogger(LogOnlySmsSenderConfiguration.class);

    public LogOnlySmsSenderConfiguration(Environment environment) {
        if (environment.acceptsProfiles(Profiles.of("prod"))) {
            throw new IllegalStateException("yiwang.sms.sender=log (the default when yiwang.sms.sender is not set) "
                    + "writes one-time codes to the log instead of sending them and is refused under the 'prod' "
                    + "profile: set yiwang.sms.sender=http with yiwang.sms.http.base-url, yiwang.sms.http.api-key, "
                    + "yiwang.sms.http.template-id and yiwang.sms.http.sign-name");
        }
    }

    /**
     * The log-only sender.
     * @return a sender that writes messages to the log
     */
    @Bean
    public LogOnlySmsSender logOnlySmsSender() {
        log.warn("SMS messages, one-time codes included, are written to the log and not sent "
                + "(yiwang.sms.sender=log): for development only");
        return new LogOnlySmsSender();
    }
}
