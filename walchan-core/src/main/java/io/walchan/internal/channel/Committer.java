package io.walchan.internal.channel;

import io.walchan.ReceiverOptions;
import io.walchan.WalchanException;
import io.walchan.internal.checkpoint.Checkpoint;
import io.walchan.internal.segment.LogWriter;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Persists the acknowledged prefix to the checkpoint according to the receiver's
 * {@link ReceiverOptions}, and reclaims segments the checkpoint covers.
 *
 * <p>Implementation notes: acking threads call {@link #onAck()}. Commits are
 * serialized by {@code commitLock}; each commit writes the prefix current when it
 * takes the lock, so acks that arrived while another commit was running are
 * covered by the next one (natural batching). Segments are deleted only after the
 * checkpoint that covers them is forced, so a power loss can never leave the
 * checkpoint pointing into a deleted segment.
 */
final class Committer {

    private static final System.Logger LOG = System.getLogger(Committer.class.getName());

    private final Path dir;
    private final Checkpoint checkpoint;
    private final LogWriter writer;
    private final LongSupplier ackedPrefix;
    private final boolean forceEachCommit;
    private final Timer timer;
    private volatile ReceiverOptions options = ReceiverOptions.defaults();

    /** Guards checkpoint, forcedPosition, closed; held across the checkpoint write and fsync. */
    private final ReentrantLock commitLock = new ReentrantLock();
    /** Highest committed position known durable. */
    private long forcedPosition;
    private boolean closed;

    /** Acks since the last commit by count (lock-free: one atomic increment per ack). */
    private final java.util.concurrent.atomic.AtomicInteger pendingAcks = new java.util.concurrent.atomic.AtomicInteger();
    /** True while a delay timer is scheduled; only the thread that sets it schedules one. */
    private final java.util.concurrent.atomic.AtomicBoolean timerArmed = new java.util.concurrent.atomic.AtomicBoolean();

    Committer(Path dir, Checkpoint checkpoint, LogWriter writer, LongSupplier ackedPrefix, boolean forceEachCommit,
            Timer timer) {
        this.dir = dir;
        this.checkpoint = checkpoint;
        this.writer = writer;
        this.ackedPrefix = ackedPrefix;
        this.forceEachCommit = forceEachCommit;
        this.timer = timer;
        this.forcedPosition = checkpoint.committed();
    }

    /** @return the last committed position written (racy read for monitoring: see ChannelStats) */
    long committed() {
        commitLock.lock();
        try {
            return checkpoint.committed();
        } finally {
            commitLock.unlock();
        }
    }

    void setOptions(ReceiverOptions options) {
        this.options = options;
    }

    /** Called after each ack; commits now or arms the delay timer. */
    void onAck() {
        ReceiverOptions o = options;
        if (o.commitsEveryAck()) {
            commit();
            return;
        }
        int pending = pendingAcks.incrementAndGet();
        if (pending >= o.commitEvery() && pendingAcks.compareAndSet(pending, 0)) {
            commit();
        } else if (!timerArmed.get() && timerArmed.compareAndSet(false, true)) {
            timer.schedule(o.commitMaxDelay(), this::onTimer);
        }
    }

    private void onTimer() {
        timerArmed.set(false); // Before committing: an ack after this point arms a new timer.
        pendingAcks.set(0);
        try {
            commit();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "timed commit failed: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the acknowledged prefix to the checkpoint if it moved.
     *
     * @throws WalchanException if the checkpoint cannot be written; the acks stay
     *     uncommitted (re-delivered after a restart) and the next commit retries
     */
    void commit() {
        commitLock.lock();
        try {
            if (closed) {
                return;
            }
            long prefix = ackedPrefix.getAsLong();
            if (prefix <= checkpoint.committed()) {
                return;
            }
            try {
                checkpoint.write(prefix);
                if (forceEachCommit) {
                    checkpoint.force();
                    forcedPosition = prefix;
                }
                if (writer.hasSegmentsBelow(prefix)) {
                    if (forcedPosition < prefix) {
                        checkpoint.force();
                        forcedPosition = prefix;
                    }
                    writer.deleteBelow(prefix);
                }
            } catch (IOException e) {
                throw new WalchanException("cannot commit acknowledged position " + prefix + " in " + dir + ": " + e
                        + "; those messages will be delivered again after a restart", e);
            }
        } finally {
            commitLock.unlock();
        }
    }

    /** Commits what is acknowledged, forces the checkpoint and closes it; later commits are no-ops. */
    void close() {
        commitLock.lock();
        try {
            if (closed) {
                return;
            }
            try {
                commitLockedForClose();
            } finally {
                closed = true;
                checkpoint.close();
            }
        } finally {
            commitLock.unlock();
        }
    }

    private void commitLockedForClose() {
        long prefix = ackedPrefix.getAsLong();
        try {
            if (prefix > checkpoint.committed()) {
                checkpoint.write(prefix);
            }
            checkpoint.force();
        } catch (IOException e) {
            throw new WalchanException("cannot commit acknowledged position " + prefix + " in " + dir
                    + " on close: " + e + "; those messages will be delivered again after a restart", e);
        }
    }
}
