package io.walchan.internal.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
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
 * unchanged. Elsewhere (where that is not guaranteed) and with
 * {@code -Dwalchan.mmap=false}, files are never mapped.
 */
public final class NioFileLayer implements FileLayer {

    /** Whether writable files may be memory-mapped (Linux, not disabled by -Dwalchan.mmap=false). */
    static final boolean MMAP = System.getProperty("os.name", "").startsWith("Linux")
            && !"false".equalsIgnoreCase(System.getProperty("walchan.mmap"));

    private final boolean fsync;

    /** @param fsync false makes every fsync a no-op */
    public NioFileLayer(boolean fsync) {
        this.fsync = fsync;
    }

    @Override
    public LogFile openWritable(Path file) throws IOException {
        return new NioLogFile(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE), fsync);
    }

    @Override
    public LogFile openReadable(Path file) throws IOException {
        return new NioLogFile(FileChannel.open(file, StandardOpenOption.READ), fsync);
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
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            if (System.getProperty("os.name", "").startsWith("Windows")) {
                return; // Windows cannot open directories; NTFS journals renames itself.
            }
            throw e;
        }
    }

    /**
     * One open file. Not thread-safe for writes: the engine writes, truncates and closes a
     * file under one lock (the writer's append lock), which is also what makes unmapping
     * safe; {@link #force()} and reads may run concurrently (they never touch the map).
     */
    private static final class NioLogFile implements LogFile {
        private final FileChannel channel;
        private final boolean fsync;
        /** Writes wholly below its capacity are copies into it; null when not mapped. */
        private MappedByteBuffer map;

        NioLogFile(FileChannel channel, boolean fsync) {
            this.channel = channel;
            this.fsync = fsync;
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return channel.read(dst, position);
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
                return length;
            }
            return channel.write(src, position);
        }

        @Override
        public boolean mapForWriting(long size) throws IOException {
            if (!MMAP || size > Integer.MAX_VALUE || channel.size() < size) {
                return false;
            }
            unmap();
            map = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
            return true;
        }

        @Override
        public void force() throws IOException {
            if (fsync) {
                channel.force(false);
            }
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public void truncate(long size) throws IOException {
            if (map != null && size < map.capacity()) {
                unmap(); // A store into a mapped page beyond the end of the file would be a fault.
            }
            channel.truncate(size);
        }

        @Override
        public void close() throws IOException {
            unmap();
            channel.close();
        }

        private void unmap() {
            if (map != null) {
                MappedByteBuffer m = map;
                map = null;
                Unmapper.unmap(m);
            }
        }
    }
}
