package io.walchan.bench;

import java.nio.file.Path;
import net.openhft.chronicle.bytes.ReadBytesMarshallable;
import net.openhft.chronicle.bytes.WriteBytesMarshallable;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

/**
 * A fresh Chronicle Queue, opened as {@link ChronicleBenchmark} opens it (default
 * sync mode NONE: an append is a store into a memory-mapped file, which survives a
 * process crash like FLUSH_ONLY). It has no acknowledgement: receiving is a tailer
 * read, busy-polling as Chronicle tailers are used (with {@code Thread.yield()}).
 * The appender and the tailer are created by the thread that first uses them
 * (Chronicle ties them to a thread).
 * Needs the JVM flags listed on {@link ChronicleBenchmark}.
 */
final class ChroniclePeer implements LatencyPeer {

    private static final long POLL_NANOS = 1_000_000;

    private final Path dir;
    private final ChronicleQueue queue;
    private final byte[] into;
    /** Copies {@link #outgoing} into an excerpt; one instance, so a send allocates nothing. */
    private final WriteBytesMarshallable writer;
    /** Copies an excerpt into {@link #into}. */
    private final ReadBytesMarshallable reader;
    private byte[] outgoing;
    private ExcerptAppender appender;
    private ExcerptTailer tailer;

    ChroniclePeer(int payloadBytes) {
        this.dir = BenchDirs.create("chronicle");
        this.queue = SingleChronicleQueueBuilder.binary(dir.toFile()).build();
        this.into = new byte[payloadBytes];
        this.writer = b -> b.write(outgoing);
        this.reader = b -> b.read(into);
    }

    @Override
    public void send(byte[] payload) {
        if (appender == null) {
            appender = queue.createAppender();
        }
        outgoing = payload;
        appender.writeBytes(writer);
    }

    @Override
    public byte[] receive() {
        if (tailer == null) {
            tailer = queue.createTailer();
        }
        long deadline = System.nanoTime() + POLL_NANOS;
        do {
            if (tailer.readBytes(reader)) {
                return into;
            }
            Thread.yield(); // as the paced sender does: a pure spin starves a 2-core machine
        } while (System.nanoTime() < deadline);
        return null;
    }

    @Override
    public void close() {
        queue.close(); // also closes the appender and the tailer
        BenchDirs.delete(dir);
    }
}
