package io.walchan.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
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
 * The disk's limits, measured the same way: one {@code FileChannel.write} of a
 * framed-size record per message, with and without {@code force(false)}
 * (fdatasync) per record, and the least a group commit can do with 4 and 16
 * threads (write under a lock, then wait until one {@code force} covers the
 * record: the first waiter forces, the rest wait for it — no timer, no buffer).
 * The file is cut back every 64 MiB so the run does not fill the disk.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class FileChannelBaseline {

    @Param({"100"})
    public int payloadBytes;

    Path dir;
    FileChannel file;
    ByteBuffer record;
    long offset;

    /** Guards the file offset, record, written, synced, syncing (group commit only). */
    final ReentrantLock lock = new ReentrantLock();
    final Condition synced = lock.newCondition();
    long written;
    long syncedUpTo;
    boolean syncing;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = BenchDirs.create("raw");
        file = FileChannel.open(dir.resolve("raw.log"), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        record = ByteBuffer.allocateDirect(16 + payloadBytes); // same bytes as a walchan record, minus padding
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        file.close();
        BenchDirs.delete(dir);
    }

    private void write() throws IOException {
        record.clear();
        offset += file.write(record, offset);
        if (offset > 64L << 20) {
            file.truncate(0);
            offset = 0;
        }
    }

    @Benchmark
    @Threads(1)
    public void writePerRecord() throws IOException {
        write();
    }

    @Benchmark
    @Threads(1)
    public void writeAndForcePerRecord() throws IOException {
        write();
        file.force(false);
    }

    @Benchmark
    @Threads(4)
    public void groupCommit4() throws IOException {
        groupCommit();
    }

    @Benchmark
    @Threads(16)
    public void groupCommit16() throws IOException {
        groupCommit();
    }

    /** Write, then return once a force covers this record; concurrent callers share forces. */
    private void groupCommit() throws IOException {
        lock.lock();
        try {
            write();
            long mine = ++written;
            while (syncedUpTo < mine) {
                if (syncing) {
                    synced.awaitUninterruptibly();
                    continue;
                }
                syncing = true;
                long target = written;
                lock.unlock();
                try {
                    file.force(false);
                } finally {
                    lock.lock();
                    syncing = false;
                    syncedUpTo = Math.max(syncedUpTo, target);
                    synced.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
    }
}
