package cn.yiwang.id.account.search;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.kit.registry.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccountQueryTests {

    @Test
    void violationsWhenExactlyOneKeyWellFormedThenNone() {
        assertThat(new AccountQuery("demo", null, null).violations()).isEmpty();
        assertThat(new AccountQuery(null, "+86 138 0013 8000", null).violations())
                .isEmpty();
        assertThat(new AccountQuery(null, null, "11010519491231002x").violations())
                .isEmpty();
        assertThat(new AccountQuery(null, null, "１１０１０５１９４９１２３１００２Ｘ").violations())
                .as("full-width digits typed with a Chinese input method")
                .isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            nullValues = "null",
            value = {
                "null, null, null, query",
                "demo, 13800138000, null, query",
                "' ', null, null, query",
                "null, 12345, null, phone",
                "null, null, 310%, idNumber",
                "null, null, 3101, idNumber"
            })
    void violationsWhenMalformedThenTheFieldIsNamed(String username, String phone, String idNumber, String field) {
        assertThat(new AccountQuery(username, phone, idNumber).violations())
                .extracting(Violation::field)
                .containsExactly(field);
    }

    @Test
    void toStringWhenNumbersGivenThenHidden() {
        assertThat(new AccountQuery(null, "13800138000", "11010519491231002X").toString())
                .doesNotContain("13800138000")
                .doesNotContain("11010519491231002X");
    }
}
