package io.walchan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.walchan.internal.channel.ChannelCore;
import io.walchan.internal.channel.ChannelImpl;
import io.walchan.internal.fs.FaultyFileLayer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group commit, timed syncs, and failures of write and fsync, through a fault-injecting file layer. */
class DurabilityTest {

    @TempDir
    Path dir;

    private Channel<Integer> open(FaultyFileLayer fs, Durability durability) {
        Options options = Options.builder().durability(durability).build();
        return new ChannelImpl<>(ChannelCore.open(dir, Codecs.json(Integer.class), options, 0, fs));
    }

    private List<Integer> readBack() {
        List<Integer> got = new ArrayList<>();
        try (Channel<Integer> ch = Walchan.channel(dir, Codecs.json(Integer.class), Options.defaults())) {
            List<Delivery<Integer>> ds = new ArrayList<>();
            ch.receiver().tryIter().forEachRemaining(d -> {
                got.add(d.get());
                ds.add(d);
            });
            ds.forEach(Delivery::nack);
        }
        return got;
    }

    @Test
    void syncPerSendForcesOncePerLoneSend() {
        FaultyFileLayer fs = new FaultyFileLayer();
        try (Channel<Integer> ch = open(fs, Durability.SYNC_PER_SEND)) {
            Sender<Integer> tx = ch.sender();
            int before = fs.forces.get();
            for (int i = 0; i < 20; i++) {
                tx.send(i);
            }
            assertThat(fs.forces.get() - before).isEqualTo(20);
        }
    }

    @Test
    void concurrentSendersShareFsyncs() throws Exception {
        FaultyFileLayer fs = new FaultyFileLayer();
        fs.forceDelayMillis = 5; // a slow disk makes senders pile up behind the leader
        int threads = 8;
        int perThread = 25;
        try (Channel<Integer> ch = open(fs, Durability.SYNC_PER_SEND)) {
            int before = fs.forces.get();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> all = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Sender<Integer> tx = ch.sender();
                int base = t * perThread;
                all.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        tx.send(base + i);
                    }
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
            pool.shutdown();
            int fsyncs = fs.forces.get() - before;
            assertThat(fsyncs).as("group commit: %d fsyncs for %d sends", fsyncs, threads * perThread)
                    .isLessThan(threads * perThread / 2);
        }
        assertThat(readBack()).hasSize(threads * perThread);
    }

    @Test
    void flushOnlyNeverForcesOnSend() {
        FaultyFileLayer fs = new FaultyFileLayer();
        try (Channel<Integer> ch = open(fs, Durability.FLUSH_ONLY)) {
            int before = fs.forces.get();
            for (int i = 0; i < 50; i++) {
                ch.sender().send(i);
            }
            assertThat(fs.forces.get()).isEqualTo(before);
        }
    }

    @Test
    void syncEveryForcesInTheBackgroundAfterMaxOps() throws Exception {
        FaultyFileLayer fs = new FaultyFileLayer();
        try (Channel<Integer> ch = open(fs, Durability.syncEvery(10, Duration.ofHours(1)))) {
            Sender<Integer> tx = ch.sender();
            int before = fs.forces.get();
            for (int i = 0; i < 9; i++) {
                tx.send(i);
            }
            Thread.sleep(50);
            assertThat(fs.forces.get()).as("no fsync before maxOps").isEqualTo(before);
            tx.send(9);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (fs.forces.get() == before && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(fs.forces.get()).as("the 10th send triggered an fsync").isGreaterThan(before);
        }
    }

    @Test
    void syncEveryMakesASenderWaitWhenTheDiskFallsMoreThanMaxDelayBehind() throws Exception {
        FaultyFileLayer fs = new FaultyFileLayer();
        try (Channel<Integer> ch = open(fs, Durability.syncEvery(1_000_000, Duration.ofMillis(20)))) {
            Sender<Integer> tx = ch.sender();
            fs.forceDelayMillis = 400; // a slow disk
            tx.send(0); // the timed fsync starts ~20 ms later and takes 400 ms
            int completed = fs.completedForces.get();
            Thread.sleep(100);
            tx.send(1); // send 0 is now unsynced for longer than maxDelay
            assertThat(fs.completedForces.get()).as("send 1 returned only after an fsync completed")
                    .isGreaterThan(completed);
            fs.forceDelayMillis = 0;
        }
    }

    @Test
    void syncEveryDoesNotMakeASenderWaitWhileTheDiskKeepsUp() throws Exception {
        FaultyFileLayer fs = new FaultyFileLayer();
        try (Channel<Integer> ch = open(fs, Durability.syncEvery(5, Duration.ofHours(1)))) {
            Sender<Integer> tx = ch.sender();
            fs.forceDelayMillis = 1000; // every fsync is slow, but the window is an hour
            int completed = fs.completedForces.get();
            for (int i = 0; i < 50; i++) {
                tx.send(i); // fsyncs start every 5 sends, in the background
            }
            assertThat(fs.completedForces.get()).as("no send waited for an fsync").isEqualTo(completed);
            fs.forceDelayMillis = 0;
        }
    }

    @Test
    void aFailedBackgroundFsyncFailsTheLaterSends() throws Exception {
        FaultyFileLayer fs = new FaultyFileLayer();
        try (Channel<Integer> ch = open(fs, Durability.syncEvery(5, Duration.ofHours(1)))) {
            Sender<Integer> tx = ch.sender();
            fs.failForcesFrom = fs.forces.get() + 1; // the background fsync fails: logged, and the writer poisons
            for (int i = 0; i < 5; i++) {
                tx.send(i);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            int i = 5;
            WalchanException failed = null;
            while (failed == null && System.nanoTime() < deadline) {
                try {
                    tx.send(i++); // accepted until the background fsync has failed
                    Thread.sleep(5);
                } catch (WalchanException e) {
                    failed = e;
                }
            }
            assertThat(failed).as("a send failed after the background fsync failed").isNotNull();
            assertThat(failed.getMessage()).contains("fsync");
            fs.failForcesFrom = 0; // let close() write its checkpoint
        }
    }

    @Test
    void syncEveryForcesAfterMaxDelayWithoutAnotherSend() throws Exception {
        FaultyFileLayer fs = new FaultyFileLayer();
        try (Channel<Integer> ch = open(fs, Durability.syncEvery(1000, Duration.ofMillis(50)))) {
            int before = fs.forces.get();
            ch.sender().send(1);
            assertThat(fs.forces.get()).isEqualTo(before);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (fs.forces.get() == before && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(fs.forces.get()).isGreaterThan(before);
        }
    }

    @Test
    void aFailedFsyncFailsTheSendAndEveryLaterSendUntilReopen() {
        FaultyFileLayer fs = new FaultyFileLayer();
        try (Channel<Integer> ch = open(fs, Durability.SYNC_PER_SEND)) {
            Sender<Integer> tx = ch.sender();
            tx.send(1);
            fs.failForcesFrom = fs.forces.get() + 1;
            fs.once = true; // even if the next fsync would "succeed", the channel must not trust it
            assertThatThrownBy(() -> tx.send(2)).isInstanceOf(WalchanException.class).hasMessageContaining("fsync");
            assertThatThrownBy(() -> tx.send(3)).isInstanceOf(WalchanException.class).hasMessageContaining("reopened");
        }
        assertThat(readBack()).startsWith(1).doesNotContain(3);
    }

    @Test
    void aShortWriteOnAFullDiskIsNeverBuriedMidLog() {
        FaultyFileLayer fs = new FaultyFileLayer();
        try (Channel<Integer> ch = open(fs, Durability.SYNC_PER_SEND)) {
            Sender<Integer> tx = ch.sender();
            tx.send(1);
            fs.failWritesFrom = fs.writes.get() + 1;
            fs.once = true;
            assertThatThrownBy(() -> tx.send(2)).isInstanceOf(WalchanException.class).hasMessageContaining("No space");
            tx.send(3); // the disk has room again
        }
        assertThat(readBack()).containsExactly(1, 3);
    }

    @Test
    void durabilityNamesParse() {
        assertThat(Durability.parse("SyncPerSend")).isEqualTo(Durability.SYNC_PER_SEND);
        assertThat(Durability.parse("FLUSH_ONLY")).isEqualTo(Durability.FLUSH_ONLY);
        assertThat(Durability.parse("syncevery").kind()).isEqualTo(Durability.Kind.SYNC_EVERY);
        assertThatThrownBy(() -> Durability.parse("Sometimes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SyncPerSend, FlushOnly, SyncEvery");
        assertThatThrownBy(() -> Durability.syncEvery(0, Duration.ofMillis(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Options.builder().segmentSize(10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReceiverOptions(0, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
