package cn.yiwang.id.server.qr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientLocationsTests {

    private final ClientLocations locations =
            new ClientLocations(Map.of("202.96.0.0/16", "上海", "202.96.128.0/24", "上海 · 浦东", "2001:db8::/32", "测试"));

    @Test
    void ofWhenAddressInListedBlocksThenMostSpecificNameElseKindOrUnknown() {
        assertThat(this.locations.of("202.96.1.2")).isEqualTo("上海");
        assertThat(this.locations.of("202.96.128.9")).isEqualTo("上海 · 浦东");
        assertThat(this.locations.of("2001:db8::1")).isEqualTo("测试");
        assertThat(this.locations.of("127.0.0.1")).isEqualTo(ClientLocations.LOCAL);
        assertThat(this.locations.of("10.1.2.3")).isEqualTo(ClientLocations.PRIVATE);
        assertThat(this.locations.of("198.51.100.7")).isEqualTo(ClientLocations.UNKNOWN);
        assertThat(this.locations.of("not-an-address.example")).isEqualTo(ClientLocations.UNKNOWN);
        assertThat(this.locations.of(null)).isEqualTo(ClientLocations.UNKNOWN);
    }
}
