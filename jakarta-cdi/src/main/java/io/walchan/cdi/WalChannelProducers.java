package io.walchan.cdi;

import io.walchan.Receiver;
import io.walchan.Sender;
import io.walchan.SyncSender;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.inject.Inject;
import java.lang.reflect.Type;

/**
 * The producers behind {@code @Inject @WalChannel(...)}: each reads the directory and
 * options from the injection point's {@link WalChannel} and the message type from its
 * type argument, and takes the channel from {@link WalChannels}. Applications do not
 * call this class; it is public so that every container can see it.
 *
 * <p>The products are {@link Dependent}: they live as long as the bean they are
 * injected into. When that bean is destroyed, an injected {@code Sender} or
 * {@code SyncSender} is closed (only that handle: the channel stays open), and an
 * injected {@code Receiver} handle is retired without closing the shared receiver.
 */
@ApplicationScoped
public class WalChannelProducers {

    private final WalChannels channels;

    /** For client proxies only. */
    protected WalChannelProducers() {
        this.channels = null;
    }

    /** @param channels the container's channel registry */
    @Inject
    public WalChannelProducers(WalChannels channels) {
        this.channels = channels;
    }

    /** Produces a new sender of the unbounded channel named by the injection point. */
    @Produces
    @Dependent
    @WalChannel
    <T> Sender<T> sender(InjectionPoint ip) {
        try {
            return channels.sender(qualifier(ip), messageType(ip, Role.SENDER));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw rethrow(ip, e);
        }
    }

    /** Produces a new sender of the bounded channel named by the injection point. */
    @Produces
    @Dependent
    @WalChannel
    <T> SyncSender<T> syncSender(InjectionPoint ip) {
        try {
            return channels.syncSender(qualifier(ip), messageType(ip, Role.SYNC_SENDER));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw rethrow(ip, e);
        }
    }

    /** Produces a handle on the shared receiver of the channel named by the injection point. */
    @Produces
    @Dependent
    @WalChannel
    <T> Receiver<T> receiver(InjectionPoint ip) {
        try {
            return channels.receiver(qualifier(ip), messageType(ip, Role.RECEIVER));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw rethrow(ip, e);
        }
    }

    /** Closes the sender handle when its bean is destroyed. */
    <T> void closeSender(@Disposes @WalChannel Sender<T> sender) {
        sender.close();
    }

    /** Closes the sender handle when its bean is destroyed. */
    <T> void closeSyncSender(@Disposes @WalChannel SyncSender<T> sender) {
        sender.close();
    }

    /** Retires the receiver handle when its bean is destroyed. */
    <T> void closeReceiver(@Disposes @WalChannel Receiver<T> receiver) {
        receiver.close(); // A SharedReceiver: retires the handle, not the channel.
    }

    private static WalChannel qualifier(InjectionPoint ip) {
        if (ip == null) {
            throw new IllegalStateException("the container gave no InjectionPoint, as some do for lookups through"
                    + " SeContainer, CDI.current() or BeanManager: walchan-cdi cannot tell the directory and message"
                    + " type; inject the sender or receiver, or an Instance<Sender<T>> of it, or call WalChannels");
        }
        WalChannel q = InjectionPoints.qualifier(ip);
        if (q == null) {
            throw new IllegalArgumentException("no @WalChannel qualifier");
        }
        return q;
    }

    /**
     * T of the produced type. Weld reports it as the injection point's type, also for
     * {@code Instance.get()}; OpenWebBeans reports the producer's class there for
     * lookups through an {@code Instance}, but keeps {@code Instance<Sender<T>>} as the
     * annotated base type, so both are tried.
     */
    private static Type messageType(InjectionPoint ip, Role role) {
        Type[] candidates = {ip.getType(), ip.getAnnotated() == null ? null : ip.getAnnotated().getBaseType()};
        for (Type candidate : candidates) {
            Type injected = candidate == null ? null : InjectionPoints.unwrap(candidate);
            Class<?> raw = injected == null ? null : InjectionPoints.rawType(injected);
            if (raw != null && Role.of(raw) == role) {
                return InjectionPoints.messageType(injected);
            }
        }
        throw new IllegalStateException("the container's InjectionPoint names no " + role.typeName() + "<T> (type "
                + ip.getType().getTypeName() + "), so walchan-cdi cannot tell the message type; inject "
                + role.typeName() + "<T> or Instance<" + role.typeName() + "<T>> with its type, or call WalChannels");
    }

    /** The same exception type, with the injection point named, as deployment validation does. */
    private static RuntimeException rethrow(InjectionPoint ip, RuntimeException e) {
        if (ip == null) {
            return e;
        }
        String message = "@WalChannel " + InjectionPoints.describe(ip) + ": " + e.getMessage();
        return e instanceof IllegalStateException ? new IllegalStateException(message, e)
                : new IllegalArgumentException(message, e);
    }
}
