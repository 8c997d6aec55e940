package io.walchan;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;

/**
 * The receiving half of a channel, like {@code std::sync::mpsc::Receiver}, but
 * thread-safe: several threads may receive concurrently and each message goes to
 * one of them. Nacked messages come first, then the log in order.
 *
 * <p>The receive calls throw {@link DisconnectedException} once every sender has
 * been closed and nothing is left to deliver. A channel from which no sender was
 * ever taken counts as connected (its receive calls wait), as in Rust, where
 * {@code channel()} always hands out one sender.
 *
 * <p>Closing the receiver commits what is acknowledged, closes the channel and
 * releases its directory; senders then fail with {@link DisconnectedException}.
 *
 * @param <T> the message type
 */
public interface Receiver<T> extends AutoCloseable, Iterable<Delivery<T>> {

    /**
     * Waits for the next message.
     *
     * @return the next delivery
     * @throws DisconnectedException once disconnected and drained
     * @throws InterruptedException if interrupted while waiting
     * @throws CodecException if the message cannot be decoded (see there how to settle it)
     */
    Delivery<T> recv() throws InterruptedException;

    /**
     * @return the next delivery if one is available now, else null
     * @throws DisconnectedException once disconnected and drained
     */
    Delivery<T> tryRecv();

    /**
     * @param timeout the longest wait
     * @return the next delivery, or null if none arrived in time
     * @throws DisconnectedException once disconnected and drained
     * @throws InterruptedException if interrupted while waiting
     */
    Delivery<T> recvTimeout(Duration timeout) throws InterruptedException;

    /**
     * @param deadline when to give up
     * @return the next delivery, or null if none arrived before {@code deadline}
     * @throws DisconnectedException once disconnected and drained
     * @throws InterruptedException if interrupted while waiting
     */
    Delivery<T> recvDeadline(Instant deadline) throws InterruptedException;

    /** @return an iterator over the deliveries available now; it never blocks */
    Iterator<Delivery<T>> tryIter();

    /**
     * A blocking iterator that ends when the channel is disconnected and drained. An
     * interrupt while waiting restores the interrupt flag and throws a
     * {@link WalchanException} whose cause is the {@link InterruptedException}.
     *
     * @return the iterator
     */
    @Override
    Iterator<Delivery<T>> iterator();

    /**
     * Sets when acknowledgements are committed, for this channel's receiver.
     *
     * @param options the commit policy
     * @return this receiver
     */
    Receiver<T> withOptions(ReceiverOptions options);

    /** Commits acknowledged messages, closes the channel and releases the directory; idempotent. */
    @Override
    void close();
}
