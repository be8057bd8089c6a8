package cn.yiwang.id.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditMaskingTests {

    @Test
    void maskWhenIdNumberOrPhoneInTextThenMasked() {
        assertThat(AuditMasking.mask("released 31010119900101123X to app, phone 13812345678."))
                .isEqualTo("released 3101**********123X to app, phone 138****5678.");
    }

    @Test
    void maskWhenOtherNumbersThenKept() {
        assertThat(AuditMasking.mask("seq 12345 hash 0123456789abcdef0123456789abcdef"))
                .isEqualTo("seq 12345 hash 0123456789abcdef0123456789abcdef");
        assertThat(AuditMasking.mask(null)).isNull();
    }
}
