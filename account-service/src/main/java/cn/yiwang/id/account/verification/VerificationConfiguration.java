package cn.yiwang.id.account.verification;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * Registers the real-name verifiers that configuration turns on, and {@link IdentityVerifiers}
 * over them: {@code yiwang.verification.sandbox.enabled} and {@code yiwang.verification.http.enabled}.
 */
@Configuration(proxyBeanMethods = false)
public final class VerificationConfiguration {

    @Bean
    IdentityVerifiers identityVerifiers(ObjectProvider<IdentityVerifier> verifiers) {
        return new IdentityVerifiers(verifiers.orderedStream().toList());
    }

    /** The sandbox verifier; refuses to start in production. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty("yiwang.verification.sandbox.enabled")
    static final class SandboxVerifierConfiguration {

        SandboxVerifierConfiguration(Environment environment) {
            // made-up identities would be accepted as verified citizens: fail the start, loudly
            if (environment.acceptsProfiles(Profiles.of("prod"))) {
                throw new IllegalStateException("yiwang.verification.sandbox.enabled=true under the 'prod' profile: "
                        + "the sandbox verifier accepts synthetic identities and must never run in production; "
                        + "configure yiwang.verification.http.* instead");
            }
        }

        @Bean
        SandboxIdentityVerifier sandboxIdentityVerifier(ObjectProvider<Clock> clock) {
            return new SandboxIdentityVerifier(clock.getIfAvailable(Clock::systemUTC));
        }
    }

    /** The verifier of an authoritative real-name service over HTTP. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty("yiwang.verification.http.enabled")
    @EnableConfigurationProperties(HttpVerifierProperties.class)
    static final class HttpVerifierConfiguration {

        @Bean
        HttpIdentityVerifier httpIdentityVerifier(
                HttpVerifierProperties properties, MeterRegistry meters, ObjectProvider<Clock> clock) {
            return new HttpIdentityVerifier(properties, meters, clock.getIfAvailable(Clock::systemUTC));
        }
    }
}
