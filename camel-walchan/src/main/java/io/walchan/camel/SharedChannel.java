package io.walchan.camel;

import io.walchan.Channel;
import io.walchan.ChannelStats;
import io.walchan.CodecException;
import io.walchan.Delivery;
import io.walchan.Receiver;
import io.walchan.Sender;
import io.walchan.SyncChannel;
import io.walchan.SyncSender;
import io.walchan.Walchan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one channel of a directory in one CamelContext, shared by every endpoint
 * naming that directory, with the reference counts that decide when it opens and
 * closes.
 *
 * <h2>Implementation notes</h2>
 * <ul>
 *   <li>Registration ({@link #register}) happens when an endpoint is created, so a
 *       conflicting option fails that endpoint at once. Producers and consumers
 *       {@link #acquire} the channel when they start and {@link #release} it when
 *       they stop: the first acquire opens it, the last release closes it.</li>
 *   <li>One sender is taken at open and closed only at close: a walchan channel
 *       whose senders are all closed is <em>disconnected</em> for its receiver,
 *       which must not happen while consumers poll. Every producer sends through it
 *       (senders are thread-safe).</li>
 *   <li>The receiver is never closed on its own: closing it closes the channel.</li>
 *   <li>{@code this} guards settings, endpoints, users and the open handles; the
 *       handles are also volatile so producers and consumers read them without the
 *       lock. {@link #failures} is a concurrent map used without the lock.</li>
 * </ul>
 */
final class SharedChannel {

    private static final Logger LOG = LoggerFactory.getLogger(SharedChannel.class);

    private final Path directory;
    private final MessageCodec codec;
    /** Failed or rolled back exchanges per log position, while the message is not settled for good. */
    final ConcurrentMap<Long, Integer> failures = new ConcurrentHashMap<>();

    /** Guarded by this. */
    private ChannelSettings settings;
    /** Guarded by this. Endpoints created on this directory and not shut down. */
    private final Set<WalchanEndpoint> endpoints = new LinkedHashSet<>();
    /** Guarded by this. Started producers and consumers. */
    private int users;
    /** Guarded by this. Started consumers (counted in {@link #users} too). */
    private int consumers;

    /** Set on open, cleared on close; at most one of the two channels is non-null. */
    private volatile Channel<WalchanMessage> channel;
    private volatile SyncChannel<WalchanMessage> syncChannel;
    private volatile Sender<WalchanMessage> sender;
    private volatile SyncSender<WalchanMessage> syncSender;
    private volatile Receiver<WalchanMessage> receiver;

    SharedChannel(Path directory, MessageCodec codec) {
        this.directory = directory;
        this.codec = codec;
    }

    /** @return the canonical channel directory */
    Path directory() {
        return directory;
    }

    /**
     * Adds an endpoint; its explicit channel options must agree with those in use.
     *
     * @throws IllegalArgumentException on a conflict, naming the options and the endpoints
     */
    synchronized void register(WalchanEndpoint endpoint, ChannelSettings wanted) {
        if (endpoints.contains(endpoint)) {
            return;
        }
        try {
            settings = settings == null ? wanted : settings.merge(wanted, receiver != null);
        } catch (IllegalArgumentException e) {
            List<String> uris = new ArrayList<>();
            endpoints.forEach(ep -> uris.add(ep.getEndpointUri()));
            throw new IllegalArgumentException("walchan directory " + directory + " is already used by " + uris
                    + (receiver != null ? " (channel open)" : "") + " with other channel options than "
                    + endpoint.getEndpointUri() + " asks for: " + e.getMessage() + ". Every endpoint on one"
                    + " directory shares one channel: set " + String.join(", ", WalchanConfiguration.CHANNEL_OPTIONS)
                    + " alike on all of them, on one of them only, or on the component.", e);
        }
        endpoints.add(endpoint);
    }

    /** @return true if no endpoint is registered any more (the component may forget this channel) */
    synchronized boolean unregister(WalchanEndpoint endpoint) {
        endpoints.remove(endpoint);
        return endpoints.isEmpty() && users == 0;
    }

    /** @return the settings in effect (the merged settings of every endpoint) */
    synchronized ChannelSettings settings() {
        return settings;
    }

    /** Counts a started producer; the first user opens the channel. */
    void acquire() {
        acquire(false);
    }

    /** Counts a started producer or consumer; the first user opens the channel. */
    synchronized void acquire(boolean consumer) {
        if (users == 0) {
            open();
        }
        users++;
        if (consumer) {
            consumers++;
        }
    }

    /** Uncounts a stopped producer; the last user closes the channel. */
    void release() {
        release(false);
    }

    /** Uncounts a stopped producer or consumer; the last user closes the channel. */
    synchronized void release(boolean consumer) {
        if (users <= 0) {
            return;
        }
        if (consumer && consumers > 0) {
            consumers--;
        }
        if (--users == 0) {
            close();
        }
    }

    /** @return started consumers of this directory (over all its endpoints) */
    synchronized int consumers() {
        return consumers;
    }

    /** @return a snapshot of the open channel's state, or null while it is closed */
    ChannelStats stats() {
        Channel<WalchanMessage> ch = channel;
        if (ch != null) {
            return ch.stats();
        }
        SyncChannel<WalchanMessage> sc = syncChannel;
        return sc != null ? sc.stats() : null;
    }

    /**
     * Acknowledges every message not yet received, while no consumer of the directory
     * is started (so no delivery is in flight). Opens the channel for the purge if it is
     * closed, and closes it again. Holds the lock throughout, so no consumer can start
     * meanwhile; producers may keep sending: what they send during the purge may or
     * may not be purged.
     *
     * @return the number of messages acknowledged
     * @throws IllegalStateException if a consumer of the directory is started
     */
    synchronized long purge() {
        if (consumers > 0) {
            throw new IllegalStateException("cannot purge walchan channel " + directory + ": " + consumers
                    + " consumer(s) of it are started; stop their routes first");
        }
        acquire(false);
        long purged = 0;
        try {
            Receiver<WalchanMessage> r = receiver();
            while (true) {
                Delivery<?> d;
                try {
                    d = r.tryRecv();
                } catch (CodecException e) {
                    d = e.delivery();
                }
                if (d == null) {
                    break;
                }
                d.ack();
                purged++;
            }
            failures.clear();
        } finally {
            release(false);
        }
        LOG.info("Purged {} message(s) from walchan channel {}", purged, directory);
        return purged;
    }

    private void open() {
        Integer bound = settings.bound();
        LOG.debug("Opening walchan channel {} with {}", directory, settings);
        if (bound == null) {
            Channel<WalchanMessage> ch = Walchan.channel(directory, codec, settings.options());
            sender = ch.sender();
            receiver = ch.receiver().withOptions(settings.receiverOptions());
            channel = ch;
        } else {
            SyncChannel<WalchanMessage> ch = Walchan.syncChannel(directory, bound, codec, settings.options());
            syncSender = ch.sender();
            receiver = ch.receiver().withOptions(settings.receiverOptions());
            syncChannel = ch;
        }
    }

    private void close() {
        LOG.debug("Closing walchan channel {}", directory);
        try {
            if (sender != null) {
                sender.close();
            }
            if (syncSender != null) {
                syncSender.close();
            }
            if (channel != null) {
                channel.close();
            }
            if (syncChannel != null) {
                syncChannel.close();
            }
        } finally {
            channel = null;
            syncChannel = null;
            sender = null;
            syncSender = null;
            receiver = null;
            failures.clear();
        }
    }

    /** @return the receiver; IllegalStateException if the channel is not open */
    Receiver<WalchanMessage> receiver() {
        Receiver<WalchanMessage> r = receiver;
        if (r == null) {
            throw new IllegalStateException("walchan channel " + directory + " is not open (no producer or consumer"
                    + " of it is started)");
        }
        return r;
    }

    /** @return the bound of the open channel, or 0 if unbounded */
    int bound() {
        SyncChannel<WalchanMessage> sc = syncChannel;
        return sc == null ? 0 : sc.bound();
    }

    /** @return true while the channel is open */
    boolean isOpen() {
        return receiver != null;
    }

    /**
     * Appends a message.
     *
     * @param wait on a bounded channel: null waits for room forever, zero does not wait
     * @return false if a bounded channel had no room in time (nothing written)
     * @throws InterruptedException if interrupted while waiting for room (nothing written)
     */
    boolean send(WalchanMessage message, Duration wait) throws InterruptedException {
        Sender<WalchanMessage> s = sender;
        if (s != null) {
            s.send(message);
            return true;
        }
        SyncSender<WalchanMessage> ss = syncSender;
        if (ss == null) {
            throw new IllegalStateException("walchan channel " + directory + " is not open; nothing was sent");
        }
        if (wait == null) {
            ss.send(message);
            return true;
        }
        return wait.isZero() ? ss.trySend(message) : ss.sendTimeout(message, wait);
    }
}
