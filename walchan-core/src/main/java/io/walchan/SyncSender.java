package io.walchan;

import java.time.Duration;

/**
 * The sending half of a bounded {@link SyncChannel}, like
 * {@code std::sync::mpsc::SyncSender}: at most {@code bound} messages may be sent
 * and not yet acknowledged. The count is recomputed from the log on reopen.
 * Thread-safe.
 *
 * @param <T> the message type
 */
public interface SyncSender<T> extends AutoCloseable {

    /**
     * Appends {@code value}, waiting while {@code bound} messages are unacknowledged.
     *
     * @param value the message
     * @throws InterruptedException if interrupted while waiting for room (nothing written)
     * @throws DisconnectedException if the receiver is closed (nothing written)
     */
    void send(T value) throws InterruptedException;

    /**
     * Appends {@code value} if there is room now.
     *
     * @param value the message
     * @return true if sent; false if {@code bound} messages are unacknowledged
     * @throws DisconnectedException if the receiver is closed (nothing written)
     */
    boolean trySend(T value);

    /**
     * Appends {@code value}, waiting at most {@code timeout} for room.
     *
     * @param value the message
     * @param timeout the longest wait for room
     * @return true if sent, false if the timeout elapsed first (nothing written)
     * @throws InterruptedException if interrupted while waiting (nothing written)
     * @throws DisconnectedException if the receiver is closed (nothing written)
     */
    boolean sendTimeout(T value, Duration timeout) throws InterruptedException;

    /** @return a new sender of the same channel */
    SyncSender<T> copy();

    /** Closes this sender; idempotent. */
    @Override
    void close();
}
