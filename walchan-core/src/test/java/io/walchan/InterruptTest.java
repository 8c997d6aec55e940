package io.walchan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thread interrupt must not break a channel: the JDK closes a FileChannel used by
 * an interrupted thread, and an application thread can be interrupted at any time
 * (a Camel route stopping, an executor cancelling a task).
 */
class InterruptTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"SyncPerSend", "FlushOnly", "SyncEvery"})
    void sendsFromAnInterruptedThreadSucceedKeepTheFlagAndLeaveTheChannelWorking(String durability)
            throws Exception {
        Options options = Options.builder().durability(Durability.parse(durability)).segmentSize(4096).build();
        List<String> sent = new ArrayList<>();
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), options)) {
            Sender<String> tx = ch.sender();
            for (int i = 0; i < 200; i++) { // several rolls: segment creation and sealing too
                String m = "m" + i + "-" + "x".repeat(60);
                if (i % 3 == 0) {
                    Thread.currentThread().interrupt();
                }
                tx.send(m);
                sent.add(m);
                if (i % 3 == 0) {
                    assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
                }
            }
            Delivery<String> first = ch.receiver().tryRecv();
            Thread.currentThread().interrupt();
            first.ack(); // a commit (checkpoint write) from an interrupted thread
            assertThat(Thread.interrupted()).isTrue();
            assertThat(ch.stats().failure()).as("the channel is not poisoned").isNull();
        }
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), options)) {
            List<String> got = new ArrayList<>();
            ch.receiver().tryIter().forEachRemaining(d -> {
                got.add(d.get());
                d.ack();
            });
            assertThat(got).isEqualTo(sent.subList(1, sent.size()));
        }
    }
}
