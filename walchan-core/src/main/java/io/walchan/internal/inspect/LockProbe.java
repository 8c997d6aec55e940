package io.walchan.internal.inspect;

import io.walchan.internal.fs.DirectoryLock;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Tells whether a channel directory is open, without writing anything: it takes
 * a <em>shared</em> OS lock on the lock file for an instant, which fails while an
 * owner holds the exclusive one. An owner opening the directory in that instant
 * would fail with ChannelLockedException, so tools call this once, not in a loop.
 */
public final class LockProbe {

    /** What the probe found. */
    public enum State {
        /** No lock file: the directory was never opened by a channel. */
        NO_LOCK_FILE,
        /** Nobody holds the lock. */
        FREE,
        /** Another process holds it; {@link #owner} says which, if it wrote its pid. */
        HELD_BY_OTHER_PROCESS,
        /** A channel in this JVM holds it. */
        HELD_IN_THIS_JVM,
        /** The lock file cannot be read. */
        UNKNOWN
    }

    private LockProbe() {
    }

    /** @return the lock state of {@code dir} */
    public static State probe(Path dir) {
        Path file = dir.resolve(DirectoryLock.FILE_NAME);
        if (!Files.exists(file)) {
            return State.NO_LOCK_FILE;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            FileLock lock = channel.tryLock(0, Long.MAX_VALUE, true);
            if (lock == null) {
                return State.HELD_BY_OTHER_PROCESS;
            }
            lock.release();
            return State.FREE;
        } catch (OverlappingFileLockException e) {
            return State.HELD_IN_THIS_JVM;
        } catch (IOException e) {
            return State.UNKNOWN;
        }
    }

    /** @return the pid the last owner wrote into the lock file, or "" if unknown */
    public static String owner(Path dir) {
        return DirectoryLock.readOwner(dir.resolve(DirectoryLock.FILE_NAME));
    }
}
