package io.walchan.internal.channel;

import io.walchan.ChannelStats;
import io.walchan.Codec;
import io.walchan.CodecException;
import io.walchan.DisconnectedException;
import io.walchan.Durability;
import io.walchan.Options;
import io.walchan.ReceiverOptions;
import io.walchan.WalchanException;
import io.walchan.internal.concurrent.PaddedLong;
import io.walchan.internal.fs.DirectoryLock;
import io.walchan.internal.fs.FileLayer;
import io.walchan.internal.fs.NioFileLayer;
import io.walchan.internal.segment.LogReader;
import io.walchan.internal.segment.LogWriter;
import io.walchan.internal.segment.Recovery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The engine behind one open channel directory: senders append through the
 * {@link LogWriter}, the receiver reads through the {@link LogReader}, acks go to
 * the {@link AckTracker} and the {@link Committer}.
 *
 * <h2>Implementation notes</h2>
 * <ul>
 *   <li>{@code recvLock} guards the reader and the redelivery queue; receivers wait
 *       on {@code available}. A sender signals only if a receiver is waiting:
 *       receivers increment {@code waitingReceivers} before checking for data and
 *       senders read it after publishing their record (both volatile), so one of
 *       the two always sees the other and no wake-up is lost.</li>
 *   <li>{@code ackLock} guards the ack tracker. Bounded channels: a sender reserves
 *       its slot before appending (and returns it if the append fails) by a CAS on
 *       {@code unacked}, without a lock; a sender that finds no room spins briefly
 *       (the receiver usually acks within microseconds), and only then takes
 *       {@code ackLock}, counts itself in {@code waitingSenders} and waits on
 *       {@code room}. A release (ack) decrements {@code unacked} and then, only if a
 *       sender waits, signals {@code room} under {@code ackLock}: a waiting sender
 *       counts itself before re-checking {@code unacked}, so one of the two always sees
 *       the other and no wake-up is lost.</li>
 *   <li>Decoding happens outside every lock.</li>
 *   <li>Lock order: recvLock and ackLock are never held together; neither is held
 *       while calling into the writer's sync or the committer.</li>
 * </ul>
 *
 * @param <T> the message type
 */
public final class ChannelCore<T> {

    private final Path dir;
    private final Codec<T> codec;
    private final int bound;
    private final DirectoryLock dirLock;
    private final LogWriter writer;
    private final LogReader reader;
    private final Committer committer;
    private final SyncPolicy syncPolicy;
    private final Timer timer;
    /** Messages below this position may have been delivered before the last open. */
    private final long recoveredEnd;

    /** Open senders, counting the channel's initial sender until {@code sender()} hands it out. */
    private final AtomicInteger senders = new AtomicInteger(1);
    private final AtomicBoolean initialSenderTaken = new AtomicBoolean();
    private final AtomicBoolean closeStarted = new AtomicBoolean();
    private volatile boolean closed;

    /** Guards reader and redelivery. */
    private final ReentrantLock recvLock = new ReentrantLock();
    /** Signalled when a record is appended or nacked, the last sender closes, or the channel closes. */
    private final Condition available = recvLock.newCondition();
    /** Settlement slots for deliveries; guarded by recvLock. */
    private final SettlementBatch.Filler settlements;
    /** Nacked deliveries, lowest position first; they go before anything unread. */
    private final PriorityQueue<Pending> redelivery = new PriorityQueue<>();
    private final PaddedLong waitingReceivers = new PaddedLong(0);

    /** Guards tracker; bounded senders that found no room wait on room under it. */
    private final ReentrantLock ackLock = new ReentrantLock();
    /** Signalled when an ack frees room in a bounded channel, or the channel closes. */
    private final Condition room = ackLock.newCondition();
    private final AckTracker tracker;
    /** Sent and not acknowledged (bounded channels only); reserved by CAS (see the class notes). */
    private final PaddedLong unacked;
    /** Bounded senders waiting for room. */
    private final PaddedLong waitingSenders = new PaddedLong(0);

    private final ReceiverImpl<T> receiver;

    /** How long a receiver spins for the next record, and a bounded sender for room, before it parks. */
    private static final long SPIN_NANOS = 20_000;

    private ChannelCore(Path dir, Codec<T> codec, Options options, int bound, FileLayer fs, DirectoryLock dirLock,
            Recovery.Recovered recovered) throws IOException {
        this.dir = dir;
        this.codec = codec;
        this.bound = bound;
        this.dirLock = dirLock;
        // Simulated disks (tests) prepare segments synchronously, so their fault positions stay deterministic.
        this.writer = new LogWriter(fs, dir, options.segmentSize(), recovered,
                fs instanceof NioFileLayer ? LogWriter.backgroundPreparation() : Runnable::run,
                options.durability().kind() != Durability.Kind.SYNC_PER_SEND, unsyncedSeals(options));
        this.reader = new LogReader(fs, writer, recovered.committed);
        this.timer = new Timer("walchan-timer-" + dir.getFileName());
        this.tracker = new AckTracker(recovered.committed);
        this.unacked = new PaddedLong(recovered.endPosition - recovered.committed);
        this.recoveredEnd = recovered.endPosition;
        this.committer = new Committer(dir, recovered.checkpoint, writer, this::ackedPrefix,
                options.durability().kind() == Durability.Kind.SYNC_PER_SEND, timer);
        this.syncPolicy = new SyncPolicy(options.durability(), writer, timer);
        this.receiver = new ReceiverImpl<>(this);
        this.settlements = new SettlementBatch.Filler(dir);
    }

    /**
     * Opens (creating if needed), locks and recovers a channel directory.
     *
     * @param bound most unacknowledged messages, or 0 for unbounded
     */
    public static <T> ChannelCore<T> open(Path dir, Codec<T> codec, Options options, int bound, FileLayer fs) {
        Path real = prepareDirectory(dir);
        DirectoryLock lock = DirectoryLock.acquire(real);
        Recovery.Recovered recovered = null;
        try {
            recovered = new Recovery(fs, real, options.truncateCorruptTail(), unsyncedSeals(options)).run();
            return new ChannelCore<>(real, codec, options, bound, fs, lock, recovered);
        } catch (IOException | RuntimeException e) {
            Recovery.closeQuietly(recovered);
            lock.close();
            if (e instanceof RuntimeException) {
                throw (RuntimeException) e;
            }
            throw new WalchanException("cannot open channel " + real + ": " + e, e);
        }
    }

    /** @return true if segments are sealed without an fsync: FLUSH_ONLY (docs/FORMAT.md, "Writing") */
    private static boolean unsyncedSeals(Options options) {
        return options.durability().kind() == Durability.Kind.FLUSH_ONLY;
    }

    private static Path prepareDirectory(Path dir) {
        if (dir == null) {
            throw new IllegalArgumentException("channel directory must not be null");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new WalchanException("channel path " + dir.toAbsolutePath() + " is not a directory; pass a directory"
                    + " (it is created if missing)");
        }
        try {
            Files.createDirectories(dir);
            Path real = dir.toRealPath();
            if (!Files.isWritable(real)) {
                throw new WalchanException("channel directory " + real + " is not writable; fix its permissions or"
                        + " choose another directory");
            }
            return real;
        } catch (IOException e) {
            throw new WalchanException("cannot create channel directory " + dir.toAbsolutePath() + ": " + e
                    + "; pass a path whose parent exists and is writable", e);
        }
    }

    // ---- senders ----

    SenderImpl<T> newSender() {
        if (!initialSenderTaken.compareAndSet(false, true)) {
            senders.incrementAndGet();
        }
        return new SenderImpl<>(this);
    }

    SyncSenderImpl<T> newSyncSender() {
        if (!initialSenderTaken.compareAndSet(false, true)) {
            senders.incrementAndGet();
        }
        return new SyncSenderImpl<>(this);
    }

    void senderCopied() {
        senders.incrementAndGet();
    }

    void senderClosed() {
        if (senders.decrementAndGet() == 0) {
            signalReceivers();
        }
    }

    /**
     * Sends one message.
     *
     * @param timeoutNanos for bounded channels: negative waits for room forever, 0
     *     does not wait, positive waits that long
     * @return false if a bounded channel had no room in time (nothing written)
     */
    boolean send(T value, long timeoutNanos) throws InterruptedException {
        if (value == null) {
            throw new NullPointerException("cannot send null");
        }
        checkOpen();
        byte[] bytes = encode(value);
        if (bound > 0 && !reserve(timeoutNanos)) {
            return false;
        }
        long position;
        long appendStart = syncPolicy.timesAppends() ? System.nanoTime() : 0;
        try {
            checkOpen();
            position = writer.append(bytes);
        } catch (RuntimeException e) {
            if (bound > 0) {
                release();
            }
            throw e;
        }
        if (waitingReceivers.get() > 0) {
            signalOneReceiver(); // one message wakes one receiver
        }
        syncPolicy.afterAppend(position, appendStart);
        return true;
    }

    private byte[] encode(T value) {
        try {
            byte[] bytes = codec.encode(value);
            if (bytes == null) {
                throw new NullPointerException("codec " + codec + " returned null");
            }
            return bytes;
        } catch (RuntimeException e) {
            throw new CodecException("cannot encode " + value.getClass().getName() + " with " + codec + ": " + e, e);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new DisconnectedException("the receiver of channel " + dir + " is closed; nothing was sent");
        }
    }

    private boolean reserve(long timeoutNanos) throws InterruptedException {
        if (tryReserve()) {
            return true;
        }
        if (timeoutNanos == 0) {
            return false;
        }
        long spinStart = System.nanoTime();
        if (spinForRoom(timeoutNanos)) {
            return true;
        }
        ackLock.lockInterruptibly();
        waitingSenders.increment(); // Before re-checking: see the class notes.
        try {
            long nanos = timeoutNanos - (System.nanoTime() - spinStart); // the spin counts against a timeout
            while (!tryReserve()) {
                checkOpen();
                if (timeoutNanos < 0) {
                    room.await();
                } else {
                    if (nanos <= 0) {
                        return false;
                    }
                    nanos = room.awaitNanos(nanos);
                }
            }
            return true;
        } finally {
            waitingSenders.decrement();
            ackLock.unlock();
        }
    }

    /**
     * Spins briefly for the next ack: when the receiver keeps up, a full channel frees one
     * slot per ack, and parking for each would cost the sender a context switch and the
     * receiver a signal per message (measured: 400 k parks in a 12 s Camel run). Bounded
     * by the caller's timeout; a spinning sender is not counted in waitingSenders, so an
     * ack does not signal it.
     *
     * @return true if room was reserved
     */
    private boolean spinForRoom(long timeoutNanos) {
        long spin = timeoutNanos < 0 ? SPIN_NANOS : Math.min(SPIN_NANOS, timeoutNanos);
        long start = System.nanoTime();
        do {
            Thread.onSpinWait();
            if (tryReserve()) {
                return true;
            }
        } while (!closed && System.nanoTime() - start < spin);
        return false;
    }

    /** Takes one unit of room if there is any; no lock. */
    private boolean tryReserve() {
        while (true) {
            long u = unacked.get();
            if (u >= bound) {
                return false;
            }
            if (unacked.compareAndSet(u, u + 1)) {
                return true;
            }
        }
    }

    /** Returns one unit of room (an ack, or a reservation whose append failed). */
    private void release() {
        unacked.decrement();
        if (waitingSenders.get() > 0) {
            ackLock.lock();
            try {
                room.signal();
            } finally {
                ackLock.unlock();
            }
        }
    }

    // ---- receiver ----

    ReceiverImpl<T> receiver() {
        return receiver;
    }

    void setReceiverOptions(ReceiverOptions options) {
        committer.setOptions(options);
    }

    /**
     * Takes the next message.
     *
     * @param deadlineNanos {@link System#nanoTime()} deadline; ignored unless {@code timed}
     * @param wait false returns null at once if nothing is available
     */
    DeliveryImpl<T> receive(boolean wait, boolean timed, long deadlineNanos) throws InterruptedException {
        Pending taken = take(wait, timed, deadlineNanos);
        if (taken == null) {
            return null;
        }
        T value;
        try {
            value = codec.decode(taken.bytes);
        } catch (RuntimeException e) {
            DeliveryImpl<byte[]> raw = new DeliveryImpl<>(this, taken.bytes, taken.position, taken.bytes,
                    taken.redelivered, taken.batch, taken.slot);
            throw new CodecException("cannot decode the message at position " + taken.position + " of " + dir
                    + " with " + codec + ": " + e + "; it stays in the log: settle e.delivery() to drop or retry it",
                    e, taken.position, taken.bytes, raw);
        }
        return new DeliveryImpl<>(this, value, taken.position, taken.bytes, taken.redelivered, taken.batch,
                taken.slot);
    }

    private Pending take(boolean wait, boolean timed, long deadlineNanos) throws InterruptedException {
        recvLock.lockInterruptibly();
        try {
            while (true) {
                Pending next = poll();
                if (next != null || !wait) {
                    return next;
                }
                if (spinForData()) {
                    continue;
                }
                // About to wait: announce it, then look once more (see the class notes), then sleep.
                waitingReceivers.increment();
                try {
                    next = poll();
                    if (next != null) {
                        return next;
                    }
                    if (!timed) {
                        available.await();
                    } else {
                        long nanos = deadlineNanos - System.nanoTime();
                        if (nanos <= 0) {
                            return null;
                        }
                        available.awaitNanos(nanos);
                    }
                } finally {
                    waitingReceivers.decrement();
                }
            }
        } finally {
            recvLock.unlock();
        }
    }

    /**
     * Spins briefly for a record a sender is about to publish: parking and being signalled
     * costs a context switch per message when the receiver keeps up with the senders. Runs
     * under recvLock, before this receiver counts as waiting, so senders do not block on it.
     *
     * @return true if a record was published meanwhile
     */
    private boolean spinForData() {
        assert recvLock.isHeldByCurrentThread();
        long start = System.nanoTime();
        do {
            if (reader.hasNext() || closed || senders.get() == 0) {
                return true;
            }
            Thread.onSpinWait();
        } while (System.nanoTime() - start < SPIN_NANOS);
        return false;
    }

    /** The next message if one is available now, else null; throws once closed or disconnected and drained. */
    private Pending poll() {
        assert recvLock.isHeldByCurrentThread();
        if (closed) {
            throw new DisconnectedException("the receiver of channel " + dir + " is closed");
        }
        Pending nacked = redelivery.poll();
        if (nacked != null) {
            return nacked.withSlot(settlements.batchWithRoom());
        }
        if (reader.hasNext()) {
            long position = reader.nextPosition();
            return new Pending(position, reader.next(), position < recoveredEnd).withSlot(settlements.batchWithRoom());
        }
        if (senders.get() == 0) {
            throw new DisconnectedException("every sender of channel " + dir + " is closed and no message is left");
        }
        return null;
    }

    private void signalOneReceiver() {
        recvLock.lock();
        try {
            available.signal();
        } finally {
            recvLock.unlock();
        }
    }

    private void signalReceivers() {
        recvLock.lock();
        try {
            available.signalAll();
        } finally {
            recvLock.unlock();
        }
    }

    /** @return true if a message is available without waiting */
    boolean hasAvailable() {
        recvLock.lock();
        try {
            return !redelivery.isEmpty() || reader.hasNext();
        } finally {
            recvLock.unlock();
        }
    }

    // ---- settling ----

    void acked(long position) {
        if (closed) {
            throw new DisconnectedException("the receiver of channel " + dir + " is closed; the message at position "
                    + position + " will be delivered again after reopen");
        }
        ackLock.lock();
        try {
            tracker.ack(position);
        } finally {
            ackLock.unlock();
        }
        if (bound > 0) {
            release();
        }
        committer.onAck();
    }

    void nacked(long position, byte[] bytes) {
        recvLock.lock();
        try {
            if (!closed) {
                redelivery.add(new Pending(position, bytes, true));
                available.signal(); // one message wakes one receiver
            }
        } finally {
            recvLock.unlock();
        }
    }

    private long ackedPrefix() {
        ackLock.lock();
        try {
            return tracker.prefix();
        } finally {
            ackLock.unlock();
        }
    }

    // ---- lifecycle ----

    /** @return the channel directory (canonical) */
    public Path directory() {
        return dir;
    }

    /** @return a monitoring snapshot */
    public ChannelStats stats() {
        long end = writer.endPosition();
        long acked;
        long unackedNow;
        ackLock.lock();
        try {
            acked = tracker.prefix();
            unackedNow = bound > 0 ? unacked.get() : end - acked;
        } finally {
            ackLock.unlock();
        }
        long fsync = writer.lastFsyncMillis();
        WalchanException failure = writer.failure();
        return new ChannelStats(dir, end, closed ? acked : committer.committed(), acked, unackedNow,
                writer.segments().size(), writer.logBytes(), fsync == 0 ? null : Instant.ofEpochMilli(fsync),
                failure == null ? null : failure.getMessage());
    }

    /** @return the bound, 0 if unbounded */
    int bound() {
        return bound;
    }

    boolean isClosed() {
        return closed;
    }

    /** Commits, closes every file and releases the directory; idempotent. */
    public void close() {
        if (!closeStarted.compareAndSet(false, true)) {
            return;
        }
        closed = true;
        signalReceivers();
        ackLock.lock();
        try {
            room.signalAll();
        } finally {
            ackLock.unlock();
        }
        timer.shutdown();
        RuntimeException failure = null;
        try {
            committer.close();
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            writer.close();
        } catch (RuntimeException e) {
            failure = failure == null ? e : failure;
        }
        recvLock.lock();
        try {
            reader.close();
        } catch (IOException e) {
            failure = failure == null ? new WalchanException("cannot close reader of " + dir + ": " + e, e) : failure;
        } finally {
            recvLock.unlock();
            dirLock.close();
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** A message taken from the log or handed back by nack, and the settlement slot of its delivery. */
    private static final class Pending implements Comparable<Pending> {
        final long position;
        final byte[] bytes;
        final boolean redelivered;
        SettlementBatch batch;
        int slot;

        Pending(long position, byte[] bytes, boolean redelivered) {
            this.position = position;
            this.bytes = bytes;
            this.redelivered = redelivered;
        }

        /** Claims a slot for the delivery about to be made of this message; under recvLock. */
        Pending withSlot(SettlementBatch b) {
            batch = b;
            slot = b.claim(position);
            return this;
        }

        @Override
        public int compareTo(Pending o) {
            return Long.compare(position, o.position);
        }
    }

    static long deadlineAfter(long amount, TimeUnit unit) {
        return System.nanoTime() + unit.toNanos(amount);
    }
}
