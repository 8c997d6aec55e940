package io.walchan;

/**
 * The sending half of an unbounded {@link Channel}, like {@code std::sync::mpsc::Sender}.
 * Thread-safe. {@link #copy()} makes another sender of the same channel; the
 * receiver sees the channel disconnected once every sender is closed.
 *
 * @param <T> the message type
 */
public interface Sender<T> extends AutoCloseable {

    /**
     * Appends {@code value} to the log. Returns when the record is as durable as the
     * channel's {@link Durability} says. Messages of one sender are received in send order.
     *
     * @param value the message, not null
     * @throws DisconnectedException if the receiver is closed (nothing is written)
     * @throws CodecException if the value cannot be encoded (nothing is written)
     * @throws WalchanException if the write or fsync failed; the send did not take effect
     *     as durable, and after a failed fsync the channel refuses sends until reopened
     * @throws IllegalStateException if this sender is closed
     */
    void send(T value);

    /** @return a new sender of the same channel, like {@code Sender::clone} */
    Sender<T> copy();

    /** Closes this sender; idempotent. */
    @Override
    void close();
}
