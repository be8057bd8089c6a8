package cn.yiwang.id.account.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ClientAddressesTests {

    @ParameterizedTest
    @CsvSource({"203.0.113.7, 203.0.113.7", "' 10.0.0.1 ', 10.0.0.1", "::ffff:203.0.113.7, 203.0.113.7"})
    void limitKeyWhenIpv4ThenWholeAddress(String clientIp, String expected) {
        assertThat(ClientAddresses.limitKey(clientIp)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2001:db8:1:2::1",
                "2001:0db8:0001:0002:ffff:ffff:ffff:ffff",
                "[2001:DB8:1:2::abcd]",
                "2001:db8:1:2::1%eth0"
            })
    void limitKeyWhenIpv6ThenSlash64Prefix(String clientIp) {
        assertThat(ClientAddresses.limitKey(clientIp)).isEqualTo("2001:db8:1:2::/64");
    }

    @Test
    void limitKeyWhenIpv6InOtherSlash64ThenDifferent() {
        assertThat(ClientAddresses.limitKey("2001:db8:1:3::1"))
                .isNotEqualTo(ClientAddresses.limitKey("2001:db8:1:2::1"));
    }

    @ParameterizedTest
    @CsvSource({"unknown, unknown", "Example.COM, example.com", "999.1.1.1, 999.1.1.1", "'1:2:3', '1:2:3'"})
    void limitKeyWhenNotAnAddressThenCountedAsGiven(String clientIp, String expected) {
        // never resolved through DNS: the value is only counted
        assertThat(ClientAddresses.limitKey(clientIp)).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void limitKeyWhenMissingThenIllegalArgument(String clientIp) {
        assertThatIllegalArgumentException().isThrownBy(() -> ClientAddresses.limitKey(clientIp));
    }
}
