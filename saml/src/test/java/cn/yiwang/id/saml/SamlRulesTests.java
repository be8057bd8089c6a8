package cn.yiwang.id.saml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SamlRulesTests {

    static final class Rejected extends Exception {

        Rejected(String reason) {
            super(reason);
        }
    }

    @Test
    void checkWhenAllHoldThenEveryRuleRanInOrder() throws Rejected {
        List<String> ran = new ArrayList<>();
        SamlRules<List<String>, Rejected> rules =
                SamlRules.of((m) -> m.add("parse"), (m) -> m.add("signature"), (m) -> m.add("replay"));
        rules.check(ran);
        assertThat(ran).containsExactly("parse", "signature", "replay");
        assertThat(rules.rules()).hasSize(3);
    }

    @Test
    void checkWhenOneFailsThenItsReasonAndNoLaterRuleRuns() {
        List<String> ran = new ArrayList<>();
        SamlRules<List<String>, Rejected> rules = SamlRules.of(List.of(
                (m) -> m.add("parse"),
                (m) -> {
                    throw new Rejected("signature-invalid");
                },
                (m) -> m.add("replay")));
        assertThatExceptionOfType(Rejected.class)
                .isThrownBy(() -> rules.check(ran))
                .withMessage("signature-invalid");
        assertThat(ran).containsExactly("parse");
    }
}
