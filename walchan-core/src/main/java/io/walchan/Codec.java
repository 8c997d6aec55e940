package io.walchan;

/**
 * Turns values into the bytes stored in the log and back. Implementations must
 * be thread-safe and deterministic enough that {@code decode(encode(v))} equals
 * {@code v}. Throw anything from either method; walchan wraps it in a
 * {@link CodecException}. See {@link Codecs} for the built-in codecs.
 *
 * @param <T> the message type
 */
public interface Codec<T> {

    /**
     * @param value the value to store, never null
     * @return the bytes to append to the log
     */
    byte[] encode(T value);

    /**
     * @param bytes bytes previously produced by {@link #encode}
     * @return the value
     */
    T decode(byte[] bytes);
}
