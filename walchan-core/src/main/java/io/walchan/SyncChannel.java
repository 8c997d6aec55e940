package io.walchan;

import java.nio.file.Path;

/**
 * A bounded persistent channel, like {@code std::sync::mpsc::sync_channel(bound)}:
 * senders wait while {@link #bound()} messages are sent and not yet acknowledged.
 * Create with {@link Walchan#syncChannel}.
 *
 * @param <T> the message type
 */
public interface SyncChannel<T> extends AutoCloseable {

    /** @return a new bounded sender (the first call hands out the initial sender) */
    SyncSender<T> sender();

    /** @return the channel's receiver; every call returns the same receiver */
    Receiver<T> receiver();

    /** @return the most messages that may be sent and not yet acknowledged */
    int bound();

    /** @return the channel directory */
    Path directory();

    /** @return a snapshot of positions, backlog, disk use and health, for monitoring */
    ChannelStats stats();

    /** Commits acknowledged messages, closes the log and releases the directory; idempotent. */
    @Override
    void close();
}
