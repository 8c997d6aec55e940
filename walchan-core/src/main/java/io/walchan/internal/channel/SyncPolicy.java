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
 * <p>SYNC_EVERY: once {@code maxOps} records lie past the target of the last fsync
 * started, a background fsync starts on the timer thread, and another follows while
 * {@code maxOps} more records arrived during the last one, so the sender that hits
 * {@code maxOps} does not wait. The timed fsync starts {@code maxDelay / 2} after the
 * first unsynced send, so it is done by {@code maxDelay}.
 *
 * <p>Back-pressure keeps the time bound, not a count ({@code maxOps} only starts
 * fsyncs, as SPEC says): a sender waits until its own record is durable if the oldest
 * unsynced record may be older than {@code maxDelay} (the disk is behind the senders).
 * That record was appended after the last completed fsync started
 * ({@link LogWriter#durableAsOfNanos}) and after the last append that found nothing
 * unsynced before it; the later of the two bounds its age. So when a send returns,
 * every send that returned more than {@code maxDelay} before it was called is durable
 * (PowerLossTest checks this in every crash state).
 */
final class SyncPolicy {

    private static final System.Logger LOG = System.getLogger(SyncPolicy.class.getName());

    private final Durability durability;
    private final LogWriter writer;
    private final Timer timer;
    /** Guards lastStarted, windowOpenedNanos, timerArmed and backgroundSyncRunning. */
    private final Object lock = new Object();
    /** Target (end position) of the last count-triggered fsync started. */
    private long lastStarted;
    /** {@link System#nanoTime()} of the last append that found every earlier record durable. */
    private long windowOpenedNanos = System.nanoTime();
    private boolean timerArmed;
    private boolean backgroundSyncRunning;
    private final long maxDelayNanos;
    /**
     * When the timed fsync starts after the first unsynced send: half of maxDelay, so that it
     * has completed by maxDelay, and senders (who wait once a send may be older than maxDelay)
     * do not wait for it, as long as an fsync takes less than maxDelay / 2.
     */
    private final Duration timedSyncDelay;

    SyncPolicy(Durability durability, LogWriter writer, Timer timer) {
        this.durability = durability;
        this.writer = writer;
        this.timer = timer;
        this.lastStarted = writer.syncedPosition();
        this.maxDelayNanos = durability.kind() == Durability.Kind.SYNC_EVERY ? durability.maxDelay().toNanos() : 0;
        this.timedSyncDelay = Duration.ofNanos(Math.max(1, maxDelayNanos / 2));
    }

    /** @return true if {@link #afterAppend} needs the time an append started (SYNC_EVERY) */
    boolean timesAppends() {
        return maxDelayNanos > 0;
    }

    /**
     * Called by the sender after its record at {@code position} was appended.
     *
     * @param appendStart {@link System#nanoTime()} just before the append, if {@link #timesAppends()}
     */
    void afterAppend(long position, long appendStart) {
        switch (durability.kind()) {
            case SYNC_PER_SEND:
                writer.syncTo(position + 1);
                return;
            case FLUSH_ONLY:
                return;
            default:
                long end = position + 1;
                long maxOps = durability.maxOps();
                long now = System.nanoTime();
                long windowOpened;
                synchronized (lock) {
                    if (writer.syncedPosition() >= position) {
                        windowOpenedNanos = appendStart; // Everything before this record is durable.
                    }
                    windowOpened = windowOpenedNanos;
                    if (end - Math.max(lastStarted, writer.syncedPosition()) >= maxOps && !backgroundSyncRunning) {
                        backgroundSyncRunning = true;
                        timer.schedule(Duration.ZERO, this::onCountReached);
                    } else if (!timerArmed) {
                        timerArmed = true;
                        timer.schedule(timedSyncDelay, this::onTimer);
                    }
                }
                // The oldest unsynced record was appended after both of these (positions grow with time).
                long oldestUnsynced = Math.max(windowOpened, writer.durableAsOfNanos());
                if (now - oldestUnsynced > maxDelayNanos && end > writer.syncedPosition()) {
                    writer.syncTo(end); // The disk is more than maxDelay behind: back-pressure.
                }
        }
    }

    /**
     * One count-triggered fsync. If another {@code maxOps} records arrived while it ran,
     * the next one is scheduled rather than run in a loop here, so the commit timer and the
     * maxDelay timer, which share this thread, still run under a constant stream of sends.
     */
    private void onCountReached() {
        try {
            long target = writer.endPosition();
            synchronized (lock) {
                lastStarted = target; // appends from here on count towards the next fsync
            }
            writer.syncTo(target);
        } catch (RuntimeException e) {
            // The writer is poisoned and every later send reports it.
            LOG.log(Level.ERROR, "background fsync failed: " + e.getMessage(), e);
        } finally {
            synchronized (lock) {
                // Decided under the lock: a sender that saw "running" and did not start one is counted here.
                if (writer.failure() == null && writer.endPosition() - lastStarted >= durability.maxOps()) {
                    timer.schedule(Duration.ZERO, this::onCountReached); // still "running"
                } else {
                    backgroundSyncRunning = false;
                }
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
