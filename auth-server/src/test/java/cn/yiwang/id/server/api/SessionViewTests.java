package cn.yiwang.id.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.server.session.SsoSession;
import cn.yiwang.id.server.session.SsoSessionRecord;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionViewTests {

    @Test
    void samlParticipantsAreShownByServiceProviderNotByNameIdFormat() {
        SsoSession session = new SsoSession(
                "sid-1", "acct", Instant.EPOCH, List.of("pwd"), "urn:yiwang:loa:1", Instant.EPOCH.plusSeconds(60));
        SessionView view = SessionView.of(
                new SsoSessionRecord(session, "203.0.113.*", "Firefox"),
                Set.of("demo-web", "saml:portal:p", "saml:portal:t", "saml:other:u"),
                "sid-1");
        assertThat(view.clients()).containsExactlyInAnyOrder("demo-web", "saml:portal", "saml:other");
        assertThat(view.current()).isTrue();
        assertThat(view.device()).isNull();
    }

    @Test
    void ofWhenSessionOpenedForDeviceThenViewNamesTheDevice() {
        SsoSession session = new SsoSession(
                "sid-2", "acct", Instant.EPOCH, List.of("pwd"), "urn:yiwang:loa:1", Instant.EPOCH.plusSeconds(60));
        SessionView view = SessionView.of(
                new SsoSessionRecord(session, "203.0.113.*", "kiosk/1.0", "demo-kiosk"), Set.of("demo-kiosk"), "sid-1");
        assertThat(view.device()).isEqualTo("demo-kiosk");
        assertThat(view.current()).isFalse();
    }
}
