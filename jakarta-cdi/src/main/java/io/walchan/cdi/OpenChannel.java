package io.walchan.cdi;

import com.fasterxml.jackson.databind.JavaType;
import io.walchan.Channel;
import io.walchan.Codec;
import io.walchan.Receiver;
import io.walchan.ReceiverOptions;
import io.walchan.Sender;
import io.walchan.SyncChannel;
import io.walchan.SyncSender;
import io.walchan.Walchan;

/**
 * One channel opened by {@link WalChannels}, with what it was opened with.
 *
 * <p>It holds a sender of its own (the channel's initial one) until it is closed. In
 * walchan-core the receiver sees the channel disconnected once every sender taken
 * is closed; in a container, injected senders come and go with their beans (a
 * request-scoped bean closes its sender at the end of each request), so without
 * this keep-alive a receive loop would end whenever no such bean happened to be
 * alive. The channel therefore reads as connected until the container closes it.
 *
 * <p>{@link #receiverOptions} is guarded by the registry's lock; the rest is immutable.
 *
 * @param <T> the message type
 */
final class OpenChannel<T> {

    final ChannelSettings settings;
    final JavaType type;
    private final Channel<T> channel;
    private final SyncChannel<T> syncChannel;
    /** Closes the channel's own sender. */
    private final Runnable keepAlive;
    /** The commit policy set by the first receiver taken; null until then. Guarded by the registry lock. */
    ReceiverOptions receiverOptions;

    private OpenChannel(ChannelSettings settings, JavaType type, Channel<T> channel, SyncChannel<T> syncChannel) {
        this.settings = settings;
        this.type = type;
        this.channel = channel;
        this.syncChannel = syncChannel;
        this.keepAlive = channel != null ? channel.sender()::close : syncChannel.sender()::close;
    }

    /**
     * Opens the channel: unbounded if {@code settings.bound() == 0}, else bounded.
     *
     * @throws io.walchan.WalchanException if the directory cannot be opened
     */
    static <T> OpenChannel<T> open(ChannelSettings settings, JavaType type, Codec<T> codec) {
        if (settings.bound() == 0) {
            Channel<T> ch = Walchan.channel(settings.directory(), codec, settings.options());
            return new OpenChannel<>(settings, type, ch, null);
        }
        SyncChannel<T> sc = Walchan.syncChannel(settings.directory(), settings.bound(), codec, settings.options());
        return new OpenChannel<>(settings, type, null, sc);
    }

    /** @return a new sender of an unbounded channel; the caller closes it */
    Sender<T> sender() {
        return channel.sender();
    }

    /** @return a new sender of a bounded channel; the caller closes it */
    SyncSender<T> syncSender() {
        return syncChannel.sender();
    }

    /** @return a new handle on the shared receiver; closing it leaves the channel open */
    Receiver<T> receiver() {
        Receiver<T> shared = channel != null ? channel.receiver() : syncChannel.receiver();
        return new SharedReceiver<>(shared, settings.directory());
    }

    /** Applies the commit policy to the channel's receiver. Called under the registry lock. */
    void applyReceiverOptions(ReceiverOptions options) {
        (channel != null ? channel.receiver() : syncChannel.receiver()).withOptions(options);
        receiverOptions = options;
    }

    /** Commits acknowledged messages and closes the channel, then drops the keep-alive sender. */
    void close() {
        try {
            if (channel != null) {
                channel.close();
            } else {
                syncChannel.close();
            }
        } finally {
            keepAlive.run();
        }
    }

    @Override
    public String toString() {
        return "channel " + settings.directory() + " (" + settings.channelText() + ", message type "
                + type.toCanonical() + ")";
    }
}
