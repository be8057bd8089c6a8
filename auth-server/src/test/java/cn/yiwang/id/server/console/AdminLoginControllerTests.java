package cn.yiwang.id.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdminLoginControllerTests {

    @ParameterizedTest
    @ValueSource(strings = {"/admin", "/admin/administrators", "/admin/administrators/sysadmin?x=1", "/admin?lang=en"})
    void isConsolePathWhenAConsolePageThenTrue(String path) {
        assertThat(AdminLoginController.isConsolePath(path)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "//evil.example/admin",
                "https://evil.example/admin",
                "/adminx",
                "/admin/../account",
                "/admin\\..\\x",
                "/admin/api/clients",
                "/admin/login",
                "/account"
            })
    void isConsolePathWhenElsewhereThenFalse(String path) {
        assertThat(AdminLoginController.isConsolePath(path)).isFalse();
    }
}
