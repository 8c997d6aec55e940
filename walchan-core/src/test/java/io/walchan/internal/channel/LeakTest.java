package io.walchan.internal.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.walchan.Channel;
import io.walchan.Codecs;
import io.walchan.Delivery;
import io.walchan.Durability;
import io.walchan.Options;
import io.walchan.Walchan;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A delivery dropped unsettled is reported as a leak, never acknowledged, and delivered again after a restart. */
class LeakTest {

    @TempDir
    Path dir;

    @Test
    void aCollectedUnsettledDeliveryIsALeakAndComesBackAfterRestart() throws Exception {
        Options options = Options.builder().durability(Durability.FLUSH_ONLY).build();
        long before = DeliveryImpl.leaks();
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), options)) {
            ch.sender().send("dropped");
            receiveAndDrop(ch);
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (DeliveryImpl.leaks() == before && System.nanoTime() < deadline) {
                System.gc();
                Thread.sleep(20);
            }
            assertThat(DeliveryImpl.leaks()).as("the leak was reported").isGreaterThan(before);
            assertThat(ch.receiver().tryRecv()).as("not redelivered before a restart").isNull();
        }
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), options)) {
            Delivery<String> d = ch.receiver().tryRecv();
            assertThat(d.get()).isEqualTo("dropped");
            assertThat(d.redelivered()).isTrue();
            d.ack();
        }
    }

    private static void receiveAndDrop(Channel<String> ch) {
        assertThat(ch.receiver().tryRecv()).isNotNull(); // not kept anywhere
    }
}
