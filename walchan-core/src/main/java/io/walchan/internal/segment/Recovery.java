package io.walchan.internal.segment;

import io.walchan.CorruptLogException;
import io.walchan.internal.checkpoint.Checkpoint;
import io.walchan.internal.fs.FileLayer;
import io.walchan.internal.fs.LogFile;
import io.walchan.internal.log.Format;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Brings a channel directory to a consistent state on open (docs/FORMAT.md,
 * "Recovery"). Every step is idempotent, so a crash during recovery is repaired
 * by the next open:
 * <ol>
 *   <li>delete leftover temp files of interrupted segment or checkpoint creation;</li>
 *   <li>read the checkpoint (the newer valid slot; none: the first segment's start);</li>
 *   <li>scan every segment from the one holding the committed position to the last,
 *       checking each CRC and the continuity of positions across segments;</li>
 *   <li>a damaged last record of the last segment, with no valid record after it, is
 *       a torn tail: truncate it (or fail if {@code truncateCorruptTail} is off);
 *       so is damage, or an early end, in a segment sealed without an fsync
 *       ({@link Format#FLAG_UNSYNCED_SEAL}, FLUSH_ONLY) when every later segment was
 *       sealed so too: the log ends there and the later segments are deleted
 *       ({@link UnsyncedSeals}). Any other damage is a {@link CorruptLogException};</li>
 *   <li>clamp the committed position to the recovered end, and persist the clamp
 *       before anything new is appended (else a new message could land below a
 *       stale committed position and be taken as acknowledged);</li>
 *   <li>make the checkpoint durable, then delete segments wholly below it.</li>
 * </ol>
 */
public final class Recovery {

    private static final System.Logger LOG = System.getLogger(Recovery.class.getName());

    /** The consistent state recovery leaves. */
    public static final class Recovered {
        /** Segments from the one holding {@link #committed} to the last (active) one. */
        public final TreeMap<Long, Segment> segments = new TreeMap<>();
        /** The last segment, open for appending. */
        public LogFile activeFile;
        /** The checkpoint, open for writing. */
        public Checkpoint checkpoint;
        /** The committed position (first unacknowledged message). */
        public long committed;
        /** Position after the last recovered record. */
        public long endPosition;
        /** Bytes of torn tail that were truncated (0 if none). */
        public long truncatedBytes;
    }

    private final FileLayer fs;
    private final Path dir;
    private final boolean truncateCorruptTail;
    /** Flags of a segment recovery creates: those of the writer that follows (see LogWriter). */
    private final int newSegmentFlags;

    /**
     * @param fs the file layer
     * @param dir the channel directory (exists, locked)
     * @param truncateCorruptTail whether a damaged tail is cut off or reported
     * @param unsyncedSeals whether the writer that follows seals segments without an fsync
     *     (FLUSH_ONLY): a segment recovery creates is flagged so
     */
    public Recovery(FileLayer fs, Path dir, boolean truncateCorruptTail, boolean unsyncedSeals) {
        this.fs = fs;
        this.dir = dir;
        this.truncateCorruptTail = truncateCorruptTail;
        this.newSegmentFlags = unsyncedSeals ? Format.FLAG_UNSYNCED_SEAL : 0;
    }

    /** Runs recovery; on failure nothing is left open. */
    public Recovered run() throws IOException {
        TreeMap<Long, Path> files = listSegments();
        Checkpoint.State state = Checkpoint.read(fs, dir);
        if (state.exists && !state.valid) {
            LOG.log(Level.WARNING, "checkpoint of {0} unreadable ({1}); re-delivering from the oldest segment",
                    dir, state.problems);
        }
        Recovered r = new Recovered();
        try {
            if (files.isEmpty()) {
                startEmptyLog(r, state);
            } else {
                recoverSegments(r, files, state);
            }
            r.checkpoint = Checkpoint.open(fs, dir, state, r.committed);
            r.checkpoint.force(); // What was read may sit only in the page cache after a process crash.
            if (r.checkpoint.committed() != r.committed) {
                r.checkpoint.write(r.committed); // The clamp: persisted before any append.
                r.checkpoint.force();
            }
            deleteBelow(files, r.segments.firstKey());
            return r;
        } catch (IOException | RuntimeException e) {
            closeQuietly(r);
            throw e;
        }
    }

    private TreeMap<Long, Path> listSegments() throws IOException {
        TreeMap<Long, Path> segments = new TreeMap<>();
        boolean deletedTemp = false;
        for (Path file : fs.list(dir)) {
            String name = file.getFileName().toString();
            if (name.endsWith(Format.TEMP_SUFFIX)) {
                fs.delete(file); // An interrupted creation; the original is untouched.
                deletedTemp = true;
            } else if (SegmentFiles.isSegmentName(name)) {
                segments.put(SegmentFiles.parseName(name), file);
            } else if (name.endsWith(Format.SEGMENT_SUFFIX)) {
                throw new CorruptLogException(file, -1, "unexpected file name: segment names are 20 digits + "
                        + Format.SEGMENT_SUFFIX + "; move this file out of the channel directory");
            }
        }
        if (deletedTemp) {
            fs.syncDirectory(dir);
        }
        return segments;
    }

    private void startEmptyLog(Recovered r, Checkpoint.State state) throws IOException {
        if (state.valid && state.committed > 0) {
            throw new CorruptLogException(dir.resolve(Format.CHECKPOINT_FILE), -1, "the checkpoint says "
                    + state.committed + " messages were acknowledged but no segment file exists; if the log"
                    + " was deleted on purpose, delete the checkpoint file too");
        }
        r.committed = 0;
        r.endPosition = 0;
        r.activeFile = SegmentFiles.create(fs, dir, 0, newSegmentFlags);
        r.segments.put(0L, new Segment(0, dir.resolve(SegmentFiles.name(0)), 0, Format.SEGMENT_HEADER_SIZE,
                newSegmentFlags != 0));
    }

    private void recoverSegments(Recovered r, TreeMap<Long, Path> files, Checkpoint.State state) throws IOException {
        long oldest = files.firstKey();
        long committed = state.valid ? state.committed : oldest;
        if (committed < oldest) {
            throw new CorruptLogException(files.firstEntry().getValue(), -1, "missing segment: the committed"
                    + " position is " + committed + " but the oldest segment starts at " + oldest
                    + " (messages " + committed + ".." + (oldest - 1) + " are gone); restore the missing"
                    + " segment files, or delete the checkpoint to accept the loss");
        }
        Long startKey = files.floorKey(committed);
        List<Map.Entry<Long, Path>> toScan = new ArrayList<>(files.tailMap(startKey, true).entrySet());
        long expected = startKey;
        for (int i = 0; i < toScan.size(); i++) {
            long first = toScan.get(i).getKey();
            Path path = toScan.get(i).getValue();
            if (first != expected) {
                throw new CorruptLogException(path, -1, "missing segment: the previous segment ends at position "
                        + expected + " but this one starts at " + first + "; restore the missing segment file");
            }
            boolean last = i == toScan.size() - 1;
            Segment segment;
            if (last) {
                segment = recoverLast(r, path, first);
            } else {
                List<Path> later = toScan.subList(i + 1, toScan.size()).stream().map(Map.Entry::getValue).toList();
                segment = checkSealed(path, first, toScan.get(i + 1).getKey(), later);
                if (segment == null) { // The log ends in this segment; the later ones are gone now.
                    segment = recoverLast(r, path, first);
                    last = true;
                }
            }
            r.segments.put(first, segment);
            expected = segment.endPosition();
            if (last) {
                break; // recoverLast opened the active file
            }
        }
        r.endPosition = expected;
        r.committed = Math.min(committed, r.endPosition);
        if (r.committed < committed) {
            LOG.log(Level.WARNING, "{0}: committed position {1} is beyond the recovered end {2}; clamped",
                    dir, committed, r.endPosition);
        }
    }

    /**
     * Checks a sealed (not last) segment.
     *
     * @param nextFirst the first position of the segment after it
     * @param later the segments after it, in order
     * @return the segment; or null if the log ends in it (torn by a power cut while it was
     *     sealed without an fsync): the later segments are deleted, and it is to be
     *     recovered as the last one
     */
    private Segment checkSealed(Path path, long first, long nextFirst, List<Path> later) throws IOException {
        SegmentScanner.Result scan;
        try (LogFile file = fs.openReadable(path)) {
            scan = SegmentScanner.scan(file, path, first);
        }
        if (UnsyncedSeals.tornEnd(scan, nextFirst) && UnsyncedSeals.mayBeTorn(scan)
                && UnsyncedSeals.allMayBeTorn(fs, later)) {
            endLogIn(path, scan, later);
            return null;
        }
        if (!scan.clean()) {
            throw new CorruptLogException(path, scan.damageOffset, scan.damageReason
                    + " (in a sealed segment: this is corruption, not a torn write; run"
                    + " 'walchan verify --repair' to copy the segment aside and cut it here, losing what follows)");
        }
        if (scan.endPosition != nextFirst) {
            boolean gap = scan.endPosition < nextFirst;
            throw new CorruptLogException(path, scan.byteEnd, (gap ? "missing segment" : "overlapping segments")
                    + ": this sealed segment ends at position " + scan.endPosition + " but the next one starts at "
                    + nextFirst + (gap ? " (messages " + scan.endPosition + ".." + (nextFirst - 1) + " are gone)" : "")
                    + "; restore the segment files, or run 'walchan verify --repair' to cut the log here");
        }
        Segment segment = new Segment(first, path, scan.endPosition, scan.byteEnd,
                (scan.flags & Format.FLAG_UNSYNCED_SEAL) != 0);
        segment.seal();
        return segment;
    }

    /**
     * The log ends in {@code path}: a power cut lost the end of this segment, sealed without
     * an fsync under FLUSH_ONLY (which promises nothing across a power loss), and everything
     * after it was written later and unsynced as well. Deletes the later segments, so that
     * the log stays one gap-free run; {@link #recoverLast} then cuts this one.
     */
    private void endLogIn(Path path, SegmentScanner.Result scan, List<Path> later) throws IOException {
        String what = scan.clean() ? "ends at position " + scan.endPosition + ", before the next segment starts"
                : scan.damageReason + " at offset " + scan.damageOffset;
        if (!truncateCorruptTail) {
            throw new CorruptLogException(path, Math.max(scan.damageOffset, scan.byteEnd), what + " (a torn write in"
                    + " a segment sealed without an fsync under FLUSH_ONLY, as a power loss leaves it; "
                    + later.size() + " later segment(s) would be deleted, and truncateCorruptTail is off; open with"
                    + " truncateCorruptTail(true) to end the log here, or see 'walchan verify')");
        }
        LOG.log(Level.WARNING, "{0} {1}: a power loss tore this segment (sealed without an fsync under"
                + " FLUSH_ONLY); the log ends here, deleting {2} later segment(s) written after it", path, what,
                later.size());
        for (Path p : later) {
            fs.delete(p);
        }
        fs.syncDirectory(dir); // Before cutting this one: a crash in between repeats the same decision.
    }

    /**
     * Scans the last segment, truncating a torn tail (one with a damaged header, or never
     * written, is replaced by an empty segment), and opens it as the active file.
     */
    private Segment recoverLast(Recovered r, Path path, long first) throws IOException {
        LogFile file = fs.openWritable(path);
        try {
            SegmentScanner.Result scan = SegmentScanner.scan(file, path, first);
            if (scan.neverWritten) {
                // Created, then cut by a power loss before anything in it was synced: not damage.
                LOG.log(Level.INFO, "{0}: the last segment was never written (empty or zeros); recreating it", path);
                file.close();
                return recreate(r, first);
            }
            if (!scan.clean()) {
                boolean midLog = scan.recordsFollow && !scan.torn;
                if (midLog || !truncateCorruptTail) {
                    String kind = midLog ? "corruption before the tail: valid records follow"
                            : (scan.torn ? "torn tail" : "corrupt tail record") + " and truncateCorruptTail is off";
                    throw new CorruptLogException(path, scan.damageOffset, scan.damageReason + " (" + kind + ")");
                }
                r.truncatedBytes = scan.fileSize - scan.damageOffset;
                // A torn write followed by valid records: a power cut persisted later unsynced writes but
                // not this one. Everything from here on was unsynced, so no send that returned under
                // SYNC_PER_SEND is lost by cutting it.
                LOG.log(Level.WARNING, "{0}: {1} at offset {2}: {3}; truncating {4} bytes",
                        path, scan.torn ? (scan.recordsFollow ? "torn write (later unsynced records persisted)"
                                : "torn tail") : "corrupt tail record", scan.damageOffset,
                        scan.damageReason, r.truncatedBytes);
                if (scan.headerDamaged) {
                    file.close();
                    return recreate(r, first);
                }
                file.truncate(scan.damageOffset);
                file.force();
            }
            r.activeFile = file;
            return new Segment(first, path, scan.endPosition, scan.byteEnd,
                    (scan.flags & Format.FLAG_UNSYNCED_SEAL) != 0);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /**
     * Replaces the segment starting at {@code first} by an empty one, atomically (a temp file
     * renamed over it): a crash never leaves the directory without it.
     */
    private Segment recreate(Recovered r, long first) throws IOException {
        r.activeFile = SegmentFiles.create(fs, dir, first, newSegmentFlags);
        return new Segment(first, dir.resolve(SegmentFiles.name(first)), first, Format.SEGMENT_HEADER_SIZE,
                newSegmentFlags != 0);
    }

    private void deleteBelow(TreeMap<Long, Path> files, long keepFrom) throws IOException {
        boolean deleted = false;
        for (Path path : files.headMap(keepFrom, false).values()) {
            fs.delete(path); // Wholly acknowledged, and the checkpoint saying so is durable.
            deleted = true;
        }
        if (deleted) {
            fs.syncDirectory(dir);
        }
    }

    /** Closes what a recovery result holds open; for cleanup after a later failure. */
    public static void closeQuietly(Recovered r) {
        if (r == null) {
            return;
        }
        try {
            if (r.activeFile != null) {
                r.activeFile.close();
            }
        } catch (IOException ignored) {
            // Recovery already failed; that failure is the one reported.
        }
        if (r.checkpoint != null) {
            try {
                r.checkpoint.close();
            } catch (RuntimeException ignored) {
                // As above.
            }
        }
    }
}
