package io.walchan.internal.channel;

import java.lang.System.Logger.Level;
import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Settlement state of up to {@link #SIZE} deliveries handed out one after another,
 * and their leak check: one {@link Cleaner} registration per batch instead of one per
 * delivery (registering and cleaning took about a fifth of the receive path).
 *
 * <p>Each delivery holds its batch; the cleaner watches the batch, so it runs once
 * every delivery of the batch is unreachable, and then reports each one that was
 * never settled. A leak is therefore reported when the last delivery of its batch
 * is collected, not necessarily when its own is. The channel refers to the batch it
 * is filling only weakly, so a batch of one leaked delivery is collected too.
 *
 * <p>Slots are assigned by {@link Filler} under the channel's receive lock; states are
 * CAS-ed by any thread.
 */
final class SettlementBatch {

    static final int UNSETTLED = 0;
    static final int ACKED = 1;
    static final int NACKED = 2;
    static final int SIZE = 64;

    private static final System.Logger LOG = System.getLogger(io.walchan.Delivery.class.getName());
    private static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "walchan-delivery-leak-detector");
        t.setDaemon(true);
        return t;
    });
    private static final AtomicLong LEAKS = new AtomicLong();

    /** The state; also the cleaning action, so it must not refer to the batch. */
    private final Slots slots;

    private SettlementBatch(Object dir) {
        this.slots = new Slots(dir);
        CLEANER.register(this, slots);
    }

    /** @return deliveries collected unsettled in this JVM so far */
    static long leaks() {
        return LEAKS.get();
    }

    int state(int slot) {
        return slots.state.get(slot);
    }

    /** @return true if this call moved the slot from UNSETTLED to {@code to} */
    boolean settle(int slot, int to) {
        return slots.state.compareAndSet(slot, UNSETTLED, to);
    }

    /** Hands out slots, one batch after another. Not thread-safe: used under the receive lock. */
    static final class Filler {
        private final Object dir;
        private WeakReference<SettlementBatch> current = new WeakReference<>(null);

        /** @param dir the channel directory, for leak messages */
        Filler(Object dir) {
            this.dir = dir;
        }

        /** @return a batch with a free slot; the slot is {@code batch.claim(position)} */
        SettlementBatch batchWithRoom() {
            SettlementBatch b = current.get();
            if (b == null || b.slots.used == SIZE) {
                b = new SettlementBatch(dir);
                current = new WeakReference<>(b);
            }
            return b;
        }
    }

    /** Takes the next slot for the delivery of {@code position}; call under the filler's lock. */
    int claim(long position) {
        int slot = slots.used;
        slots.positions[slot] = position;
        slots.used = slot + 1; // Publishes positions[slot] to the cleaner thread.
        return slot;
    }

    private static final class Slots implements Runnable {
        final AtomicIntegerArray state = new AtomicIntegerArray(SIZE);
        final long[] positions = new long[SIZE];
        volatile int used;
        final Object dir;

        Slots(Object dir) {
            this.dir = dir;
        }

        @Override
        public void run() {
            for (int i = 0; i < used; i++) {
                if (state.get(i) == UNSETTLED) {
                    LEAKS.incrementAndGet();
                    LeakLog.report(positions[i], dir);
                }
            }
        }
    }

    /**
     * Logs leaks, at most {@link #PER_MINUTE} a minute: an application that drops every
     * delivery would otherwise write one warning per message. The rest are counted, and
     * the next warning says how many were left out. Runs on the cleaner's one thread.
     */
    private static final class LeakLog {
        static final int PER_MINUTE = 20;
        private static long windowStart = System.nanoTime();
        private static int loggedInWindow;
        private static long notLogged;

        static void report(long position, Object dir) {
            long now = System.nanoTime();
            if (now - windowStart > 60_000_000_000L) {
                windowStart = now;
                loggedInWindow = 0;
            }
            if (loggedInWindow >= PER_MINUTE) {
                notLogged++;
                return;
            }
            loggedInWindow++;
            String more = notLogged == 0 ? "" : " (" + notLogged + " more leaked deliveries were not logged)";
            notLogged = 0;
            LOG.log(Level.WARNING, "leaked delivery: the message at position {0} of {1} was garbage-collected"
                    + " without ack() or nack(); it is not acknowledged and will be delivered again after a"
                    + " restart. Settle every Delivery (try-with-resources acks it).{2}", position, dir, more);
        }
    }
}
