package io.walchan.bench;

import io.walchan.Channel;
import io.walchan.Codecs;
import io.walchan.Delivery;
import io.walchan.Durability;
import io.walchan.Options;
import io.walchan.Receiver;
import io.walchan.ReceiverOptions;
import io.walchan.Sender;
import io.walchan.Walchan;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A fresh walchan channel ({@code Codecs.bytes()}) in the given durability mode.
 * Receiving acks each delivery; acks are committed in batches (1000 acks or
 * 10 ms), as in {@link SendBenchmark}'s end-to-end pair.
 */
final class WalchanPeer implements LatencyPeer {

    private static final Duration POLL = Duration.ofMillis(1);

    private final Path dir;
    private final Channel<byte[]> channel;
    private final Sender<byte[]> sender;
    private final Receiver<byte[]> receiver;

    WalchanPeer(Durability durability) {
        this.dir = BenchDirs.create("walchan");
        this.channel = Walchan.channel(dir, Codecs.bytes(), Options.builder().durability(durability).build());
        this.sender = channel.sender();
        this.receiver = channel.receiver().withOptions(new ReceiverOptions(1000, Duration.ofMillis(10)));
    }

    @Override
    public void send(byte[] payload) {
        sender.send(payload);
    }

    @Override
    public byte[] receive() throws InterruptedException {
        Delivery<byte[]> d = receiver.recvTimeout(POLL);
        if (d == null) {
            return null;
        }
        byte[] bytes = d.get();
        d.ack();
        return bytes;
    }

    @Override
    public void close() {
        channel.close();
        BenchDirs.delete(dir);
    }
}
