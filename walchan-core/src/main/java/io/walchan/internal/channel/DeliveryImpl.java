package io.walchan.internal.channel;

import io.walchan.Delivery;
import java.lang.System.Logger.Level;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A received message and its settlement state. Settling is a single CAS from
 * UNSETTLED, so ack/nack/close race safely. A {@link Cleaner} watches every
 * delivery: one collected while unsettled is reported as a leak and never acked.
 */
final class DeliveryImpl<V> implements Delivery<V> {

    private static final System.Logger LOG = System.getLogger(Delivery.class.getName());
    private static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "walchan-delivery-leak-detector");
        t.setDaemon(true);
        return t;
    });
    private static final AtomicLong LEAKS = new AtomicLong();

    static final int UNSETTLED = 0;
    static final int ACKED = 1;
    static final int NACKED = 2;

    private final ChannelCore<?> core;
    private final V value;
    private final long position;
    private final byte[] bytes;
    private final boolean redelivered;
    /** The settlement state; also the leak check, which must not reference this delivery. */
    private final LeakCheck state;
    private final Cleaner.Cleanable leakCheck;

    DeliveryImpl(ChannelCore<?> core, V value, long position, byte[] bytes, boolean redelivered) {
        this.core = core;
        this.value = value;
        this.position = position;
        this.bytes = bytes;
        this.redelivered = redelivered;
        this.state = new LeakCheck(position, core.directory());
        this.leakCheck = CLEANER.register(this, state);
    }

    /** @return deliveries collected unsettled in this JVM so far */
    static long leaks() {
        return LEAKS.get();
    }

    @Override
    public V get() {
        return value;
    }

    @Override
    public void ack() {
        if (state.compareAndSet(UNSETTLED, ACKED)) {
            leakCheck.clean();
            core.acked(position);
        } else if (state.get() == NACKED) {
            throw new IllegalStateException("the delivery at position " + position + " was nacked; it cannot be acked");
        }
    }

    @Override
    public void nack() {
        if (state.compareAndSet(UNSETTLED, NACKED)) {
            leakCheck.clean();
            core.nacked(position, bytes);
        } else if (state.get() == ACKED) {
            throw new IllegalStateException("the delivery at position " + position + " was acked; it cannot be nacked");
        }
    }

    @Override
    public void close() {
        if (state.get() == UNSETTLED && !core.isClosed()) {
            try {
                ack();
            } catch (io.walchan.DisconnectedException e) {
                // Closed meanwhile: close() stays quiet; the message is delivered again after reopen.
            }
        }
    }

    @Override
    public boolean redelivered() {
        return redelivered;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public String toString() {
        return "Delivery[position=" + position + ", redelivered=" + redelivered + ", state="
                + new String[] {"unsettled", "acked", "nacked"}[state.get()] + "]";
    }

    /**
     * The settlement state (UNSETTLED, ACKED, NACKED), and the action that runs when the
     * delivery became unreachable or at settlement (then it does nothing). One object for
     * both: this runs once per message.
     */
    private static final class LeakCheck extends AtomicInteger implements Runnable {
        private final long position;
        private final Object dir;

        LeakCheck(long position, Object dir) {
            super(UNSETTLED);
            this.position = position;
            this.dir = dir;
        }

        @Override
        public void run() {
            if (get() == UNSETTLED) {
                LEAKS.incrementAndGet();
                LOG.log(Level.WARNING, "leaked delivery: the message at position {0} of {1} was garbage-collected"
                        + " without ack() or nack(); it is not acknowledged and will be delivered again after a"
                        + " restart. Settle every Delivery (try-with-resources acks it).", position, dir);
            }
        }
    }
}
