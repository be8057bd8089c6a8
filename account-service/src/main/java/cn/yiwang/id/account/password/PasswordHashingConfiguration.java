package cn.yiwang.id.account.password;

import java.util.Map;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder.SecretKeyFactoryAlgorithm;

/** Password hashing for accounts: Argon2id for new hashes, older schemes still verified and upgraded. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ThrottleProperties.class)
public final class PasswordHashingConfiguration {

    /** Id of the scheme new hashes use; hashes with any other id are re-hashed on login. */
    public static final String DEFAULT_ID = "argon2";

    /**
     * Account password encoder.
     * @return a delegating encoder: {@code argon2} (default), {@code pbkdf2},
     * {@code pbkdf2@SpringSecurity_v5_8} and {@code bcrypt}
     */
    @Bean
    public PasswordEncoder accountPasswordEncoder() {
        return new DelegatingPasswordEncoder(
                DEFAULT_ID,
                Map.of(
                        // Argon2id, m = 7 MiB, t = 5, p = 1: OWASP Password Storage Cheat Sheet, second option;
                        // native libargon2 where it loads, the same hashes as Spring Security's Argon2PasswordEncoder
                        DEFAULT_ID,
                        // as many hashes at once as there are cores: more finish no sooner and hold 7 MiB each
                        new BoundedPasswordEncoder(
                                new NativeArgon2PasswordEncoder(16, 32, 1, 7168, 5),
                                Math.max(2, Runtime.getRuntime().availableProcessors())),
                        // PBKDF2-HMAC-SHA256 at OWASP's 600 000 iterations, for hashes imported from other systems
                        "pbkdf2",
                        new Pbkdf2PasswordEncoder("", 16, 600_000, SecretKeyFactoryAlgorithm.PBKDF2WithHmacSHA256),
                        // Spring Security's own PBKDF2 defaults (310 000 iterations), as written by older Spring apps
                        "pbkdf2@SpringSecurity_v5_8",
                        Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8(),
                        "bcrypt",
                        new BCryptPasswordEncoder()));
    }
}
