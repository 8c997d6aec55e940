package io.walchan;

import static org.assertj.core.api.Assertions.assertThat;

import io.walchan.internal.channel.ChannelCore;
import io.walchan.internal.channel.ChannelImpl;
import io.walchan.internal.fs.SimulatedDisk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC: under SYNC_PER_SEND concurrent senders may share one fsync, but none returns
 * before its own record is durable. Several threads send on a {@link SimulatedDisk};
 * the moment each send returns, the durable state (what a power cut would leave) is
 * captured; every capture, recovered, must hold that send's record.
 */
class GroupCommitDurabilityTest {

    @TempDir
    Path tmp;

    record Capture(String value, SimulatedDisk durable) {
    }

    @Test
    void noConcurrentSendReturnsBeforeItsRecordIsDurable() throws Exception {
        Path live = Files.createDirectories(tmp.resolve("live")).toRealPath();
        Path check = Files.createDirectories(tmp.resolve("check")).toRealPath();
        Options options = Options.builder().durability(Durability.SYNC_PER_SEND).segmentSize(4096).build();
        SimulatedDisk disk = new SimulatedDisk();
        disk.forceDelayMillis = 2; // slow fsyncs make senders share them (group commit)
        List<Capture> captures = java.util.Collections.synchronizedList(new ArrayList<>());
        Random random = new Random(1);
        try (Channel<String> ch = new ChannelImpl<>(ChannelCore.open(live, Codecs.utf8(), options, 0, disk))) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> senders = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int id = t;
                Sender<String> tx = ch.sender();
                senders.add(pool.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        String value = id + "-" + i;
                        tx.send(value);
                        captures.add(new Capture(value, disk.snapshot(SimulatedDisk.Tear.NONE, random)));
                    }
                    return null;
                }));
            }
            for (Future<?> f : senders) {
                f.get();
            }
            pool.shutdown();
            disk.forceDelayMillis = 0;
        }
        assertThat(captures).hasSize(160);
        for (Capture c : captures) {
            Set<String> recovered = new HashSet<>();
            try (Channel<String> ch = new ChannelImpl<>(ChannelCore.open(check, Codecs.utf8(), options, 0, c.durable()))) {
                List<Delivery<String>> ds = new ArrayList<>();
                ch.receiver().tryIter().forEachRemaining(d -> {
                    recovered.add(d.get());
                    ds.add(d);
                });
                ds.forEach(Delivery::nack);
            }
            assertThat(recovered).as("the durable state when send(%s) returned", c.value()).contains(c.value());
        }
    }
}
