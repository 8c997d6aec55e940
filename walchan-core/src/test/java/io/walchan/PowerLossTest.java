package io.walchan;

import static org.assertj.core.api.Assertions.assertThat;

import io.walchan.internal.channel.ChannelCore;
import io.walchan.internal.channel.ChannelImpl;
import io.walchan.internal.checkpoint.Checkpoint;
import io.walchan.internal.fs.SimulatedDisk;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Simulated power loss, SQLite TH3 style: one deterministic workload runs on a
 * {@link SimulatedDisk}; before every mutating file operation the durable state
 * is captured (also with the last unsynced write torn into a prefix, zeros or
 * garbage). Each captured state is then recovered and checked:
 * <ul>
 *   <li>open never fails (a power cut is not corruption);</li>
 *   <li>I2: the log is an exact prefix of what was sent, resuming at the committed position;</li>
 *   <li>I4: the committed position does not exceed the end of the log;</li>
 *   <li>I1 (SYNC_PER_SEND): every send that returned is there or below the committed position;
 *       SyncEvery(4, 2 ms): every send that returned more than 2 ms before the last send that
 *       returned was called (the documented loss window);</li>
 *   <li>I3 (SYNC_PER_SEND): every ack that returned is committed;</li>
 *   <li>the recovered directory accepts new sends and reopens.</li>
 * </ul>
 */
class PowerLossTest {

    /** Sends in the workload; every disk operation they cause is a crash point. The stress profile raises it. */
    private static final int SENDS = Integer.getInteger("walchan.powerloss.sends", 300);

    /** SyncEvery's maxDelay: short against the workload's run, so the time bound is checked often. */
    private static final Duration SYNC_EVERY_DELAY = Duration.ofMillis(2);

    @TempDir
    Path tmp;

    /** Something the workload saw complete, and the disk operations done by then. */
    record Event(boolean send, long value, long opsDone, long calledNanos, long returnedNanos) {
    }

    record CrashState(long opsDone, SimulatedDisk.Tear tear, SimulatedDisk disk) {
    }

    private static Options options(String durability) {
        return Options.builder().durability(Durability.parse(durability)).segmentSize(4096).build();
    }

    private static Channel<String> open(Path dir, SimulatedDisk disk, Options options) {
        return new ChannelImpl<>(ChannelCore.open(dir, Codecs.utf8(), options, 0, disk));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SyncPerSend", "FlushOnly", "SyncEvery"})
    void everyCrashPointRecoversConsistently(String durability) throws Exception {
        Path dir = tmp.toRealPath();
        Options options = durability.equals("SyncEvery")
                ? options("SyncPerSend").toBuilder().durability(Durability.syncEvery(4, SYNC_EVERY_DELAY)).build()
                : options(durability);
        SimulatedDisk disk = new SimulatedDisk();
        Random random = new Random(7);
        List<CrashState> states = new ArrayList<>();
        disk.beforeEachOp(done -> {
            states.add(new CrashState(done, SimulatedDisk.Tear.NONE, disk.snapshot(SimulatedDisk.Tear.NONE, random)));
            if (disk.hasUnsyncedWrite()) {
                for (SimulatedDisk.Tear tear : new SimulatedDisk.Tear[] {
                        SimulatedDisk.Tear.PREFIX, SimulatedDisk.Tear.ZEROS, SimulatedDisk.Tear.GARBAGE}) {
                    states.add(new CrashState(done, tear, disk.snapshot(tear, random)));
                }
            }
        });
        List<Event> events = runWorkload(dir, disk, options);
        disk.beforeEachOp(done -> { });
        assertThat(states.size()).as("crash points").isGreaterThan(1000);

        System.out.printf("power loss, %s: %d crash states (%d disk operations)%n", durability, states.size(),
                disk.ops());
        int checked = 0;
        for (CrashState state : states) {
            try {
                check(dir, state, events, options, durability.equals("SyncPerSend"), lossWindow(options),
                        checked++ % 25 == 0);
            } catch (RuntimeException e) {
                throw new AssertionError("crash after " + state.opsDone() + " ops, tear " + state.tear() + ": " + e, e);
            }
        }
    }

    /** @return how long before the last send a send must have returned to survive a power cut (ns), or -1: none need */
    private static long lossWindow(Options options) {
        return switch (options.durability().kind()) {
            case SYNC_PER_SEND -> 0;
            case SYNC_EVERY -> options.durability().maxDelay().toNanos();
            case FLUSH_ONLY -> -1;
        };
    }

    private static List<Event> runWorkload(Path dir, SimulatedDisk disk, Options options) throws Exception {
        List<Event> events = new ArrayList<>();
        Channel<String> ch = open(dir, disk, options);
        try {
            for (int i = 0; i < SENDS; i++) {
                long called = System.nanoTime();
                ch.sender().send(String.valueOf(i));
                events.add(new Event(true, i, disk.ops(), called, System.nanoTime()));
                if (i % 3 == 2) {
                    for (int k = 0; k < 2; k++) {
                        Delivery<String> d = ch.receiver().tryRecv();
                        if (d != null) {
                            d.ack();
                            events.add(new Event(false, d.position(), disk.ops(), 0, 0));
                        }
                    }
                }
                if (i % 70 == 69) {
                    ch.close(); // a clean restart in the middle: recovery runs on the live disk too
                    ch = open(dir, disk, options);
                }
            }
        } finally {
            ch.close();
        }
        return events;
    }

    private static void check(Path dir, CrashState state, List<Event> events, Options options, boolean syncPerSend,
            long lossWindow, boolean appendAfter) throws Exception {
        String where = "crash after " + state.opsDone() + " ops, tear " + state.tear();
        SimulatedDisk disk = state.disk();
        List<Long> positions = new ArrayList<>();
        try (Channel<String> ch = open(dir, disk, options)) {
            List<Delivery<String>> ds = new ArrayList<>();
            ch.receiver().tryIter().forEachRemaining(d -> {
                assertThat(d.get()).as(where).isEqualTo(String.valueOf(d.position()));
                positions.add(d.position());
                ds.add(d);
            });
            ds.forEach(Delivery::nack);
        }
        long committed = Checkpoint.read(disk, dir).committed;
        for (int i = 0; i < positions.size(); i++) {
            assertThat(positions.get(i)).as(where + ": exact prefix from the committed position").isEqualTo(committed + i);
        }
        long end = committed + positions.size();
        List<Event> sends = new ArrayList<>(); // sends that returned by the crash (send i is the record at position i)
        long ackedPrefix = 0;
        java.util.Set<Long> acked = new java.util.HashSet<>();
        for (Event e : events) {
            if (e.opsDone() > state.opsDone()) {
                break;
            }
            if (e.send()) {
                sends.add(e);
            } else if (!e.send()) {
                acked.add(e.value());
                while (acked.contains(ackedPrefix)) {
                    ackedPrefix++;
                }
            }
        }
        if (lossWindow >= 0 && !sends.isEmpty()) {
            long lastCalled = sends.get(sends.size() - 1).calledNanos();
            for (Event e : sends) {
                if (e.returnedNanos() < lastCalled - lossWindow || lossWindow == 0) {
                    assertThat(e.value()).as(where + ": send %d returned %d µs before the last send was called, so it"
                            + " survives", e.value(), (lastCalled - e.returnedNanos()) / 1000).isLessThan(end);
                }
            }
        }
        if (syncPerSend) {
            assertThat(committed).as(where + ": acks that returned are committed").isGreaterThanOrEqualTo(ackedPrefix);
        }
        if (appendAfter) {
            try (Channel<String> ch = open(dir, disk, options)) {
                ch.sender().send(String.valueOf(end));
            }
            try (Channel<String> ch = open(dir, disk, options)) {
                long n = 0;
                for (var it = ch.receiver().tryIter(); it.hasNext(); n++) {
                    it.next();
                }
                assertThat(n).as(where + ": the append after recovery is there").isEqualTo(positions.size() + 1);
            }
        }
    }
}
