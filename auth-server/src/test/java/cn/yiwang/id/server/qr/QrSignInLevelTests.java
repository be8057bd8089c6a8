package cn.yiwang.id.server.qr;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.realname.AssuranceLevel;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QrSignInLevelTests {

    @ParameterizedTest
    @CsvSource({"L1, , L1", "L3, , L3", "L3, L2, L2", "L2, L3, L2", "L4, L4, L4", "L2, L1, L1"})
    void ofWhenAppSessionAndProvinceTrustThenTheLower(String app, String province, String expected) {
        assertThat(QrSignInLevel.of(
                        AssuranceLevel.valueOf(app),
                        Optional.ofNullable(province).map(AssuranceLevel::valueOf)))
                .isEqualTo(AssuranceLevel.valueOf(expected));
    }
}
