package io.walchan;

import static org.assertj.core.api.Assertions.assertThat;

import io.walchan.internal.checkpoint.Checkpoint;
import io.walchan.internal.fs.NioFileLayer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acknowledgement, commit and resumption across close and reopen. */
class RestartTest {

    @TempDir
    Path dir;

    private Channel<Integer> open() {
        return Walchan.channel(dir, Codecs.json(Integer.class), Options.builder().durability(Durability.FLUSH_ONLY).build());
    }

    private static List<Integer> drain(Receiver<Integer> rx, boolean ack) {
        List<Integer> got = new ArrayList<>();
        for (var it = rx.tryIter(); it.hasNext(); ) {
            Delivery<Integer> d = it.next();
            got.add(d.get());
            if (ack) {
                d.ack();
            }
        }
        return got;
    }

    private long committedOnDisk() throws Exception {
        return Checkpoint.read(new NioFileLayer(false), dir).committed;
    }

    @Test
    void ackThenRestartResumesAtTheNextMessage() throws Exception {
        try (Channel<Integer> ch = open()) {
            Sender<Integer> tx = ch.sender();
            for (int i = 0; i < 5; i++) {
                tx.send(i);
            }
            Receiver<Integer> rx = ch.receiver();
            rx.recv().ack();
            rx.recv().close();
        }
        assertThat(committedOnDisk()).isEqualTo(2);
        try (Channel<Integer> ch = open()) {
            Delivery<Integer> d = ch.receiver().recv();
            assertThat(d.get()).isEqualTo(2);
            assertThat(d.position()).isEqualTo(2);
            assertThat(d.redelivered()).isTrue(); // beyond the committed position of a reopened log
            d.ack();
            ch.sender().send(5);
            assertThat(drain(ch.receiver(), true)).containsExactly(3, 4, 5);
        }
    }

    @Test
    void unacknowledgedMessagesComeBackAfterRestart() throws Exception {
        try (Channel<Integer> ch = open()) {
            ch.sender().send(1);
            ch.sender().send(2);
            assertThat(drain(ch.receiver(), false)).containsExactly(1, 2);
        }
        try (Channel<Integer> ch = open()) {
            assertThat(drain(ch.receiver(), false)).containsExactly(1, 2);
        }
    }

    @Test
    void progressIsMonotonicAcrossManyRestarts() throws Exception {
        int expected = 0;
        for (int round = 0; round < 10; round++) {
            try (Channel<Integer> ch = open()) {
                Sender<Integer> tx = ch.sender();
                for (int i = 0; i < 3; i++) {
                    tx.send(round * 3 + i);
                }
                Delivery<Integer> d = ch.receiver().recv();
                assertThat(d.get()).isEqualTo(expected);
                assertThat(d.position()).isEqualTo(expected);
                d.ack();
                expected++;
            }
            assertThat(committedOnDisk()).isEqualTo(expected);
        }
    }

    @Test
    void outOfOrderAcksCommitOnlyTheContiguousPrefix() throws Exception {
        try (Channel<Integer> ch = open()) {
            for (int i = 0; i < 5; i++) {
                ch.sender().send(i);
            }
            Receiver<Integer> rx = ch.receiver();
            List<Delivery<Integer>> ds = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ds.add(rx.recv());
            }
            ds.get(1).ack();
            ds.get(3).ack();
            assertThat(committedOnDisk()).isZero();
            ds.get(0).ack();
            assertThat(committedOnDisk()).isEqualTo(2);
            ds.get(2).ack();
            assertThat(committedOnDisk()).isEqualTo(4);
        }
        try (Channel<Integer> ch = open()) {
            assertThat(drain(ch.receiver(), false)).containsExactly(4);
        }
    }

    @Test
    void commitBatchingKeepsOrderAndCloseCommitsPendingAcks() throws Exception {
        try (Channel<Integer> ch = open()) {
            Receiver<Integer> rx = ch.receiver().withOptions(new ReceiverOptions(100, Duration.ofHours(1)));
            for (int i = 0; i < 10; i++) {
                ch.sender().send(i);
            }
            assertThat(drain(rx, true)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
            assertThat(committedOnDisk()).isZero(); // batched: nothing committed yet
        }
        assertThat(committedOnDisk()).isEqualTo(10); // close committed
    }

    @Test
    void statsShowPositionsBacklogAndDisk() throws Exception {
        try (Channel<Integer> ch = open()) {
            Receiver<Integer> rx = ch.receiver().withOptions(new ReceiverOptions(100, Duration.ofHours(1)));
            for (int i = 0; i < 5; i++) {
                ch.sender().send(i);
            }
            rx.recv().ack();
            rx.recv().ack();
            ChannelStats stats = ch.stats();
            assertThat(stats.endPosition()).isEqualTo(5);
            assertThat(stats.acknowledgedPosition()).isEqualTo(2);
            assertThat(stats.committedPosition()).isZero(); // batched, not yet committed
            assertThat(stats.unacknowledged()).isEqualTo(3);
            assertThat(stats.segments()).isEqualTo(1);
            assertThat(stats.logBytes()).isGreaterThan(5 * 16);
            assertThat(stats.lastFsync()).isNotNull();
            assertThat(stats.failure()).isNull();
        }
    }

    @Test
    void commitEveryNCommitsAfterNAcks() throws Exception {
        try (Channel<Integer> ch = open()) {
            Receiver<Integer> rx = ch.receiver().withOptions(new ReceiverOptions(3, Duration.ofHours(1)));
            for (int i = 0; i < 7; i++) {
                ch.sender().send(i);
            }
            for (int i = 0; i < 7; i++) {
                rx.recv().ack();
                assertThat(committedOnDisk()).isEqualTo((i + 1) / 3 * 3);
            }
        }
    }

    @Test
    void commitMaxDelayCommitsWithoutAnotherAck() throws Exception {
        try (Channel<Integer> ch = open()) {
            Receiver<Integer> rx = ch.receiver().withOptions(new ReceiverOptions(1000, Duration.ofMillis(50)));
            ch.sender().send(1);
            rx.recv().ack();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (committedOnDisk() != 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(committedOnDisk()).isEqualTo(1);
        }
    }

    @Test
    void aNackedMessageIsRedeliveredAfterRestartToo() throws Exception {
        try (Channel<Integer> ch = open()) {
            ch.sender().send(7);
            ch.receiver().recv().nack();
        }
        try (Channel<Integer> ch = open()) {
            Delivery<Integer> d = ch.receiver().recv();
            assertThat(d.get()).isEqualTo(7);
            assertThat(d.redelivered()).isTrue();
        }
    }
}
