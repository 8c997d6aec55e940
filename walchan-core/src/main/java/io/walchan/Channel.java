package io.walchan;

import java.nio.file.Path;

/**
 * An unbounded persistent channel, like {@code std::sync::mpsc::channel()}: any
 * number of {@link Sender}s, one {@link Receiver}. Create with
 * {@link Walchan#channel}. One channel may own a directory at a time.
 *
 * @param <T> the message type
 */
public interface Channel<T> extends AutoCloseable {

    /**
     * @return a new sender; the first call hands out the channel's initial sender,
     *     later calls add senders, as {@link Sender#copy()} does
     */
    Sender<T> sender();

    /** @return the channel's receiver; every call returns the same receiver */
    Receiver<T> receiver();

    /** @return the channel directory */
    Path directory();

    /** @return a snapshot of positions, backlog, disk use and health, for monitoring */
    ChannelStats stats();

    /** Commits acknowledged messages, closes the log and releases the directory; idempotent. */
    @Override
    void close();
}
