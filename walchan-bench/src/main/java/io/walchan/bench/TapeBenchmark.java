package io.walchan.bench;

import com.squareup.tape2.QueueFile;
import java.io.IOException;
import java.nio.file.Path;
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

/**
 * Square Tape's {@code QueueFile}: its only mode writes through a
 * {@code RandomAccessFile} opened "rwd" (synchronous data), so it is compared with
 * SYNC_PER_SEND. End to end here is add + peek + remove on one thread (QueueFile
 * is not thread-safe).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class TapeBenchmark {

    @Param({"100"})
    public int payloadBytes;

    Path dir;
    QueueFile queue;
    byte[] payload;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = BenchDirs.create("tape");
        queue = new QueueFile.Builder(dir.resolve("queue").toFile()).build();
        payload = new byte[payloadBytes];
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        queue.close();
        BenchDirs.delete(dir);
    }

    @Benchmark
    public void addPeekRemove() throws IOException {
        queue.add(payload);
        queue.peek();
        queue.remove();
    }
}
