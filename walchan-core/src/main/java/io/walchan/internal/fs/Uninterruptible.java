package io.walchan.internal.fs;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;

/**
 * Runs file operations with the calling thread's interrupt flag held back and
 * restored afterwards. A {@link FileChannel} fails at once (and closes) when used by
 * a thread whose flag is set, and an interrupt arriving during an operation closes
 * it too; the engine's file operations must complete or fail on their own terms, so
 * an interrupt is remembered and re-asserted instead.
 */
final class Uninterruptible {

    /** A file operation that may be repeated. */
    interface Op<T> {
        T run() throws IOException;
    }

    /** A file operation on a channel that may be repeated. */
    interface ChannelOp<T> {
        T run(FileChannel channel) throws IOException;
    }

    private Uninterruptible() {
    }

    /**
     * Runs {@code op} with the interrupt flag cleared, repeating it if an interrupt during
     * the run closed what it used; restores the flag if it was set or got set meanwhile.
     */
    static <T> T run(Op<T> op) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            while (true) {
                try {
                    return op.run();
                } catch (ClosedByInterruptException e) {
                    interrupted |= Thread.interrupted(); // Interrupted again meanwhile: once more.
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
