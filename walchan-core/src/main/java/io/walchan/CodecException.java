package io.walchan;

/**
 * A value could not be encoded, or a stored message could not be decoded.
 *
 * <p>On decode the message is neither lost nor skipped: the exception carries
 * the stored bytes, their log position, and the still unsettled raw
 * {@link Delivery} of those bytes. Settle it: {@code ack()} to drop the message
 * (e.g. after copying it to a dead-letter store), {@code nack()} to see it again.
 * Left unsettled it stays in flight, holds back the committed position, and is
 * delivered again after a restart.
 */
public class CodecException extends WalchanException {
    private static final long serialVersionUID = 1L;

    private final long position;
    private final transient byte[] bytes;
    private final transient Delivery<byte[]> delivery;

    /**
     * An encode failure: nothing was written.
     *
     * @param message what could not be encoded
     * @param cause the codec's own exception
     */
    public CodecException(String message, Throwable cause) {
        super(message, cause);
        this.position = -1;
        this.bytes = null;
        this.delivery = null;
    }

    /**
     * A decode failure of a stored message.
     *
     * @param message what could not be decoded
     * @param cause the codec's own exception
     * @param position the message's log position
     * @param bytes the stored bytes
     * @param delivery the raw, unsettled delivery of those bytes (may be null when
     *     the failure did not come from a receive call)
     */
    public CodecException(String message, Throwable cause, long position, byte[] bytes,
            Delivery<byte[]> delivery) {
        super(message, cause);
        this.position = position;
        this.bytes = bytes;
        this.delivery = delivery;
    }

    /** @return the log position of the undecodable message, or -1 for an encode failure */
    public long position() {
        return position;
    }

    /** @return the stored bytes that failed to decode, or null for an encode failure */
    public byte[] bytes() {
        return bytes == null ? null : bytes.clone();
    }

    /**
     * @return the unsettled raw delivery of the undecodable message; ack it to drop
     *     the message, nack it to have it delivered again. Null for an encode failure.
     */
    public Delivery<byte[]> delivery() {
        return delivery;
    }
}
