package cn.yiwang.id.saml;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SamlIdsTests {

    @Test
    void newIdWhenCalledTwiceThenDistinctNcNamesOf128Bits() {
        String id = SamlIds.newId();
        // xs:ID is an NCName: it may not start with a digit
        assertThat(id).matches("_[0-9a-f]{32}");
        assertThat(SamlIds.newId()).isNotEqualTo(id);
    }
}
