package io.walchan.internal.segment;

import io.walchan.DisconnectedException;
import io.walchan.WalchanException;
import io.walchan.internal.concurrent.PaddedLong;
import io.walchan.internal.fs.FileLayer;
import io.walchan.internal.fs.LogFile;
import io.walchan.internal.log.Format;
import io.walchan.internal.log.RecordEncoder;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Appends records to the active segment, rolls segments, and makes appends
 * durable with group commit.
 *
 * <h2>Implementation notes</h2>
 * <ul>
 *   <li>Appends are serialized by {@code appendLock}: frame the record straight into
 *       the memory map at the segment's end (or into one reusable buffer written with
 *       one positional write), then publish the new end
 *       ({@code segment.advance}, then the volatile {@code endPosition}). Readers
 *       read only below {@code endPosition}, so they never see a partial record.</li>
 *   <li>Group commit ({@link #syncTo}): the first thread that needs a sync becomes
 *       the leader, notes the end position, and forces the active segment without
 *       holding any lock; threads arriving meanwhile wait on {@code syncLock} and
 *       are covered by the next sync. A lone sender pays exactly one fsync and no
 *       added delay.</li>
 *   <li>A roll cuts the segment's unused preallocated space, fsyncs it and marks it
 *       sealed before creating the next one, so a sealed segment never has an unsynced
 *       tail (recovery treats damage in a sealed segment as corruption, not as a torn
 *       write). Except under FLUSH_ONLY ({@code unsyncedSeals}): its segments carry
 *       {@link Format#FLAG_UNSYNCED_SEAL} and are sealed without an fsync, so the sender
 *       never waits for the disk and a segment acknowledged before the kernel writes it
 *       back costs no disk write at all; recovery ends the log at a torn one instead
 *       (docs/FORMAT.md). {@link #close} fsyncs them, so a cleanly closed channel is
 *       durable, and a writer that does sync (another durability, reopened) fsyncs those
 *       it finds first, as its syncs would not cover them.</li>
 *   <li>Preallocation (docs/FORMAT.md, "Preallocation"): once the active segment is a
 *       quarter full (or 1 MiB into a segment that is not preallocated itself, which then
 *       rolls early), a {@link SegmentPreparer} writes the next segment's zero bytes off
 *       the sending threads (and fsyncs them for SYNC_PER_SEND). A segment made from such a spare is
 *       memory-mapped for writing (unless {@code mapSegments} is off), so an append is a
 *       memory copy, not a system call. SYNC_PER_SEND does not map: an fdatasync per
 *       send over a mapped file costs about five times one over written pages
 *       (measured; each sync write-protects the page and the next store faults), but
 *       it still gains from preallocation, as an overwrite does not change the file
 *       size that fdatasync would otherwise have to journal.</li>
 *   <li>A failed fsync poisons the writer: the OS may have dropped the dirty pages
 *       and a retry could report success for lost data (PostgreSQL's "fsyncgate").
 *       Appends and syncs then throw until the channel is reopened and recovered.</li>
 *   <li>A failed write may leave a partial record after the segment's end; the
 *       tail is truncated back before the next append or roll.</li>
 * </ul>
 * Lock order: {@code appendLock} before nothing; {@code syncLock} is never held while
 * taking {@code appendLock} or doing I/O.
 */
public final class LogWriter implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LogWriter.class.getName());

    private final FileLayer fs;
    private final Path dir;
    private final long segmentSizeBytes;
    /** Every live segment by first position; the last is the active one. Shared with readers. */
    private final ConcurrentSkipListMap<Long, Segment> segments;

    /** Prepares the next segment file; null when preallocation is off. */
    private final SegmentPreparer preparer;
    /** FLUSH_ONLY: new segments get {@link Format#FLAG_UNSYNCED_SEAL}, and a roll seals those without an fsync. */
    private final boolean unsyncedSeals;

    /** Guards active, activeFile, encoder, buffer, tailDirty, spareRequested, closed. Held across write(2), and across the fsync of a segment being sealed (once per segment), never across a group-commit fsync. */
    private final ReentrantLock appendLock = new ReentrantLock();
    private Segment active;
    private LogFile activeFile;
    private final RecordEncoder encoder = new RecordEncoder();
    private ByteBuffer buffer = ByteBuffer.allocateDirect(64 << 10).order(ByteOrder.LITTLE_ENDIAN);
    /** True after a failed write may have left bytes beyond active.byteEnd(). */
    private boolean tailDirty;
    /** True once the preparer was asked for the segment after the active one. */
    private boolean spareRequested;
    /** True while the active segment is written through a memory map. */
    private boolean mapped;
    /** True while the active segment was preallocated (made from a spare, or found full size). */
    private boolean preallocated;
    /** See {@link #spareThreshold}. */
    private static final long EARLY_SPARE_BYTES = 1 << 20;
    /** Whether preallocated segments are memory-mapped for writing. */
    private final boolean mapSegments;
    private boolean closed;
    /** Records below this position are complete in the file. Written under appendLock; padded (see there). */
    private final PaddedLong endPosition;

    /** Guards syncedPosition and syncing. Never held across I/O or while taking appendLock. */
    private final ReentrantLock syncLock = new ReentrantLock();
    /** Signalled when a group-commit sync ends. */
    private final Condition syncDone = syncLock.newCondition();
    /** Records below this position are durable. Written under syncLock; volatile for {@link #syncedPosition()}. */
    private volatile long syncedPosition;
    /**
     * {@link System#nanoTime()} when the last completed sync started: every record appended
     * before it is durable. Written under syncLock; volatile for {@link #durableAsOfNanos()}.
     */
    private volatile long durableAsOfNanos = System.nanoTime();
    /** True while a leader is forcing the active segment. */
    private boolean syncing;

    /** Wall-clock millis of the last successful fsync of a segment, 0 if none yet. */
    private volatile long lastFsyncMillis;

    /** Set once an fsync failed, or a failed write could not be undone; then every append throws it. */
    private volatile WalchanException failure;

    /**
     * @param fs the file layer
     * @param dir the channel directory
     * @param segmentSizeBytes roll after this many bytes
     * @param recovered the state recovery left; its active file now belongs to this writer
     * @param prepareExecutor runs the preallocation of the next segment; null turns it off
     * @param mapSegments write preallocated segments through a memory map (see the class notes)
     * @param unsyncedSeals FLUSH_ONLY: seal the segments this writer creates without an fsync
     *     (see the class notes); false fsyncs, first of all, the recovered segments sealed so
     */
    public LogWriter(FileLayer fs, Path dir, long segmentSizeBytes, Recovery.Recovered recovered,
            Executor prepareExecutor, boolean mapSegments, boolean unsyncedSeals) throws IOException {
        this.mapSegments = mapSegments;
        this.unsyncedSeals = unsyncedSeals;
        this.fs = fs;
        this.dir = dir;
        this.segmentSizeBytes = segmentSizeBytes;
        this.preparer = prepareExecutor == null ? null
                : new SegmentPreparer(fs, dir, segmentSizeBytes, prepareExecutor, !mapSegments);
        this.segments = new ConcurrentSkipListMap<>(recovered.segments);
        this.active = segments.lastEntry().getValue();
        this.activeFile = recovered.activeFile;
        this.endPosition = new PaddedLong(recovered.endPosition);
        activeFile.force(); // What recovery found may sit only in the page cache after a process crash.
        if (!unsyncedSeals) {
            forceUnsyncedSeals(); // This writer's syncs promise more than these segments' seals did.
        }
        this.syncedPosition = recovered.endPosition;
        this.lastFsyncMillis = System.currentTimeMillis();
        if (preparer != null && activeFile.size() >= segmentSizeBytes) {
            preallocated = true; // Reopened after a crash.
            mapped = mapSegments && activeFile.mapForWriting(segmentSizeBytes);
        }
    }

    /** @return the executor that preallocates segments in the background (pass it for a real disk) */
    public static Executor backgroundPreparation() {
        return SegmentPreparer.background();
    }

    /** @return position after the last complete record */
    public long endPosition() {
        return endPosition.get();
    }

    /** @return the position below which every record is durable (fsynced), without waiting */
    public long syncedPosition() {
        return syncedPosition;
    }

    /**
     * @return {@link System#nanoTime()} when the last completed sync started: every record
     *     appended before it is durable
     */
    public long durableAsOfNanos() {
        return durableAsOfNanos;
    }

    /** @return live segments by first position (the last is active); readers may iterate concurrently */
    public ConcurrentSkipListMap<Long, Segment> segments() {
        return segments;
    }

    /**
     * Appends one record. On return it is in the OS page cache (it survives a process
     * crash), not necessarily on stable storage: call {@link #syncTo}.
     *
     * @param payload the payload
     * @return the record's position
     * @throws WalchanException if the write failed (nothing was appended) or the writer is poisoned
     */
    public long append(byte[] payload) {
        if (payload.length > Format.MAX_PAYLOAD_SIZE) {
            throw new IllegalArgumentException("message of " + payload.length + " bytes exceeds the maximum of "
                    + Format.MAX_PAYLOAD_SIZE + " bytes");
        }
        int frame = Format.frameSize(payload.length);
        appendLock.lock();
        try {
            checkUsable();
            if (tailDirty) {
                repairTail();
            }
            boolean nonEmpty = active.endPosition() > active.firstPosition();
            if (nonEmpty && (active.byteEnd() + frame > segmentSizeBytes || (earlyRoll() && preparer.ready()))) {
                roll(); // Full; or not preallocated while a preallocated one is ready (see spareThreshold)
            }
            long position = endPosition.get();
            long offset = active.byteEnd();
            try {
                ByteBuffer region = activeFile.mappedRegion(offset, frame);
                if (region != null) {
                    encoder.encode(region, position, payload); // Framed straight into the map.
                } else {
                    ByteBuffer buf = frameBuffer(frame);
                    encoder.encode(buf, position, payload);
                    buf.flip();
                    activeFile.writeFully(buf, offset);
                }
            } catch (IOException | InternalError e) {
                // InternalError: a store into the map faulted (SIGBUS). Best effort: HotSpot may
                // report such a fault only later; preallocation is what keeps it from happening.
                tailDirty = true;
                tryRepairTail();
                throw new WalchanException("cannot append a " + payload.length + "-byte message to " + active.path()
                        + " at offset " + offset + ": " + e + "; the message was not written", e);
            }
            active.advance(position + 1, offset + frame);
            endPosition.set(position + 1); // Publish: readers may now read this record.
            if (!spareRequested && preparer != null && offset + frame > spareThreshold()) {
                spareRequested = true;
                preparer.prepare();
            }
            return position;
        } finally {
            appendLock.unlock();
        }
    }

    private ByteBuffer frameBuffer(int frame) {
        if (buffer.capacity() < frame) {
            buffer = ByteBuffer.allocateDirect(Math.max(frame, buffer.capacity() * 2)).order(ByteOrder.LITTLE_ENDIAN);
        }
        buffer.clear();
        return buffer;
    }

    private void checkUsable() {
        if (closed) {
            throw new DisconnectedException("channel " + dir + " is closed");
        }
        WalchanException f = failure;
        if (f != null) {
            throw new WalchanException(f.getMessage(), f);
        }
    }

    private void tryRepairTail() {
        try {
            repairTail();
        } catch (WalchanException e) {
            LOG.log(Level.ERROR, e.getMessage(), e);
        }
    }

    /** Cuts bytes a failed write may have left after the active segment's end. */
    private void repairTail() {
        assert appendLock.isHeldByCurrentThread();
        try {
            activeFile.truncate(active.byteEnd()); // Also ends a memory map.
            mapped = false;
            preallocated = false;
            tailDirty = false;
        } catch (IOException e) {
            throw poison("cannot truncate " + active.path() + " to " + active.byteEnd()
                    + " bytes after a failed write: " + e, e);
        }
    }

    /**
     * Seals the active segment (cut its preallocated space; fsync, unless it may be sealed
     * without) and starts the next one.
     */
    private void roll() {
        assert appendLock.isHeldByCurrentThread();
        Segment old = active;
        try {
            trimPreallocated(); // A sealed segment ends with its last record.
            if (!(unsyncedSeals && old.unsyncedSeal())) {
                activeFile.force(); // A sealed segment never has an unsynced tail.
                lastFsyncMillis = System.currentTimeMillis();
            }
        } catch (IOException e) {
            throw poison("sealing " + old.path() + " failed (truncate or fsync): " + e, e);
        }
        long first = endPosition.get();
        Path spare = preparer == null ? null : preparer.take();
        spareRequested = false;
        int flags = unsyncedSeals ? Format.FLAG_UNSYNCED_SEAL : 0;
        LogFile next;
        try {
            next = spare == null ? SegmentFiles.create(fs, dir, first, flags)
                    : SegmentFiles.createFromSpare(fs, dir, spare, first, flags, preparer.syncsSpare());
        } catch (IOException e) {
            throw new WalchanException("cannot create segment " + SegmentFiles.name(first) + " in " + dir
                    + ": " + e + "; the message was not written", e);
        }
        preallocated = spare != null;
        mapped = preallocated && mapSegments && mapQuietly(next);
        Segment segment = new Segment(first, dir.resolve(SegmentFiles.name(first)), first,
                Format.SEGMENT_HEADER_SIZE, unsyncedSeals);
        segments.put(first, segment);
        // Sealed only now: if the next segment cannot be created, the old one stays the
        // active, unsealed segment (trimmed and forced) and the next append retries the roll.
        old.seal();
        LogFile oldFile = activeFile;
        active = segment;
        activeFile = next;
        closeQuietly(oldFile); // A leader still forcing it sees ClosedChannelException and the seal.
    }

    /**
     * Where in the active segment to ask for the next spare: a quarter in, so it is ready
     * before the segment is full; or, while the active segment is not preallocated (the
     * first segment of a fresh or reopened channel, if segments are at least 4 MiB), after
     * 1 MiB, and the segment rolls early once the spare is ready: real traffic soon moves
     * to a preallocated (and mapped) segment, while a channel holding a few messages never
     * preallocates anything.
     */
    private long spareThreshold() {
        return earlyRoll() ? EARLY_SPARE_BYTES : segmentSizeBytes / 4;
    }

    /**
     * @return true while the active segment is not preallocated though a preallocated one
     *     could be had, and segments are large enough for moving early to pay off
     */
    private boolean earlyRoll() {
        return !preallocated && preparer != null && segmentSizeBytes >= 4 * EARLY_SPARE_BYTES;
    }

    /** Cuts the active segment's unused preallocated zero bytes. */
    private void trimPreallocated() throws IOException {
        assert appendLock.isHeldByCurrentThread();
        if (activeFile.size() > active.byteEnd()) {
            activeFile.truncate(active.byteEnd());
        }
    }

    private boolean mapQuietly(LogFile file) {
        try {
            return file.mapForWriting(segmentSizeBytes);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot memory-map the new segment in " + dir + ": " + e
                    + "; writing it with system calls");
            return false;
        }
    }

    /**
     * Returns once every record below {@code position} is on stable storage. Concurrent
     * callers share one fsync (group commit).
     *
     * @throws WalchanException if the fsync failed; the writer is then poisoned
     */
    public void syncTo(long position) {
        syncLock.lock();
        try {
            while (syncedPosition < position) {
                checkUsable();
                if (syncing) {
                    syncDone.awaitUninterruptibly(); // Bounded by one fsync; the record is written either way.
                    continue;
                }
                syncing = true;
                long target = -1;
                long started = System.nanoTime(); // Before forceActive reads its target.
                syncLock.unlock();
                try {
                    target = forceActive();
                } finally {
                    syncLock.lock();
                    syncing = false;
                    if (target > syncedPosition) {
                        syncedPosition = target;
                    }
                    if (target >= 0 && started - durableAsOfNanos > 0) {
                        durableAsOfNanos = started;
                    }
                    syncDone.signalAll();
                }
            }
        } finally {
            syncLock.unlock();
        }
    }

    /** Forces the active segment; returns the position it made durable. Called by the group-commit leader. */
    private long forceActive() {
        assert !syncLock.isHeldByCurrentThread();
        long target;
        Segment segment;
        LogFile file;
        appendLock.lock();
        try {
            checkUsable();
            target = endPosition.get();
            segment = active;
            file = activeFile;
        } finally {
            appendLock.unlock();
        }
        try {
            file.force();
            lastFsyncMillis = System.currentTimeMillis();
        } catch (ClosedChannelException e) {
            if (!segment.sealed()) {
                throw poison("fsync of " + segment.path() + " failed: " + e, e);
            }
            // Rolled meanwhile: sealing forced it (this writer syncs, so it does not seal
            // without an fsync), so everything below target is durable.
        } catch (IOException e) {
            throw poison("fsync of " + segment.path() + " failed: " + e, e);
        }
        return target;
    }

    private WalchanException poison(String message, IOException cause) {
        WalchanException e = new WalchanException(message + "; the channel refuses sends until it is reopened"
                + " (unsynced data may be lost; reopening recovers what is on disk)", cause);
        if (failure == null) {
            failure = e;
        }
        LOG.log(Level.ERROR, e.getMessage(), cause);
        return e;
    }

    /** @return wall-clock millis of the last successful fsync, 0 if none */
    public long lastFsyncMillis() {
        return lastFsyncMillis;
    }

    /** @return bytes of all live segments (up to their last complete record) */
    public long logBytes() {
        long total = 0;
        for (Segment s : segments.values()) {
            total += s.byteEnd();
        }
        return total;
    }

    /** @return the failure that poisoned this writer, or null */
    public WalchanException failure() {
        return failure;
    }

    /** @return true if at least one segment holds only records below {@code committed} */
    public boolean hasSegmentsBelow(long committed) {
        Map.Entry<Long, Segment> second = segments.higherEntry(segments.firstKey());
        return second != null && second.getKey() <= committed;
    }

    /**
     * Deletes segments whose records all lie below {@code committed}. Call only after
     * the checkpoint saying {@code committed} is durable. Never deletes the active segment.
     *
     * @return number of segment files deleted
     */
    public int deleteBelow(long committed) throws IOException {
        int deleted = 0;
        for (Map.Entry<Long, Segment> e : segments.entrySet()) {
            Map.Entry<Long, Segment> next = segments.higherEntry(e.getKey());
            if (next == null || next.getKey() > committed) {
                break;
            }
            segments.remove(e.getKey());
            fs.delete(e.getValue().path());
            deleted++;
        }
        if (deleted > 0) {
            fs.syncDirectory(dir); // Commit the deletions.
        }
        return deleted;
    }

    /** Forces and closes the active segment; later appends throw {@link DisconnectedException}. */
    @Override
    public void close() {
        appendLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (failure == null) {
                    trimPreallocated(); // Left after a crash instead, recovery reads the zeros as the end.
                    activeFile.force();
                    forceUnsyncedSeals(); // A cleanly closed channel is durable in every mode.
                }
            } catch (IOException e) {
                // Thrown, not only logged: under FLUSH_ONLY these are the only fsyncs the sealed
                // segments get, and a caller must not take the channel for cleanly closed.
                throw poison("closing " + active.path() + " failed (truncate or fsync): " + e, e);
            } finally {
                closeQuietly(activeFile);
                if (preparer != null) {
                    preparer.close();
                }
            }
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * Fsyncs every live sealed segment whose seal had no fsync (already written back by the
     * kernel, most of them cost nothing). A segment deleted meanwhile (acknowledged) is skipped.
     */
    private void forceUnsyncedSeals() throws IOException {
        for (Segment segment : segments.values()) {
            if (segment == active || !segment.unsyncedSeal()) {
                continue;
            }
            try (LogFile file = fs.openReadable(segment.path())) { // Never creates a file reclaimed meanwhile.
                file.force();
            } catch (NoSuchFileException e) {
                // Reclaimed meanwhile: acknowledged and committed, nothing to keep.
            }
        }
    }

    private static void closeQuietly(LogFile file) {
        try {
            file.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing a segment failed: " + e, e);
        }
    }
}
