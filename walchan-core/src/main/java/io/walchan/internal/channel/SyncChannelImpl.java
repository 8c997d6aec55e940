package io.walchan.internal.channel;

import io.walchan.ChannelStats;
import io.walchan.Receiver;
import io.walchan.SyncChannel;
import io.walchan.SyncSender;
import java.nio.file.Path;

/** A bounded channel: a thin handle on its engine. */
public final class SyncChannelImpl<T> implements SyncChannel<T> {

    private final ChannelCore<T> core;

    /** @param core the open engine (with a bound), now owned by this channel */
    public SyncChannelImpl(ChannelCore<T> core) {
        this.core = core;
    }

    @Override
    public SyncSender<T> sender() {
        return core.newSyncSender();
    }

    @Override
    public Receiver<T> receiver() {
        return core.receiver();
    }

    @Override
    public int bound() {
        return core.bound();
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
        return "SyncChannel[" + core.directory() + ", bound=" + core.bound() + "]";
    }
}
