package io.walchan.bench;

import io.walchan.Channel;
import io.walchan.Codecs;
import io.walchan.Durability;
import io.walchan.Options;
import io.walchan.Walchan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
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
 * One sender under {@code syncEvery(maxOps, 100 ms)} for several {@code maxOps}: more,
 * smaller fsyncs against fewer, larger ones. {@code SendBenchmark.send1[SyncEvery]} is
 * the default, 1000; compare with {@code SendBenchmark.send1[FlushOnly]} of the same run.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class SyncEveryBenchmark {

    @Param({"10000"})
    public int maxOps;

    @Param({"100"})
    public int payloadBytes;

    Path dir;
    Channel<byte[]> channel;
    io.walchan.Sender<byte[]> sender;
    byte[] payload;

    @Setup(Level.Trial)
    public void open() {
        dir = BenchDirs.create("syncevery");
        channel = Walchan.channel(dir, Codecs.bytes(), Options.builder()
                .durability(Durability.syncEvery(maxOps, Duration.ofMillis(100))).build());
        sender = channel.sender();
        payload = new byte[payloadBytes];
    }

    @TearDown(Level.Trial)
    public void close() {
        channel.close();
        BenchDirs.delete(dir);
    }

    @Benchmark
    @Threads(1)
    public void send1() {
        sender.send(payload);
    }
}
