package io.walchan.internal.channel;

import io.walchan.Durability;
import io.walchan.internal.segment.LogWriter;
import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * Applies a {@link Durability} after each append: fsync now (SYNC_PER_SEND, with
 * group commit in {@link LogWriter#syncTo}), never (FLUSH_ONLY), or after
 * {@code maxOps} appends or {@code maxDelay} after the first unsynced one
 * (SYNC_EVERY; the delay is a timer, so it holds when no further send arrives).
 *
 * <p>SYNC_EVERY's count-triggered fsync runs on the timer thread, so the sender that
 * hits {@code maxOps} does not wait for it. Back-pressure keeps the promise bounded:
 * a sender waits for the fsync itself once {@code 2 * maxOps} sends are unsynced (the
 * disk is slower than the senders), so a power cut loses at most that many.
 */
final class SyncPolicy {

    private static final System.Logger LOG = System.getLogger(SyncPolicy.class.getName());

    private final Durability durability;
    private final LogWriter writer;
    private final Timer timer;
    /** Guards unsyncedOps, timerArmed and backgroundSyncRunning. */
    private final Object lock = new Object();
    private long unsyncedOps;
    private boolean timerArmed;
    private boolean backgroundSyncRunning;

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
                boolean waitForSync = false;
                synchronized (lock) {
                    unsyncedOps++;
                    if (unsyncedOps >= 2L * durability.maxOps()) {
                        waitForSync = true; // fsync is not keeping up: back-pressure
                    } else if (unsyncedOps >= durability.maxOps() && !backgroundSyncRunning) {
                        backgroundSyncRunning = true;
                        timer.schedule(Duration.ZERO, this::onCountReached);
                    } else if (!timerArmed) {
                        timerArmed = true;
                        timer.schedule(durability.maxDelay(), this::onTimer);
                    }
                }
                if (waitForSync) {
                    writer.syncTo(position + 1);
                    synchronized (lock) {
                        unsyncedOps = 0;
                    }
                }
        }
    }

    private void onCountReached() {
        long target = writer.endPosition();
        synchronized (lock) {
            unsyncedOps = 0; // appends from here on count towards the next fsync
        }
        try {
            writer.syncTo(target);
        } catch (RuntimeException e) {
            // The writer is poisoned and every later send reports it.
            LOG.log(Level.ERROR, "background fsync failed: " + e.getMessage(), e);
        } finally {
            synchronized (lock) {
                backgroundSyncRunning = false;
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
