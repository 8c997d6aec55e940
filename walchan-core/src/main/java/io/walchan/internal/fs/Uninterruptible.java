package io.walchan.internal.fs;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;

/**
 * Runs a file operation with the calling thread's interrupt flag held back and
 * restored afterwards: a {@link FileChannel} used by a thread whose flag is set
 * fails at once and closes. An interrupt that arrives <em>during</em> the operation
 * still closes the channel; the operation is then not repeated but reported as
 * failed, because it may be an fsync, whose outcome would be unknown and whose
 * repetition could hide a write-back error the first one saw.
 */
final class Uninterruptible {

    /** A file operation. */
    interface Op<T> {
        T run() throws IOException;
    }

    /** A file operation on a channel. */
    interface ChannelOp<T> {
        T run(FileChannel channel) throws IOException;
    }

    private Uninterruptible() {
    }

    /** Runs {@code op} once with the interrupt flag cleared; restores the flag if it was set or got set meanwhile. */
    static <T> T run(Op<T> op) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            return op.run();
        } catch (ClosedByInterruptException e) {
            interrupted = true;
            throw new IOException("a thread interrupt cut the file operation short; whether it completed is unknown",
                    e);
        } finally {
            if (interrupted || Thread.interrupted()) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
