package io.walchan.cdi;

import io.walchan.Receiver;
import io.walchan.Sender;
import io.walchan.SyncSender;

/** What an injection point takes from a channel; each role has a bound rule. */
enum Role {
    /** {@code Sender<T>}: unbounded channels only. */
    SENDER(Sender.class),
    /** {@code SyncSender<T>}: bounded channels only. */
    SYNC_SENDER(SyncSender.class),
    /** {@code Receiver<T>}: either kind; the only role whose commit options count. */
    RECEIVER(Receiver.class);

    private final Class<?> type;

    Role(Class<?> type) {
        this.type = type;
    }

    /**
     * @param rawType the raw type of an injection point
     * @return its role, or null if walchan-cdi does not produce that type
     */
    static Role of(Class<?> rawType) {
        for (Role r : values()) {
            if (r.type == rawType) {
                return r;
            }
        }
        return null;
    }

    /** @return the simple name of the injected interface */
    String typeName() {
        return type.getSimpleName();
    }

    /**
     * @param settings the injection point's settings
     * @throws IllegalArgumentException if the bound does not suit this role
     */
    void checkBound(ChannelSettings settings) {
        if (this == SENDER && settings.bound() > 0) {
            throw new IllegalArgumentException("Sender<T> sends to unbounded channels, but bound=" + settings.bound()
                    + "; inject SyncSender<T> for a bounded channel, or remove bound");
        }
        if (this == SYNC_SENDER && settings.bound() == 0) {
            throw new IllegalArgumentException("SyncSender<T> sends to bounded channels, but bound=0; give a bound,"
                    + " e.g. @WalChannel(value = \"...\", bound = 100), or inject Sender<T>");
        }
    }
}
