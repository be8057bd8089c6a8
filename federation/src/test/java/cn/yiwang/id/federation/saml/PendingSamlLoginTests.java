package cn.yiwang.id.federation.saml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@link PendingSamlLogin}: its compact JSON for Redis, and what is not one. */
class PendingSamlLoginTests {

    @Test
    void fromJsonWhenWrittenByToJsonThenEqual() {
        PendingSamlLogin pending = new PendingSamlLogin("_a1", "rs", "jiangsu", Instant.ofEpochSecond(1767225600));
        assertThat(pending.toJson()).isEqualTo("{\"idp\":\"jiangsu\",\"req\":\"_a1\",\"rs\":\"rs\",\"at\":1767225600}");
        assertThat(PendingSamlLogin.fromJson(pending.toJson())).isEqualTo(pending);
        assertThat(pending.toString()).doesNotContain("rs\"").doesNotContain("relay");
    }

    @Test
    void fromJsonWhenNotOneThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> PendingSamlLogin.fromJson("nope"));
        assertThatIllegalArgumentException().isThrownBy(() -> PendingSamlLogin.fromJson("{\"idp\":\"x\",\"at\":1}"));
    }
}
