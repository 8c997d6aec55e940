package io.walchan.internal.channel;

import io.walchan.Channel;
import io.walchan.ChannelStats;
import io.walchan.Receiver;
import io.walchan.Sender;
import java.nio.file.Path;

/** An unbounded channel: a thin handle on its engine. */
public final class ChannelImpl<T> implements Channel<T> {

    private final ChannelCore<T> core;

    /** @param core the open engine, now owned by this channel */
    public ChannelImpl(ChannelCore<T> core) {
        this.core = core;
    }

    @Override
    public Sender<T> sender() {
        return core.newSender();
    }

    @Override
    public Receiver<T> receiver() {
        return core.receiver();
    }

    @Override
    public Path directory() {
        return core.directory();
    }

    @Override
    public ChannelStats stats() {
        return core.stats();
    }

    @Override
    public void close() {
        core.close();
    }

    @Override
    public String toString() {
        return "Channel[" + core.directory() + "]";
    }
}
