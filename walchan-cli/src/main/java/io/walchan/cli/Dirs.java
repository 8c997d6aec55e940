package io.walchan.cli;

import io.walchan.Channel;
import io.walchan.ChannelLockedException;
import io.walchan.Codec;
import io.walchan.Options;
import io.walchan.Walchan;
import io.walchan.internal.inspect.DirectoryListing;
import io.walchan.internal.inspect.NotAChannelDirectoryException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/** Checks on the DIR argument, and opening a channel with a wait for its lock. */
final class Dirs {

    private static final long LOCK_RETRY_MILLIS = 50;

    private Dirs() {
    }

    /**
     * @throws NotAChannelDirectoryException if {@code dir} is missing or not a channel directory
     */
    static DirectoryListing requireChannel(Path dir) {
        return DirectoryListing.read(dir);
    }

    /**
     * For send: a channel directory, or (with {@code create}) a missing or empty one.
     *
     * @throws NotAChannelDirectoryException otherwise, saying what to do
     */
    static void requireChannelOrNew(Path dir, boolean create) {
        if (!Files.exists(dir)) {
            if (!create) {
                throw new NotAChannelDirectoryException(dir, "directory " + dir.toAbsolutePath() + " does not exist;"
                        + " pass --create to start a new channel there");
            }
            return;
        }
        try {
            DirectoryListing.read(dir);
        } catch (NotAChannelDirectoryException e) {
            if (!create || !isEmptyDirectory(dir)) {
                throw create ? new NotAChannelDirectoryException(dir, e.getMessage() + "; --create only starts a"
                        + " channel in a missing or empty directory") : e;
            }
        }
    }

    private static boolean isEmptyDirectory(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Opens a channel, retrying while another process holds the directory, for up to {@code wait}.
     *
     * @throws ChannelLockedException if still locked after {@code wait}
     */
    static <T> Channel<T> open(Path dir, Codec<T> codec, Options options, Duration wait, PrintWriter err,
            boolean interactive) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        boolean told = false;
        while (true) {
            try {
                return Walchan.channel(dir, codec, options);
            } catch (ChannelLockedException e) {
                if (System.nanoTime() - deadline >= 0) {
                    throw e;
                }
                if (interactive && !told) {
                    err.println("waiting up to " + wait.toSeconds() + " s for the lock: " + e.getMessage());
                    err.flush();
                    told = true;
                }
                Thread.sleep(LOCK_RETRY_MILLIS);
            }
        }
    }
}
