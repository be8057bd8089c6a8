package cn.yiwang.id.account.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.AccountServiceConfiguration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Start-up failures for bad {@code yiwang.crypto.*} settings name the property at fault. */
class CryptoPropertiesBindingTests {

    private static final String KEY_32 = Base64.getEncoder().encodeToString(new byte[32]);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(AccountServiceConfiguration.class)
            .withBean(SensitiveDataProtector.class);

    @Test
    void startWhenKeysValidThenProtectorCreated() {
        this.runner
                .withPropertyValues(
                        "yiwang.crypto.active-key-id=k1",
                        "yiwang.crypto.data-keys.k1=" + KEY_32,
                        "yiwang.crypto.blind-index-key=" + KEY_32)
                .run((context) -> assertThat(context).hasNotFailed().hasSingleBean(SensitiveDataProtector.class));
    }

    @Test
    void startWhenBlindIndexKeyMissingThenFailureNamesIt() {
        this.runner
                .withPropertyValues("yiwang.crypto.active-key-id=k1", "yiwang.crypto.data-keys.k1=" + KEY_32)
                .run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("blindIndexKey"));
    }

    @Test
    void startWhenDataKeyTooShortThenFailureNamesIt() {
        this.runner
                .withPropertyValues(
                        "yiwang.crypto.active-key-id=k1",
                        "yiwang.crypto.data-keys.k1=" + Base64.getEncoder().encodeToString(new byte[16]),
                        "yiwang.crypto.blind-index-key=" + KEY_32)
                .run((context) -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("yiwang.crypto.data-keys[k1]"));
    }
}
