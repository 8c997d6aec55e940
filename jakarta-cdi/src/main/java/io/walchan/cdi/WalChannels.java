package io.walchan.cdi;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.walchan.Codecs;
import io.walchan.Receiver;
import io.walchan.Sender;
import io.walchan.SyncSender;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.inject.Inject;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The container's channels: opens each channel directory once, shares it between
 * every injection point and every call here, and closes them all when the container
 * shuts down. Inject it to choose channels at run time:
 *
 * <pre>{@code
 * @Inject WalChannels channels;
 *
 * try (Sender<Order> tx = channels.sender("orders-" + region, Order.class)) {
 *     tx.send(order);
 * }
 * Receiver<List<Order>> rx = channels.receiver(WalChannel.Literal.of("batches"), new TypeLiteral<List<Order>>() {});
 * }</pre>
 *
 * <p>The rules are those of {@link WalChannel} injection points, checked when a call
 * is made instead of at deployment: a call whose bound, durability, message type or
 * (for receivers) commit policy differs from the open channel of its directory fails
 * with {@link IllegalStateException}; an invalid value with {@link IllegalArgumentException}.
 * Senders returned here belong to the caller, who closes them; a receiver returned
 * here is a handle on the channel's one receiver (closing the handle leaves the
 * channel open). Messages are JSON, written with the application's
 * {@link ObjectMapper} bean if exactly one {@code @Default} one exists, else with a
 * default mapper (modules on the class path registered).
 *
 * <h2>Implementation notes</h2>
 * {@code lock} guards {@code channels}, {@code closed}, {@code mapper} and each
 * channel's receiver options. It is held while a channel opens (recovery reads the
 * log), which serialises first opens; later calls only look the channel up.
 * At shutdown ({@link PreDestroy}) the open channels are handed to the
 * {@link WalChannelExtension}, which closes them at {@code BeforeShutdown}, after every
 * other bean is destroyed, so that beans still receiving or acknowledging in their own
 * {@code @PreDestroy} finish their work first. Without the extension (a container
 * that does not run portable extensions) they are closed at once.
 */
@ApplicationScoped
public class WalChannels {

    /** System property naming the base directory of relative channel directories. */
    public static final String BASE_DIR_PROPERTY = "walchan.dir";
    /** Environment variable read when {@link #BASE_DIR_PROPERTY} is not set. */
    public static final String BASE_DIR_ENV = "WALCHAN_DIR";

    private static final ObjectMapper DEFAULT_MAPPER = new ObjectMapper().findAndRegisterModules();

    private final Instance<ObjectMapper> mappers;
    private final Instance<WalChannelExtension> extension;

    /** Guards channels, closed, mapper and OpenChannel.receiverOptions. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Open channels by canonical directory. */
    private final Map<Path, OpenChannel<?>> channels = new HashMap<>();
    private boolean closed;
    private ObjectMapper mapper;

    /** For client proxies only. */
    protected WalChannels() {
        this(null, null);
    }

    /**
     * @param mappers the application's {@code ObjectMapper} beans, if any
     * @param extension the extension that closes channels at {@code BeforeShutdown}, if it runs
     */
    @Inject
    public WalChannels(Instance<ObjectMapper> mappers, Instance<WalChannelExtension> extension) {
        this.mappers = mappers;
        this.extension = extension;
    }

    /**
     * @param directory the channel directory, as in {@link WalChannel#value()}
     * @param type the message class
     * @param <T> the message type
     * @return a new sender of the unbounded channel with default options; close it when done
     */
    public <T> Sender<T> sender(String directory, Class<T> type) {
        return sender(WalChannel.Literal.of(directory), type);
    }

    /**
     * @param channel the directory and options
     * @param type the message class
     * @param <T> the message type
     * @return a new sender of the unbounded channel; close it when done
     */
    public <T> Sender<T> sender(WalChannel channel, Class<T> type) {
        return sender(channel, (Type) type);
    }

    /**
     * @param channel the directory and options
     * @param type the message type, e.g. {@code new TypeLiteral<List<Order>>() {}}
     * @param <T> the message type
     * @return a new sender of the unbounded channel; close it when done
     */
    public <T> Sender<T> sender(WalChannel channel, TypeLiteral<T> type) {
        return sender(channel, type.getType());
    }

    /**
     * @param directory the channel directory, as in {@link WalChannel#value()}
     * @param bound most messages sent and not yet acknowledged, at least 1
     * @param type the message class
     * @param <T> the message type
     * @return a new sender of the bounded channel with default options; close it when done
     */
    public <T> SyncSender<T> syncSender(String directory, int bound, Class<T> type) {
        return syncSender(WalChannel.Literal.of(directory).withBound(bound), type);
    }

    /**
     * @param channel the directory and options, with a bound of at least 1
     * @param type the message class
     * @param <T> the message type
     * @return a new sender of the bounded channel; close it when done
     */
    public <T> SyncSender<T> syncSender(WalChannel channel, Class<T> type) {
        return syncSender(channel, (Type) type);
    }

    /**
     * @param channel the directory and options, with a bound of at least 1
     * @param type the message type
     * @param <T> the message type
     * @return a new sender of the bounded channel; close it when done
     */
    public <T> SyncSender<T> syncSender(WalChannel channel, TypeLiteral<T> type) {
        return syncSender(channel, type.getType());
    }

    /**
     * @param directory the channel directory, as in {@link WalChannel#value()}
     * @param type the message class
     * @param <T> the message type
     * @return a handle on the receiver of the unbounded channel, default options
     */
    public <T> Receiver<T> receiver(String directory, Class<T> type) {
        return receiver(WalChannel.Literal.of(directory), type);
    }

    /**
     * @param channel the directory and options
     * @param type the message class
     * @param <T> the message type
     * @return a handle on the channel's receiver
     */
    public <T> Receiver<T> receiver(WalChannel channel, Class<T> type) {
        return receiver(channel, (Type) type);
    }

    /**
     * @param channel the directory and options
     * @param type the message type
     * @param <T> the message type
     * @return a handle on the channel's receiver
     */
    public <T> Receiver<T> receiver(WalChannel channel, TypeLiteral<T> type) {
        return receiver(channel, type.getType());
    }

    /**
     * @param directory a channel directory, as in {@link WalChannel#value()}
     * @return the canonical path it names, the key of its channel
     * @throws IllegalArgumentException if it is blank or not a valid path
     */
    public Path resolve(String directory) {
        return Directories.resolve(directory);
    }

    /** @return the canonical directories of the channels open now, sorted */
    public Set<Path> openDirectories() {
        lock.lock();
        try {
            return new TreeSet<>(channels.keySet());
        } finally {
            lock.unlock();
        }
    }

    <T> Sender<T> sender(WalChannel channel, Type type) {
        return this.<T>acquire(Role.SENDER, channel, type).sender();
    }

    <T> SyncSender<T> syncSender(WalChannel channel, Type type) {
        return this.<T>acquire(Role.SYNC_SENDER, channel, type).syncSender();
    }

    <T> Receiver<T> receiver(WalChannel channel, Type type) {
        return this.<T>acquire(Role.RECEIVER, channel, type).receiver();
    }

    /** Finds or opens the channel for one request, after checking the request against it. */
    private <T> OpenChannel<T> acquire(Role role, WalChannel channel, Type type) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(type, "type");
        InjectionPoints.checkConcrete(role.typeName(), type);
        ChannelSettings settings = ChannelSettings.of(channel);
        role.checkBound(settings);
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the container is shutting down; its walchan channels are closed ("
                        + settings.directory() + " requested)");
            }
            JavaType javaType = mapper().getTypeFactory().constructType(type);
            @SuppressWarnings("unchecked") // Checked below: javaType equals the channel's type.
            OpenChannel<T> open = (OpenChannel<T>) channels.get(settings.directory());
            if (open == null) {
                open = OpenChannel.open(settings, javaType, Codecs.json(mapper(), javaType));
                channels.put(settings.directory(), open);
            } else {
                checkSame(open, settings, javaType);
            }
            if (role == Role.RECEIVER) {
                applyReceiverOptions(open, settings);
            }
            return open;
        } finally {
            lock.unlock();
        }
    }

    private static void checkSame(OpenChannel<?> open, ChannelSettings settings, JavaType javaType) {
        if (!open.settings.sameChannel(settings)) {
            throw new IllegalStateException(open + " was opened with " + open.settings.channelText()
                    + ", this request asks " + settings.channelText()
                    + "; one directory is one channel: use the same bound and durability everywhere");
        }
        if (!open.type.equals(javaType)) {
            throw new IllegalStateException(open + " carries " + open.type.toCanonical() + ", this request asks "
                    + javaType.toCanonical() + "; use one message type per directory");
        }
    }

    private static void applyReceiverOptions(OpenChannel<?> open, ChannelSettings settings) {
        if (open.receiverOptions == null) {
            open.applyReceiverOptions(settings.receiverOptions());
        } else if (!open.receiverOptions.equals(settings.receiverOptions())) {
            throw new IllegalStateException("the receiver of " + open + " commits with commitEvery="
                    + open.receiverOptions.commitEvery() + ", commitMaxDelay="
                    + open.receiverOptions.commitMaxDelay().toMillis() + " ms; this request asks "
                    + settings.receiverText() + ": use the same commit options for every receiver of a directory");
        }
    }

    /** Guarded by lock. */
    private ObjectMapper mapper() {
        if (mapper == null) {
            if (mappers == null || mappers.isUnsatisfied()) {
                mapper = DEFAULT_MAPPER;
            } else if (mappers.isAmbiguous()) {
                throw new IllegalStateException("several @Default ObjectMapper beans exist; walchan-cdi uses the one"
                        + " the application resolves: mark one @Alternative @Priority or give the others a qualifier");
            } else {
                mapper = mappers.get();
            }
        }
        return mapper;
    }

    /** Hands every open channel to the extension to close at BeforeShutdown, or closes them now. */
    @PreDestroy
    void shutdown() {
        List<OpenChannel<?>> open;
        lock.lock();
        try {
            closed = true;
            open = new ArrayList<>(channels.values());
            channels.clear();
        } finally {
            lock.unlock();
        }
        if (extension != null && extension.isResolvable()) {
            extension.get().closeAtShutdown(open);
        } else {
            closeAll(open);
        }
    }

    /**
     * Closes every channel, going on past failures.
     *
     * @throws IllegalStateException after trying all, if any failed (the first failure
     *     is the cause, the others suppressed)
     */
    static void closeAll(Collection<OpenChannel<?>> open) {
        IllegalStateException failure = null;
        for (OpenChannel<?> ch : open) {
            try {
                ch.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = new IllegalStateException("cannot close every walchan channel; first failure: " + ch, e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
