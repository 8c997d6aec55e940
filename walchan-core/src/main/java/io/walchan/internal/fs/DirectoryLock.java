package io.walchan.internal.fs;

import io.walchan.ChannelLockedException;
import io.walchan.WalchanException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exclusive ownership of a channel directory: an OS lock ({@link FileChannel#tryLock})
 * on the file {@code lock} against other processes, and a JVM-wide set of held
 * directories against other channels in this JVM (the OS lock is per process, and
 * the JDK throws {@code OverlappingFileLockException} on a second lock instead of
 * failing cleanly). The lock file holds the owner's pid, for error messages only.
 *
 * <p>The OS releases the lock when the process dies, so a crash never leaves a
 * directory locked.
 */
public final class DirectoryLock implements AutoCloseable {

    /** Name of the lock file in the channel directory. */
    public static final String FILE_NAME = "lock";

    /** Canonical directories held by this JVM. */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path directory, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @param directory the canonical (real) channel directory
     * @return the held lock
     * @throws ChannelLockedException if held by this JVM or another process
     */
    public static DirectoryLock acquire(Path directory) {
        if (!HELD.add(directory)) {
            throw new ChannelLockedException(directory, "channel directory " + directory
                    + " is already open in this JVM; close that channel first or share it");
        }
        FileChannel channel = null;
        try {
            Path file = directory.resolve(FILE_NAME);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                String owner = readOwner(file);
                throw new ChannelLockedException(directory, "channel directory " + directory
                        + " is locked by another process" + (owner.isEmpty() ? "" : " (pid " + owner + ")")
                        + "; stop it or use another directory");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            return new DirectoryLock(directory, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            HELD.remove(directory);
            throw new WalchanException("cannot lock channel directory " + directory + ": " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            HELD.remove(directory);
            throw e;
        }
    }

    /** @return the pid written by the current owner, or "" if unknown */
    public static String readOwner(Path lockFile) {
        try {
            return Files.readString(lockFile, StandardCharsets.US_ASCII).trim();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Already failing; the original error is the one to report.
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new WalchanException("cannot release lock of " + directory + ": " + e, e);
        } finally {
            HELD.remove(directory);
        }
    }
}
