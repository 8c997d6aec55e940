package io.walchan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sync_channel: bound counts sent-but-unacknowledged messages. */
class BoundedChannelTest {

    @TempDir
    Path dir;

    private SyncChannel<Integer> open(int bound) {
        return Walchan.syncChannel(dir, bound, Codecs.json(Integer.class),
                Options.builder().durability(Durability.FLUSH_ONLY).build());
    }

    @Test
    void trySendFailsWhenFullAndSucceedsAfterAck() {
        try (SyncChannel<Integer> ch = open(2)) {
            SyncSender<Integer> tx = ch.sender();
            assertThat(ch.bound()).isEqualTo(2);
            assertThat(tx.trySend(1)).isTrue();
            assertThat(tx.trySend(2)).isTrue();
            assertThat(tx.trySend(3)).isFalse();
            Delivery<Integer> d = ch.receiver().tryRecv();
            assertThat(tx.trySend(3)).isFalse(); // received is not acknowledged
            d.ack();
            assertThat(tx.trySend(3)).isTrue();
        }
    }

    @Test
    void nackDoesNotFreeRoom() {
        try (SyncChannel<Integer> ch = open(1)) {
            SyncSender<Integer> tx = ch.sender();
            assertThat(tx.trySend(1)).isTrue();
            ch.receiver().tryRecv().nack();
            assertThat(tx.trySend(2)).isFalse();
        }
    }

    @Test
    void sendTimeoutTimesOut() throws Exception {
        try (SyncChannel<Integer> ch = open(1)) {
            SyncSender<Integer> tx = ch.sender();
            tx.send(1);
            long start = System.nanoTime();
            assertThat(tx.sendTimeout(2, Duration.ofMillis(100))).isFalse();
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
            ch.receiver().tryRecv().ack();
            assertThat(tx.sendTimeout(2, Duration.ofMillis(100))).isTrue();
        }
    }

    @Test
    void blockingSendIsFreedByAnAck() throws Exception {
        try (SyncChannel<Integer> ch = open(1)) {
            SyncSender<Integer> tx = ch.sender();
            tx.send(1);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            Future<?> blocked = pool.submit(() -> {
                tx.send(2);
                return null;
            });
            Thread.sleep(100);
            assertThat(blocked.isDone()).isFalse();
            ch.receiver().recv().ack();
            blocked.get(10, TimeUnit.SECONDS);
            assertThat(ch.receiver().recv().get()).isEqualTo(2);
            pool.shutdown();
        }
    }

    @Test
    void blockedSendFailsWhenTheReceiverCloses() throws Exception {
        SyncChannel<Integer> ch = open(1);
        SyncSender<Integer> tx = ch.sender();
        tx.send(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<?> blocked = pool.submit(() -> {
            tx.send(2);
            return null;
        });
        Thread.sleep(100);
        ch.receiver().close();
        assertThatThrownBy(() -> blocked.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(DisconnectedException.class);
        pool.shutdown();
    }

    @Test
    void boundIsRecomputedFromTheLogAfterRestart() throws Exception {
        try (SyncChannel<Integer> ch = open(3)) {
            SyncSender<Integer> tx = ch.sender();
            tx.send(1);
            tx.send(2);
            tx.send(3);
            ch.receiver().recv().ack();
        }
        try (SyncChannel<Integer> ch = open(3)) {
            SyncSender<Integer> tx = ch.sender();
            assertThat(tx.trySend(4)).isTrue();
            assertThat(tx.trySend(5)).isFalse(); // 2, 3, 4 unacknowledged
        }
    }

    @Test
    void sendIsInterruptible() throws Exception {
        try (SyncChannel<Integer> ch = open(1)) {
            SyncSender<Integer> tx = ch.sender();
            tx.send(1);
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> tx.send(2)).isInstanceOf(InterruptedException.class);
            assertThat(tx.trySend(2)).isFalse();
        }
    }
}
