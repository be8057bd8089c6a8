package cn.yiwang.id.server.admin;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class AdministratorBootstrapTests {

    @Test
    void runWhenDemoAdministratorsUnderProdThenRefusedBeforeAnythingIsCreated() {
        AdminConsoleProperties properties = new AdminConsoleProperties(
                Duration.ofMinutes(15),
                Duration.ofHours(8),
                "YIWANG_ADMIN",
                null,
                5,
                Duration.ofMinutes(15),
                null,
                true);
        MockEnvironment environment = new MockEnvironment();
        environment.setActiveProfiles("prod");
        // no repository, encoder or audit: the refusal comes first
        AdministratorBootstrap bootstrap =
                new AdministratorBootstrap(null, properties, null, null, null, environment, null);

        assertThatIllegalStateException()
                .isThrownBy(() -> bootstrap.run(null))
                .withMessageContaining("never under the prod profile");
    }
}
