package io.walchan;

import io.walchan.internal.channel.ChannelCore;
import io.walchan.internal.channel.ChannelImpl;
import io.walchan.internal.channel.SyncChannelImpl;
import io.walchan.internal.fs.NioFileLayer;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Opens persistent channels. The directory is created if missing, locked for
 * this channel, and recovered: a torn tail is truncated, and delivery resumes at
 * the first message not acknowledged-and-committed.
 *
 * <pre>{@code
 * try (Channel<Order> ch = Walchan.channel(Path.of("/var/spool/orders"), Order.class)) {
 *     Sender<Order> tx = ch.sender();
 *     tx.send(new Order(42));                        // durable when send returns
 *     try (Delivery<Order> d = ch.receiver().recv()) {
 *         ship(d.get());
 *     }                                              // acked and committed
 * }
 * }</pre>
 */
public final class Walchan {

    private Walchan() {
    }

    /**
     * An unbounded channel with the JSON codec and default {@link Options}.
     *
     * @param dir the channel directory
     * @param type the message class
     * @param <T> the message type
     * @return the open channel
     * @throws ChannelLockedException if the directory is open elsewhere
     * @throws CorruptLogException if recovery finds damage it must not repair silently
     */
    public static <T> Channel<T> channel(Path dir, Class<T> type) {
        return channel(dir, Codecs.json(type), Options.defaults());
    }

    /**
     * An unbounded channel.
     *
     * @param dir the channel directory
     * @param codec how messages become bytes
     * @param options how the log is written
     * @param <T> the message type
     * @return the open channel
     */
    public static <T> Channel<T> channel(Path dir, Codec<T> codec, Options options) {
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(options, "options");
        return new ChannelImpl<>(ChannelCore.open(dir, codec, options, 0, new NioFileLayer(options.fsync())));
    }

    /**
     * A bounded channel with the JSON codec and default {@link Options}.
     *
     * @param dir the channel directory
     * @param bound most messages sent and not yet acknowledged, at least 1
     * @param type the message class
     * @param <T> the message type
     * @return the open channel
     */
    public static <T> SyncChannel<T> syncChannel(Path dir, int bound, Class<T> type) {
        return syncChannel(dir, bound, Codecs.json(type), Options.defaults());
    }

    /**
     * A bounded channel.
     *
     * @param dir the channel directory
     * @param bound most messages sent and not yet acknowledged, at least 1
     * @param codec how messages become bytes
     * @param options how the log is written
     * @param <T> the message type
     * @return the open channel
     * @throws IllegalArgumentException if {@code bound < 1}
     */
    public static <T> SyncChannel<T> syncChannel(Path dir, int bound, Codec<T> codec, Options options) {
        if (bound < 1) {
            throw new IllegalArgumentException("bound must be at least 1, was " + bound
                    + " (use Walchan.channel for an unbounded channel)");
        }
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(options, "options");
        return new SyncChannelImpl<>(ChannelCore.open(dir, codec, options, bound, new NioFileLayer(options.fsync())));
    }
}
