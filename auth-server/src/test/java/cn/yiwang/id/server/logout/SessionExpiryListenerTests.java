package cn.yiwang.id.server.logout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.DefaultMessage;

class SessionExpiryListenerTests {

    private final SsoSessionTerminator terminator = mock(SsoSessionTerminator.class);

    private final SessionExpiryListener listener = new SessionExpiryListener(this.terminator);

    @Test
    void subscribesToTheSessionKeysChannelsOnly() {
        assertThat(SessionExpiryListener.SESSION_EXPIRY_CHANNELS).isEqualTo("__keyspace@*__:yid:sso:s:*");
    }

    @Test
    void anExpiredSessionKeyEndsItsSessionAsATimeout() {
        this.listener.onMessage(message("__keyspace@0__:yid:sso:s:{abc-123}", "expired"), null);

        verify(this.terminator).end("abc-123", "system", "timeout");
    }

    @Test
    void otherEventsOfTheSessionKeyAreIgnored() {
        // an operator's flags may publish every event of the key on its keyspace channel
        this.listener.onMessage(message("__keyspace@0__:yid:sso:s:{abc-123}", "expire"), null);
        this.listener.onMessage(message("__keyspace@0__:yid:sso:s:{abc-123}", "del"), null);

        verifyNoInteractions(this.terminator);
    }

    @Test
    void anotherKeyOrChannelEndsNothing() {
        this.listener.onMessage(message("__keyspace@0__:yid:sso:p:{abc-123}", "expired"), null);
        this.listener.onMessage(message("__keyevent@0__:expired", "yid:sso:s:{abc-123}"), null);

        verifyNoInteractions(this.terminator);
    }

    @Test
    void theKeyIsReadAfterTheDatabaseNumberWhateverItsDigits() {
        assertThat(SessionExpiryListener.keyOf("__keyspace@12__:yid:sso:s:{x}")).isEqualTo("yid:sso:s:{x}");
        assertThat(SessionExpiryListener.keyOf("__keyspace@0__:a:__:b")).isEqualTo("a:__:b");
        assertThat(SessionExpiryListener.keyOf("__keyevent@0__:expired")).isNull();
        assertThat(SessionExpiryListener.keyOf("__keyspace@0")).isNull();
    }

    @Test
    void keyspaceExpiryFlagsAreAddedToWhatIsAlreadySet() {
        assertThat(SessionExpiryListener.wantedFlags("")).isEqualTo("Kx");
        // what earlier versions set: the keyevent flags stay for whoever else reads them
        assertThat(SessionExpiryListener.wantedFlags("xE")).isEqualTo("xEK");
        assertThat(SessionExpiryListener.wantedFlags("KA")).isEqualTo("KA");
        assertThat(SessionExpiryListener.wantedFlags("Kx")).isEqualTo("Kx");
        assertThat(SessionExpiryListener.wantedFlags("Kg$")).isEqualTo("Kg$x");
    }

    private static DefaultMessage message(String channel, String body) {
        return new DefaultMessage(channel.getBytes(StandardCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8));
    }
}
