package io.walchan;

/**
 * One received message, unsettled until {@link #ack()}, {@link #nack()} or
 * {@link #close()}. Use it in try-with-resources to acknowledge on success:
 *
 * <pre>{@code
 * try (Delivery<Order> d = receiver.recv()) {
 *     process(d.get());
 * }   // acked here; if process() throws, call d.nack() in a catch to retry sooner
 * }</pre>
 *
 * <p>A delivery that is garbage-collected unsettled is never acknowledged: it is
 * logged as a leak and delivered again after a restart. Thread-safe.
 *
 * @param <T> the message type
 */
public interface Delivery<T> extends AutoCloseable {

    /** @return the message */
    T get();

    /**
     * Acknowledges the message. It is committed according to the receiver's
     * {@link ReceiverOptions}; with the defaults, before this method returns.
     * Idempotent.
     *
     * @throws IllegalStateException if the delivery was nacked
     * @throws DisconnectedException if the receiver was closed meanwhile (the message
     *     is delivered again after reopen)
     */
    void ack();

    /**
     * Hands the message back: it is delivered again, before newer messages, without a
     * restart, and its next delivery reports {@link #redelivered()}. Idempotent.
     *
     * @throws IllegalStateException if the delivery was acked
     */
    void nack();

    /** Acknowledges the message if it is not yet settled; idempotent and quiet. */
    @Override
    void close();

    /**
     * @return true if this message may have been delivered before: it was nacked, or
     *     it lies beyond the committed position of a log that was reopened
     */
    boolean redelivered();

    /** @return the message's position in the log: 0 for the first message ever sent */
    long position();
}
