package io.walchan.internal.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link FileLayer} for tests: counts fsyncs, slows them down, and fails the
 * N-th write (after writing part of it, as a full disk does) or the N-th fsync.
 */
public final class FaultyFileLayer implements FileLayer {

    private final FileLayer real = new NioFileLayer(true);
    public final AtomicInteger forces = new AtomicInteger();
    /** Forces that returned successfully (counted after {@link #forceDelayMillis} and the real force). */
    public final AtomicInteger completedForces = new AtomicInteger();
    public final AtomicInteger writes = new AtomicInteger();
    public volatile long forceDelayMillis;
    /** Fail writes whose 1-based number (among segment writes) is >= this; 0 = never. */
    public volatile int failWritesFrom;
    /** Fail fsyncs whose 1-based number is >= this; 0 = never. */
    public volatile int failForcesFrom;
    /** Fail only once rather than from then on. */
    public volatile boolean once;
    /** Every write to a file whose name matches fails as on a full disk (any file, not only segments); null = none. */
    public volatile java.util.function.Predicate<String> failAllWritesTo;
    /** Writes failed through {@link #failAllWritesTo}. */
    public final AtomicInteger failedNamedWrites = new AtomicInteger();
    /**
     * Read maps show garbage instead of the file (as pages that could not be read in do),
     * while {@code read} still returns the file's bytes.
     */
    public volatile boolean garbleReadMaps;

    @Override
    public LogFile openWritable(Path file) throws IOException {
        return wrap(real.openWritable(file), file);
    }

    @Override
    public LogFile openReadable(Path file) throws IOException {
        return wrap(real.openReadable(file), file); // Forces of a read-only file count (and fail) too.
    }

    @Override
    public void rename(Path from, Path to) throws IOException {
        real.rename(from, to);
    }

    @Override
    public void delete(Path file) throws IOException {
        real.delete(file);
    }

    @Override
    public List<Path> list(Path dir) throws IOException {
        return real.list(dir);
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        real.syncDirectory(dir);
    }

    private boolean trip(int n, int from) {
        return from > 0 && (once ? n == from : n >= from);
    }

    private LogFile wrap(LogFile file, Path path) {
        boolean segment = path.getFileName().toString().endsWith(".wal");
        return new LogFile() {
            @Override
            public int read(ByteBuffer dst, long position) throws IOException {
                return file.read(dst, position);
            }

            /** Forwarded: the receiver reads through a map, so failed writes and their repair meet one. */
            @Override
            public ByteBuffer mapForReading(long size) throws IOException {
                ByteBuffer map = file.mapForReading(size);
                if (map == null || !garbleReadMaps) {
                    return map;
                }
                byte[] garbage = new byte[map.capacity()];
                java.util.Arrays.fill(garbage, (byte) 0x5A);
                return ByteBuffer.wrap(garbage).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            }

            @Override
            public int write(ByteBuffer src, long position) throws IOException {
                java.util.function.Predicate<String> named = failAllWritesTo;
                if (named != null && named.test(path.getFileName().toString())) {
                    failedNamedWrites.incrementAndGet();
                    throw new IOException("No space left on device (injected)");
                }
                if (segment && trip(writes.incrementAndGet(), failWritesFrom)) {
                    int half = src.remaining() / 2;
                    ByteBuffer part = src.duplicate();
                    part.limit(part.position() + half);
                    file.write(part, position); // a short write, then the disk is full
                    throw new IOException("No space left on device (injected)");
                }
                return file.write(src, position);
            }

            @Override
            public void force() throws IOException {
                int n = forces.incrementAndGet();
                if (trip(n, failForcesFrom)) {
                    throw new IOException("Input/output error (injected fsync failure)");
                }
                if (forceDelayMillis > 0) {
                    try {
                        Thread.sleep(forceDelayMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                file.force();
                completedForces.incrementAndGet();
            }

            @Override
            public long size() throws IOException {
                return file.size();
            }

            @Override
            public void truncate(long size) throws IOException {
                file.truncate(size);
            }

            @Override
            public void close() throws IOException {
                file.close();
            }
        };
    }
}
