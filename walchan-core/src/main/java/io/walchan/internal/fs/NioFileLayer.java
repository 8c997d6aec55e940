package io.walchan.internal.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
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
 */
public final class NioFileLayer implements FileLayer {

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

    private static final class NioLogFile implements LogFile {
        private final FileChannel channel;
        private final boolean fsync;

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
            return channel.write(src, position);
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
            channel.truncate(size);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
