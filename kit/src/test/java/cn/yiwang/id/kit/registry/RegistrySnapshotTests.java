package cn.yiwang.id.kit.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RegistrySnapshotTests {

    private final AtomicInteger table = new AtomicInteger(1);

    @Test
    void getWhenNotLoadedThenEmptyViewThenReloadReadsTheTable() {
        RegistrySnapshot<Integer> snapshot = new RegistrySnapshot<>("t", Duration.ofHours(1), 0, this.table::get);
        assertThat(snapshot.get()).isZero();
        snapshot.reload();
        assertThat(snapshot.get()).isEqualTo(1);
        this.table.set(2);
        assertThat(snapshot.get()).as("a view, until the next reload").isEqualTo(1);
        snapshot.reload();
        assertThat(snapshot.get()).isEqualTo(2);
    }

    @Test
    void reloadWhenLoadFailsThenPreviousViewKept() {
        RegistrySnapshot<Integer> snapshot = new RegistrySnapshot<>("t", Duration.ofHours(1), 7, () -> {
            throw new IllegalStateException("database down");
        });
        assertThatIllegalStateException().isThrownBy(snapshot::reload);
        assertThat(snapshot.get()).isEqualTo(7);
    }

    @Test
    void startWhenRunningThenReloadsPeriodicallyUntilStopped() throws InterruptedException {
        AtomicInteger loads = new AtomicInteger();
        RegistrySnapshot<Integer> snapshot =
                new RegistrySnapshot<>("t-refresh", Duration.ofMillis(20), 0, loads::incrementAndGet);
        snapshot.start();
        assertThat(snapshot.isRunning()).isTrue();
        for (int i = 0; i < 200 && snapshot.get() < 2; i++) {
            Thread.sleep(10);
        }
        snapshot.stop();
        assertThat(snapshot.isRunning()).isFalse();
        assertThat(snapshot.get()).isGreaterThanOrEqualTo(2);
    }
}
