package io.walchan.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.activemq.artemis.core.io.nio.NIOSequentialFileFactory;
import org.apache.activemq.artemis.core.journal.PreparedTransactionInfo;
import org.apache.activemq.artemis.core.journal.RecordInfo;
import org.apache.activemq.artemis.core.journal.impl.JournalImpl;
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
 * The ActiveMQ Artemis NIO journal as the broker configures it (buffered, 490 KiB
 * buffer, 3.33 ms timed flush). {@code sync=true} appends wait for the timed
 * buffer's fsync (closest to SYNC_PER_SEND with group commit); {@code sync=false}
 * appends return before the data even reaches the OS (weaker than FLUSH_ONLY).
 * The journal has no read path for live consumption (the broker keeps messages
 * in memory), so end to end = add record, hand the id over in memory, delete record.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ArtemisJournalBenchmark {

    @State(Scope.Benchmark)
    public static class Journal {
        @Param({"100"})
        public int payloadBytes;

        Path dir;
        NIOSequentialFileFactory factory;
        JournalImpl journal;
        byte[] payload;
        final AtomicLong ids = new AtomicLong();
        final ArrayBlockingQueue<Long> handOver = new ArrayBlockingQueue<>(10_000);

        @Setup(Level.Trial)
        public void open() throws Exception {
            dir = BenchDirs.create("artemis");
            factory = new NIOSequentialFileFactory(dir.toFile(), true, 490 * 1024, 3_333_333, 1, false);
            journal = new JournalImpl(10 << 20, 2, 2, 0, 0, factory, "amq", "amq", 1);
            factory.start();
            journal.start();
            journal.load(new ArrayList<RecordInfo>(), new ArrayList<PreparedTransactionInfo>(), null, false);
            payload = new byte[payloadBytes];
        }

        @TearDown(Level.Trial)
        public void close() throws Exception {
            journal.stop();
            factory.stop();
            BenchDirs.delete(dir);
        }
    }

    @Benchmark
    @Threads(1)
    public void appendSync1(Journal j) throws Exception {
        j.journal.appendAddRecord(j.ids.incrementAndGet(), (byte) 1, j.payload, true);
    }

    @Benchmark
    @Threads(4)
    public void appendSync4(Journal j) throws Exception {
        j.journal.appendAddRecord(j.ids.incrementAndGet(), (byte) 1, j.payload, true);
    }

    @Benchmark
    @Threads(16)
    public void appendSync16(Journal j) throws Exception {
        j.journal.appendAddRecord(j.ids.incrementAndGet(), (byte) 1, j.payload, true);
    }

    @Benchmark
    @Threads(1)
    public void appendNoSync1(Journal j) throws Exception {
        j.journal.appendAddRecord(j.ids.incrementAndGet(), (byte) 1, j.payload, false);
    }

    @Benchmark
    @Group("e2e")
    @GroupThreads(1)
    public void e2eAdd(Journal j) throws Exception {
        long id = j.ids.incrementAndGet();
        j.journal.appendAddRecord(id, (byte) 1, j.payload, false);
        // Never block for good: at the end of an iteration the deleting thread stops first.
        j.handOver.offer(id, 10, TimeUnit.MILLISECONDS);
    }

    @Benchmark
    @Group("e2e")
    @GroupThreads(1)
    public Object e2eDelete(Journal j) throws Exception {
        Long id = j.handOver.poll(1, TimeUnit.MILLISECONDS);
        if (id != null) {
            j.journal.appendDeleteRecord(id, false);
        }
        return id;
    }
}
