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
 *       any other damage is a {@link CorruptLogException};</li>
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

    /**
     * @param fs the file layer
     * @param dir the channel directory (exists, locked)
     * @param truncateCorruptTail whether a damaged tail is cut off or reported
     */
    public Recovery(FileLayer fs, Path dir, boolean truncateCorruptTail) {
        this.fs = fs;
        this.dir = dir;
        this.truncateCorruptTail = truncateCorruptTail;
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
        r.activeFile = SegmentFiles.create(fs, dir, 0);
        r.segments.put(0L, new Segment(0, dir.resolve(SegmentFiles.name(0)), 0, Format.SEGMENT_HEADER_SIZE));
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
            Segment segment = last ? recoverLast(r, path, first) : checkSealed(path, first);
            if (segment != null) {
                r.segments.put(first, segment);
                expected = segment.endPosition();
            }
        }
        if (r.activeFile == null) {
            // The last segment's header was torn and the file removed: start a fresh one where the log ends.
            r.activeFile = SegmentFiles.create(fs, dir, expected);
            r.segments.put(expected, new Segment(expected, dir.resolve(SegmentFiles.name(expected)), expected,
                    Format.SEGMENT_HEADER_SIZE));
        }
        r.endPosition = expected;
        r.committed = Math.min(committed, r.endPosition);
        if (r.committed < committed) {
            LOG.log(Level.WARNING, "{0}: committed position {1} is beyond the recovered end {2}; clamped",
                    dir, committed, r.endPosition);
        }
    }

    private Segment checkSealed(Path path, long first) throws IOException {
        try (LogFile file = fs.openReadable(path)) {
            SegmentScanner.Result scan = SegmentScanner.scan(file, path, first);
            if (!scan.clean()) {
                throw new CorruptLogException(path, scan.damageOffset, scan.damageReason
                        + " (in a sealed segment: this is corruption, not a torn write; run"
                        + " 'walchan verify --repair' to copy the segment aside and cut it here, losing what follows)");
            }
            Segment segment = new Segment(first, path, scan.endPosition, scan.byteEnd);
            segment.seal();
            return segment;
        }
    }

    /** Scans the last segment, truncating a torn tail; returns null if the segment had to be removed. */
    private Segment recoverLast(Recovered r, Path path, long first) throws IOException {
        LogFile file = fs.openWritable(path);
        try {
            SegmentScanner.Result scan = SegmentScanner.scan(file, path, first);
            if (scan.neverWritten) {
                // Created, then cut by a power loss before anything in it was synced: not damage.
                LOG.log(Level.INFO, "{0}: the last segment was never written (empty or zeros); recreating it", path);
                file.close();
                fs.delete(path);
                fs.syncDirectory(dir);
                return null;
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
                    fs.delete(path);
                    fs.syncDirectory(dir);
                    return null;
                }
                file.truncate(scan.damageOffset);
                file.force();
            }
            r.activeFile = file;
            return new Segment(first, path, scan.endPosition, scan.byteEnd);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
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
