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
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * walchan's send path, and send + receive + ack end to end. Throughput in
 * messages per second; compare with {@link FileChannelBaseline} from the same run.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SendBenchmark {

    /** One channel per trial. */
    @State(Scope.Benchmark)
    public static class Chan {
        @Param({"FlushOnly", "SyncPerSend", "SyncEvery"})
        public String durability;

        @Param({"100"})
        public int payloadBytes;

        Path dir;
        Channel<byte[]> channel;
        Receiver<byte[]> receiver;
        byte[] payload;

        @Setup(Level.Trial)
        public void open() {
            dir = BenchDirs.create("send");
            channel = Walchan.channel(dir, Codecs.bytes(),
                    Options.builder().durability(Durability.parse(durability)).build());
            receiver = channel.receiver().withOptions(new ReceiverOptions(1000, Duration.ofMillis(10)));
            payload = new byte[payloadBytes];
        }

        @TearDown(Level.Trial)
        public void close() {
            channel.close();
            BenchDirs.delete(dir);
        }
    }

    /** Each benchmark thread has its own sender. */
    @State(Scope.Thread)
    public static class Tx {
        Sender<byte[]> sender;

        @Setup(Level.Trial)
        public void open(Chan chan) {
            sender = chan.channel.sender();
        }
    }

    @Benchmark
    @Threads(1)
    public void send1(Chan chan, Tx tx) {
        tx.sender.send(chan.payload);
    }

    @Benchmark
    @Threads(4)
    public void send4(Chan chan, Tx tx) {
        tx.sender.send(chan.payload);
    }

    @Benchmark
    @Threads(16)
    public void send16(Chan chan, Tx tx) {
        tx.sender.send(chan.payload);
    }

    /** Producer half of the end-to-end pair. */
    @Benchmark
    @Group("e2e")
    @GroupThreads(1)
    public void e2eSend(Chan chan, Tx tx) {
        tx.sender.send(chan.payload);
    }

    /**
     * Messages actually received (JMH reports it as "e2e:received", per second). The
     * sustained end-to-end rate is the smaller of this and the send rate: a sender
     * faster than its receiver only grows the backlog.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Received {
        public long received;
    }

    /** Consumer half: receive and ack (commits batched: 1000 acks or 10 ms). */
    @Benchmark
    @Group("e2e")
    @GroupThreads(1)
    public Object e2eReceive(Chan chan, Received counter) throws InterruptedException {
        Delivery<byte[]> d = chan.receiver.recvTimeout(Duration.ofMillis(1));
        if (d != null) {
            d.ack();
            counter.received++;
        }
        return d;
    }
}
