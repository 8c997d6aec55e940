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
 * <p>SYNC_EVERY, in positions: once {@code maxOps} records lie past the target of the
 * last fsync started, a background fsync starts on the timer thread, and it goes on
 * forcing while another {@code maxOps} records arrived during the last one, so the
 * sender that hits {@code maxOps} does not wait. Back-pressure keeps the promise
 * bounded: a sender whose record lies more than {@code 2 * maxOps} past the durable
 * position waits until it no longer does (the disk is slower than the senders), so a
 * power cut loses at most {@code 2 * maxOps} sends. It waits for the fsync already
 * running, and forces itself only if that one does not bring it within the bound.
 */
final class SyncPolicy {

    private static final System.Logger LOG = System.getLogger(SyncPolicy.class.getName());

    private final Durability durability;
    private final LogWriter writer;
    private final Timer timer;
    /** Guards lastStarted, timerArmed and backgroundSyncRunning. */
    private final Object lock = new Object();
    /** Target (end position) of the last count-triggered fsync started. */
    private long lastStarted;
    private boolean timerArmed;
    private boolean backgroundSyncRunning;

    SyncPolicy(Durability durability, LogWriter writer, Timer timer) {
        this.durability = durability;
        this.writer = writer;
        this.timer = timer;
        this.lastStarted = writer.syncedPosition();
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
                long end = position + 1;
                long maxOps = durability.maxOps();
                synchronized (lock) {
                    if (end - lastStarted >= maxOps && !backgroundSyncRunning) {
                        backgroundSyncRunning = true;
                        timer.schedule(Duration.ZERO, this::onCountReached);
                    } else if (!timerArmed) {
                        timerArmed = true;
                        timer.schedule(durability.maxDelay(), this::onTimer);
                    }
                }
                if (end - writer.syncedPosition() > 2 * maxOps) {
                    writer.syncTo(end - 2 * maxOps); // fsync is not keeping up: back-pressure
                }
        }
    }

    private void onCountReached() {
        try {
            long target;
            do {
                target = writer.endPosition();
                synchronized (lock) {
                    lastStarted = target; // appends from here on count towards the next fsync
                }
                writer.syncTo(target);
            } while (writer.endPosition() - target >= durability.maxOps()); // more arrived meanwhile
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
        }
        try {
            writer.syncTo(writer.endPosition());
        } catch (RuntimeException e) {
            // The writer is poisoned and every later send reports it.
            LOG.log(Level.ERROR, "timed fsync failed: " + e.getMessage(), e);
        }
    }
}
