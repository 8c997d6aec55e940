package io.walchan.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * Chronicle Queue (memory-mapped), in its default sync mode (NONE). An append is a
 * store into the page cache, so it survives a process crash like FLUSH_ONLY. Its
 * builder also has {@code syncMode(SYNC|ASYNC)}, not benchmarked here. It has no
 * acknowledgement (a tailer just moves its index), so end to end is append +
 * tailer read.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(jvmArgsAppend = {"--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED", "-Dchronicle.analytics.disable=true"})
public class ChronicleBenchmark {

    @State(Scope.Benchmark)
    public static class Queue {
        @Param({"100"})
        public int payloadBytes;

        Path dir;
        ChronicleQueue queue;
        byte[] payload;

        @Setup(Level.Trial)
        public void open() {
            dir = BenchDirs.create("chronicle");
            queue = SingleChronicleQueueBuilder.binary(dir.toFile()).build();
            payload = new byte[payloadBytes];
        }

        @TearDown(Level.Trial)
        public void close() {
            queue.close();
            BenchDirs.delete(dir);
        }
    }

    @State(Scope.Thread)
    public static class Appender {
        ExcerptAppender appender;

        @Setup(Level.Trial)
        public void open(Queue q) {
            appender = q.queue.createAppender();
        }

        @TearDown(Level.Trial)
        public void close() {
            appender.close();
        }
    }

    @State(Scope.Thread)
    public static class Tailer {
        ExcerptTailer tailer;
        byte[] into;

        @Setup(Level.Trial)
        public void open(Queue q) {
            tailer = q.queue.createTailer();
            into = new byte[q.payloadBytes];
        }

        @TearDown(Level.Trial)
        public void close() {
            tailer.close();
        }
    }

    @Benchmark
    @Threads(1)
    public void append1(Queue q, Appender a) {
        a.appender.writeBytes(b -> b.write(q.payload));
    }

    @Benchmark
    @Group("e2e")
    @GroupThreads(1)
    public void e2eAppend(Queue q, Appender a) {
        a.appender.writeBytes(b -> b.write(q.payload));
    }

    /** Excerpts actually read ("e2e:read" per second); a read that finds nothing new does not count. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Read {
        public long read;
    }

    @Benchmark
    @Group("e2e")
    @GroupThreads(1)
    public boolean e2eRead(Tailer t, Read counter) {
        boolean got = t.tailer.readBytes(b -> b.read(t.into));
        if (got) {
            counter.read++;
        }
        return got;
    }
}
