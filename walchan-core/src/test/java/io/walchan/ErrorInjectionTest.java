package io.walchan;

import static org.assertj.core.api.Assertions.assertThat;

import io.walchan.internal.channel.ChannelCore;
import io.walchan.internal.channel.ChannelImpl;
import io.walchan.internal.checkpoint.Checkpoint;
import io.walchan.internal.fs.SimulatedDisk;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Fails the N-th write / fsync / truncate / rename / directory sync / open, once
 * or permanently, while a workload sends, acks and reopens; then "restarts the
 * process" (reopens the same disk state with the fault healed) and checks:
 * every send that returned is there or committed (I1), the log holds only sent
 * values, in send order (I2), and it keeps working.
 */
class ErrorInjectionTest {

    @TempDir
    Path tmp;

    private static Channel<String> open(Path dir, SimulatedDisk disk) {
        Options options = Options.builder().durability(Durability.SYNC_PER_SEND).segmentSize(4096).build();
        return new ChannelImpl<>(ChannelCore.open(dir, Codecs.utf8(), options, 0, disk));
    }

    @ParameterizedTest(name = "{0}, permanently={1}")
    @CsvSource({"write, false", "write, true", "force, false", "force, true", "truncate, false", "rename, false",
        "rename, true", "syncDirectory, false", "syncDirectory, true", "open, false", "open, true"})
    void everyInjectedFaultLeavesARecoverableLog(String kind, boolean permanently) throws Exception {
        Path dir = tmp.toRealPath();
        int faults = 0;
        for (int n = 1; n <= 60; n += (n < 12 ? 1 : 7)) {
            SimulatedDisk disk = new SimulatedDisk();
            Set<String> returned = new HashSet<>();
            Set<String> attempted = new HashSet<>();
            runWithFault(dir, disk, kind, n, permanently, returned, attempted);
            faults++;
            disk.heal();
            verify(dir, disk, returned, attempted, kind + " #" + n);
        }
        assertThat(faults).isGreaterThan(10);
    }

    private static void runWithFault(Path dir, SimulatedDisk disk, String kind, int n, boolean permanently,
            Set<String> returned, Set<String> attempted) {
        Channel<String> ch = null;
        try {
            ch = open(dir, disk); // the fault is armed after a clean start
            disk.failFrom(kind, n, permanently);
            for (int i = 0; i < 150; i++) {
                String value = "v" + i;
                attempted.add(value);
                try {
                    ch.sender().send(value);
                    returned.add(value);
                    if (i % 4 == 3) {
                        Delivery<String> d = ch.receiver().tryRecv();
                        if (d != null) {
                            d.ack();
                        }
                    }
                } catch (WalchanException e) {
                    // The channel may refuse further sends; a process would reopen it.
                    closeQuietly(ch);
                    ch = null;
                    try {
                        ch = open(dir, disk);
                    } catch (WalchanException reopenFailed) {
                        return; // still failing: give up, like a process that exits
                    }
                }
            }
        } catch (WalchanException e) {
            // Failure while opening under the fault.
        } finally {
            closeQuietly(ch);
        }
    }

    private static void closeQuietly(Channel<String> ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (WalchanException ignored) {
                // A failing close still releases the directory; the reopen checks the state.
            }
        }
    }

    private static void verify(Path dir, SimulatedDisk disk, Set<String> returned, Set<String> attempted, String where)
            throws Exception {
        List<String> log = new ArrayList<>();
        try (Channel<String> ch = open(dir, disk)) {
            List<Delivery<String>> ds = new ArrayList<>();
            ch.receiver().tryIter().forEachRemaining(d -> {
                log.add(d.get());
                ds.add(d);
            });
            ds.forEach(Delivery::nack);
            ch.sender().send("after");
        }
        long committed = Checkpoint.read(disk, dir).committed;
        int last = -1;
        for (String v : log) {
            assertThat(attempted).as(where + ": only sent values are in the log").contains(v);
            int i = Integer.parseInt(v.substring(1));
            assertThat(i).as(where + ": send order (a value may repeat only as a retry)").isGreaterThanOrEqualTo(last);
            last = i;
        }
        Set<String> present = new HashSet<>(log);
        for (String v : returned) {
            assertThat(present.contains(v) || wasCommitted(v, log, committed))
                    .as(where + ": %s returned from send; it must be in the log or committed", v).isTrue();
        }
    }

    /** A returned value missing from the log must lie below the first value still in it (it was acked). */
    private static boolean wasCommitted(String v, List<String> log, long committed) {
        if (log.isEmpty()) {
            return committed > 0;
        }
        int first = Integer.parseInt(log.get(0).substring(1));
        return Integer.parseInt(v.substring(1)) < first;
    }
}
