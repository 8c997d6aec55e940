package io.walchan.internal.channel;

import io.walchan.Durability;
import io.walchan.internal.segment.LogWriter;
import java.lang.System.Logger.Level;

/**
 * Applies a {@link Durability} after each append: fsync now (SYNC_PER_SEND, with
 * group commit in {@link LogWriter#syncTo}), never (FLUSH_ONLY), or after
 * {@code maxOps} appends or {@code maxDelay} after the first unsynced one
 * (SYNC_EVERY; the delay is a timer, so it holds when no further send arrives).
 */
final class SyncPolicy {

    private static final System.Logger LOG = System.getLogger(SyncPolicy.class.getName());

    private final Durability durability;
    private final LogWriter writer;
    private final Timer timer;
    /** Guards unsyncedOps and timerArmed. */
    private final Object lock = new Object();
    private int unsyncedOps;
    private boolean timerArmed;

    SyncPolicy(Durability durability, LogWriter writer, Timer timer) {
        this.durability = durability;
        this.writer = writer;
        this.timer = timer;
    }

    /** Called by the sender after its record at {@code position} was appended. */
    void afterAppend(long position) {
        switch (durability.kind()) {
            case SYNC_PER_SEND:
                writer.syncTo(position + 1);
                return;
            case FLUSH_ONLY:
                return;
            default:
                boolean syncNow;
                synchronized (lock) {
                    unsyncedOps++;
                    syncNow = unsyncedOps >= durability.maxOps();
                    if (syncNow) {
                        unsyncedOps = 0;
                    } else if (!timerArmed) {
                        timerArmed = true;
                        timer.schedule(durability.maxDelay(), this::onTimer);
                    }
                }
                if (syncNow) {
                    writer.syncTo(position + 1);
                }
        }
    }

    private void onTimer() {
        synchronized (lock) {
            timerArmed = false;
            unsyncedOps = 0;
        }
        try {
            writer.syncTo(writer.endPosition());
        } catch (RuntimeException e) {
            // The writer is poisoned and every later send reports it.
            LOG.log(Level.ERROR, "timed fsync failed: " + e.getMessage(), e);
        }
    }
}
