package io.walchan.internal.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The real file layer: {@link FileChannel}s. With {@code fsync == false} every
 * force and directory sync is a no-op ({@code Options.fsync(false)}).
 *
 * <p>On Linux a writable file can be memory-mapped for writing
 * ({@link LogFile#mapForWriting}); a write wholly inside the map is then a memory
 * copy into the page cache rather than a {@code pwrite}. {@code fdatasync} on the file
 * also writes back pages dirtied through the map, so {@link LogFile#force()} is
 * unchanged. Only on file systems that overwrite in place (ext2/3/4, xfs, tmpfs):
 * on copy-on-write ones (btrfs, zfs) overwriting preallocated zeros needs new space,
 * so a store into the map on a full disk would be a fault. On Linux a segment is also
 * mapped read-only for the receiver ({@link LogFile#mapForReading}), on local file
 * systems only. Elsewhere, and with {@code -Dwalchan.mmap=false}, files are never mapped.
 */
public final class NioFileLayer implements FileLayer {

    /** Whether writable files may be memory-mapped (Linux, not disabled by -Dwalchan.mmap=false). */
    static final boolean MMAP = System.getProperty("os.name", "").startsWith("Linux")
            && !"false".equalsIgnoreCase(System.getProperty("walchan.mmap"));

    /** File systems whose preallocated blocks are overwritten in place (see the class notes). */
    private static final java.util.Set<String> OVERWRITE_IN_PLACE = java.util.Set.of("ext2", "ext3", "ext4", "xfs",
            "tmpfs");

    /**
     * Local file systems, whose files the receiver may read through a map (see
     * {@code mapForReading}); overlay is a container's root, over one of the others.
     */
    private static final java.util.Set<String> LOCAL = java.util.Set.of("ext2", "ext3", "ext4", "xfs", "tmpfs",
            "btrfs", "zfs", "f2fs", "overlay");

    private final boolean fsync;

    /**
     * @param file a file or directory
     * @return true if the receiver reads files there through a memory map ({@link LogFile#mapForReading})
     */
    public static boolean mapsForReading(Path file) throws IOException {
        return MMAP && LOCAL.contains(Files.getFileStore(file).type());
    }

    /** @param fsync false makes every fsync a no-op */
    public NioFileLayer(boolean fsync) {
        this.fsync = fsync;
    }

    @Override
    public LogFile openWritable(Path file) throws IOException {
        return new NioLogFile(file, fsync, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
    }

    @Override
    public LogFile openReadable(Path file) throws IOException {
        return new NioLogFile(file, fsync, StandardOpenOption.READ);
    }

    @Override
    public void rename(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
    }

    @Override
    public List<Path> list(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, Files::isRegularFile)) {
            stream.forEach(files::add);
        }
        return files;
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        if (!fsync) {
            return;
        }
        // Opening a directory for reading and forcing it is how the JDK exposes fsync(dirfd) on Linux/macOS.
        // Not repeated if an interrupt cuts it short (see Uninterruptible): the caller treats it as failed.
        try {
            Uninterruptible.run(() -> {
                try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
                    channel.force(true);
                }
                return null;
            });
        } catch (IOException e) {
            if (System.getProperty("os.name", "").startsWith("Windows")) {
                return; // Windows cannot open directories; NTFS journals renames itself.
            }
            throw e;
        }
    }

    /**
     * One open file. Not thread-safe for writes: the engine writes, truncates and closes a
     * file under one lock (the writer's append lock), so no store into the map races with
     * its release; {@link #force()} and reads may run concurrently, and {@code force}'s
     * msync holds {@code this}, as do mapping and unmapping.
     *
     * <p>A {@link FileChannel} is closed by the JDK when a thread blocked in it is
     * interrupted. An application thread interrupted during a send (a Camel route
     * shutting down, an executor cancelling a task) must not break the channel for every
     * other thread, so every operation here runs through {@link #io}: if an interrupt
     * closed the file, it is reopened and the operation repeated with the interrupt
     * flag held back, which is then restored. Every operation is positional, so
     * repeating it is safe. {@code this} guards reopening.
     */
    private static final class NioLogFile implements LogFile {
        private final Path path;
        private final boolean fsync;
        private final StandardOpenOption[] options;
        private volatile FileChannel channel;
        /** Set by {@link #close}: a closed channel is then not reopened. */
        private volatile boolean closed;
        /**
         * Writes wholly below its capacity are copies into it; null when not mapped. Set and
         * cleared under {@code this} (so {@link #force()} never uses a map being unmapped);
         * stored into without it, by the one writing thread.
         */
        private volatile MappedByteBuffer map;
        /** End of the highest write through the map: what {@link #force()} must cover. */
        private volatile long mappedHighWater;
        /** A reused little-endian view of {@code map} for {@link #mappedRegion}; set and cleared with it. */
        private ByteBuffer mapView;
        /** The read-only map of {@link #mapForReading}, released by {@link #close}; under {@code this}. */
        private MappedByteBuffer readMap;

        NioLogFile(Path path, boolean fsync, StandardOpenOption... options) throws IOException {
            this.path = path;
            this.fsync = fsync;
            this.options = options;
            this.channel = Uninterruptible.run(() -> FileChannel.open(path, options));
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            int start = dst.position();
            return io(ch -> {
                dst.position(start); // A repeat starts over.
                return ch.read(dst, position);
            });
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            MappedByteBuffer m = map;
            int length = src.remaining();
            if (m != null && position + length <= m.capacity()) {
                try {
                    m.put((int) position, src, src.position(), length);
                } catch (InternalError e) {
                    // The JVM turns a fault (SIGBUS) in a mapped store into this error.
                    throw new IOException("store into the memory-mapped file failed at offset " + position + ": " + e, e);
                }
                src.position(src.limit());
                if (position + length > mappedHighWater) {
                    mappedHighWater = position + length;
                }
                return length;
            }
            int start = src.position();
            return io(ch -> {
                src.position(start); // A repeat writes the same bytes at the same place.
                return ch.write(src, position);
            });
        }

        @Override
        public synchronized boolean mapForWriting(long size) throws IOException {
            if (!MMAP || size > Integer.MAX_VALUE || size() < size
                    || !OVERWRITE_IN_PLACE.contains(Files.getFileStore(path).type())) {
                return false;
            }
            unmap();
            map = io(ch -> ch.map(FileChannel.MapMode.READ_WRITE, 0, size));
            mapView = map.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            mappedHighWater = 0;
            return true;
        }

        /**
         * Maps the file for reading where writable files are mapped ({@link #MMAP}: on other
         * systems a mapped file cannot be deleted, and the committer deletes segments the
         * reader may still hold), and only on local file systems ({@link #LOCAL}): on a network
         * or FUSE file system a failed page-in is routine, and a read that fails is better
         * reported by {@code pread} than by a fault.
         */
        @Override
        public synchronized ByteBuffer mapForReading(long size) throws IOException {
            if (readMap != null) {
                throw new IllegalStateException(path + " is already mapped for reading");
            }
            if (size <= 0 || size > Integer.MAX_VALUE || closed || !mapsForReading(path)) {
                return null;
            }
            readMap = io(ch -> ch.map(FileChannel.MapMode.READ_ONLY, 0, size));
            return readMap.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        }

        @Override
        public ByteBuffer mappedRegion(long position, int length) {
            MappedByteBuffer m = map;
            ByteBuffer view = mapView;
            if (m == null || view == null || position + length > m.capacity()) {
                return null;
            }
            view.limit(view.capacity()).position((int) position);
            view.limit((int) (position + length));
            if (position + length > mappedHighWater) {
                mappedHighWater = position + length; // Before the stores: a force then covers them.
            }
            return view;
        }

        /**
         * While mapped, and nothing was written beyond the map: {@code msync} of the written
         * part only. {@code fdatasync} would also write back the preallocated zero pages not
         * used yet (dirty in the page cache, and about to be overwritten), doubling the
         * bytes written. On Linux {@code msync(MS_SYNC)} is an fdatasync limited to the range.
         * The msync runs under {@code this}, so the map is not released under it.
         *
         * <p>Never repeated (unlike every other operation here): if a thread interrupt closed the
         * file during an fsync, its outcome is unknown, and an fsync on a reopened file would not
         * report an error the first one saw (the kernel reports a write-back error once), so it
         * could claim durability for lost data. That is reported as a failure instead, which
         * poisons the writer. The caller's own interrupt flag is held back during the call.
         */
        @Override
        public void force() throws IOException {
            if (!fsync) {
                return;
            }
            synchronized (this) {
                MappedByteBuffer m = map;
                if (m != null && !closed) {
                    long end = mappedHighWater;
                    long size = io(FileChannel::size);
                    if (size <= m.capacity()) { // No pwrite beyond the map: the map covers every written byte.
                        if (end > 0) {
                            try {
                                m.force(0, (int) end);
                            } catch (java.io.UncheckedIOException e) {
                                throw e.getCause(); // A failed msync is a failed fsync: the writer poisons.
                            }
                        }
                        return;
                    }
                }
            }
            boolean interrupted = Thread.interrupted();
            try {
                // Reopening before the fsync is safe: a write-back error nobody has seen yet is
                // reported to a file opened after it. Only one seen by an interrupted fsync is lost.
                reopenIfClosed().force(false);
            } catch (ClosedChannelException e) {
                if (closed) {
                    throw e; // Closed by the engine (a roll sealed it), not by an interrupt.
                }
                throw new IOException("fsync of " + path + " was cut short by a thread interrupt that closed the"
                        + " file; whether it completed is unknown", e);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public long size() throws IOException {
            return io(FileChannel::size);
        }

        @Override
        public void truncate(long size) throws IOException {
            synchronized (this) {
                if (map != null && size < map.capacity()) {
                    unmap(); // A store into a mapped page beyond the end of the file would be a fault.
                }
            }
            io(ch -> ch.truncate(size));
        }

        @Override
        public synchronized void close() throws IOException {
            closed = true;
            unmap();
            if (readMap != null) {
                MappedByteBuffer m = readMap;
                readMap = null;
                Unmapper.unmap(m);
            }
            channel.close();
        }

        /** Under {@code this}: a concurrent {@link #force()} must not use the map being released. */
        private void unmap() {
            assert Thread.holdsLock(this);
            if (map != null) {
                MappedByteBuffer m = map;
                map = null;
                mapView = null;
                Unmapper.unmap(m);
            }
        }

        /**
         * Runs {@code op}; if an interrupt (this thread's or another's) closed the channel,
         * reopens it and repeats {@code op} with this thread's interrupt flag held back.
         */
        private <T> T io(Uninterruptible.ChannelOp<T> op) throws IOException {
            boolean interrupted = Thread.interrupted(); // A set flag would close the channel at once.
            try {
                try {
                    return op.run(channel);
                } catch (ClosedChannelException e) {
                    if (closed) {
                        throw e; // Closed by the engine, not by an interrupt.
                    }
                }
                while (true) {
                    FileChannel current = reopenIfClosed();
                    try {
                        return op.run(current);
                    } catch (ClosedChannelException e) {
                        if (closed) {
                            throw e;
                        }
                        interrupted |= Thread.interrupted(); // Interrupted again, or another thread was: repeat.
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private synchronized FileChannel reopenIfClosed() throws IOException {
            if (closed) {
                throw new ClosedChannelException();
            }
            if (!channel.isOpen()) {
                channel = FileChannel.open(path, options);
            }
            return channel;
        }
    }
}
