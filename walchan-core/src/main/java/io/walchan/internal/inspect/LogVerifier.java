package io.walchan.internal.inspect;

import io.walchan.CorruptLogException;
import io.walchan.WalchanException;
import io.walchan.internal.checkpoint.Checkpoint;
import io.walchan.internal.fs.FileLayer;
import io.walchan.internal.fs.LogFile;
import io.walchan.internal.fs.NioFileLayer;
import io.walchan.internal.log.Format;
import io.walchan.internal.segment.SegmentScanner;
import io.walchan.internal.segment.UnsyncedSeals;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads every record of every segment of a channel directory, checks every CRC,
 * and classifies each problem the way {@code Recovery} would on open
 * (docs/FORMAT.md, "Recovery"), without changing anything and without taking the
 * directory lock:
 * <ul>
 *   <li>segments wholly below the committed position are scanned too; damage there
 *       is {@link Finding.Kind#ACKNOWLEDGED_SEGMENT} (open deletes them unread);</li>
 *   <li>from the segment holding the committed position on, positions must continue
 *       across segments ({@link Finding.Kind#MISSING_SEGMENT} otherwise);</li>
 *   <li>damage in a sealed segment is corruption; in the last segment it is a torn or
 *       corrupt tail unless a valid record follows it (then mid-log corruption);</li>
 *   <li>except, as in Recovery, a segment sealed without an fsync (FLUSH_ONLY) that ends
 *       early or torn, with only such segments after it: the log ends there
 *       ({@link Finding.Kind#TORN_UNSYNCED_SEAL}).</li>
 * </ul>
 * On a directory that a running channel is appending to, a record being written
 * may look like a torn tail; verify a closed channel for a definite answer.
 */
public final class LogVerifier {

    private final FileLayer fs = new NioFileLayer(false);
    private final ProgressListener progress;

    /** @param progress told after each segment */
    public LogVerifier(ProgressListener progress) {
        this.progress = progress;
    }

    /**
     * @param dir the channel directory
     * @return what was found
     * @throws NotAChannelDirectoryException if {@code dir} is not a channel directory
     * @throws WalchanException on I/O failure
     */
    public VerifyReport verify(Path dir) {
        DirectoryListing listing = DirectoryListing.read(dir);
        VerifyReport r = new VerifyReport();
        r.directory = dir;
        TreeMap<Long, Path> files = listing.segments();
        readCheckpoint(r, dir);
        if (files.isEmpty()) {
            if (r.checkpoint != null && r.checkpoint.valid && r.checkpoint.committed > 0) {
                r.findings.add(new Finding(Finding.Kind.COMMITTED_BEFORE_OLDEST, dir.resolve(Format.CHECKPOINT_FILE), -1,
                        "the checkpoint says " + r.checkpoint.committed + " messages were acknowledged but no segment"
                                + " file exists"));
            }
            return r;
        }
        long oldest = files.firstKey();
        long committed = r.checkpoint != null && r.checkpoint.valid ? r.checkpoint.committed : oldest;
        if (committed < oldest) {
            r.findings.add(new Finding(Finding.Kind.COMMITTED_BEFORE_OLDEST, dir.resolve(Format.CHECKPOINT_FILE), -1,
                    "the committed position is " + committed + " but the oldest segment starts at " + oldest
                            + " (messages " + committed + ".." + (oldest - 1) + " are gone)"));
            committed = oldest; // What open() does once the checkpoint is set aside.
        }
        r.committed = committed;
        scanSegments(r, files, files.floorKey(committed), listing.segmentBytes());
        if (r.committed > r.endPosition) {
            r.findings.add(new Finding(Finding.Kind.COMMITTED_BEYOND_END, dir.resolve(Format.CHECKPOINT_FILE), -1,
                    "the committed position " + r.committed + " is beyond the end of the log " + r.endPosition
                            + " (acknowledged records that were never synced are gone); open() clamps it"));
        }
        return r;
    }

    private void readCheckpoint(VerifyReport r, Path dir) {
        try {
            r.checkpoint = Checkpoint.read(fs, dir);
            if (r.checkpoint.exists && !r.checkpoint.valid) {
                r.findings.add(new Finding(Finding.Kind.CHECKPOINT_UNREADABLE, dir.resolve(Format.CHECKPOINT_FILE), -1,
                        r.checkpoint.problems + "; open() re-delivers everything from the oldest segment"));
            }
        } catch (CorruptLogException e) {
            r.findings.add(new Finding(Finding.Kind.UNSUPPORTED_VERSION, e.file(), e.offset(), e.reason()));
        } catch (IOException e) {
            throw new WalchanException("cannot read the checkpoint of " + dir + ": " + e, e);
        }
    }

    private void scanSegments(VerifyReport r, TreeMap<Long, Path> files, long startKey, long totalBytes) {
        List<SegmentReport> live = new ArrayList<>();
        for (Map.Entry<Long, Path> e : files.entrySet()) {
            SegmentReport report = scanOne(r, e.getValue(), e.getKey(), e.getKey() < startKey, totalBytes);
            if (report != null && !report.acknowledged()) {
                live.add(report);
            }
        }
        long expected = startKey;
        boolean cut = false; // true once the live log has ended at a damage or gap
        for (int i = 0; i < live.size(); i++) {
            SegmentReport s = live.get(i);
            SegmentScanner.Result scan = s.scan();
            if (scan == null) { // an unsupported version, reported by scanOne
                cut = true;
                continue;
            }
            boolean last = i == live.size() - 1;
            if (!cut && s.firstPosition() != expected) {
                boolean overlap = s.firstPosition() < expected; // open() says "overlapping segments" then
                r.findings.add(new Finding(Finding.Kind.MISSING_SEGMENT, s.path(), -1, "the previous segment ends at"
                        + " position " + expected + " but this one starts at " + s.firstPosition()
                        + (overlap ? " (overlapping segments: a segment file copied in from elsewhere?)"
                                : " (messages " + expected + ".." + (s.firstPosition() - 1) + " are gone)")));
                cut = true;
            }
            if (!cut && !last && endsTornUnsynced(scan, live.get(i + 1).firstPosition())
                    && allMayBeTorn(live.subList(i + 1, live.size()))) {
                // As Recovery: the log ends here and open() deletes the later segments unread.
                long offset = scan.clean() ? scan.byteEnd : scan.damageOffset;
                String what = scan.clean() ? "ends at position " + scan.endPosition + ", before the next segment"
                        + " starts" : scan.damageReason;
                r.findings.add(new Finding(Finding.Kind.TORN_UNSYNCED_SEAL, s.path(), offset, what + " (a segment"
                        + " sealed without an fsync under FLUSH_ONLY, as a power loss leaves it; open() ends the log"
                        + " here and deletes the " + (live.size() - i - 1) + " later segment(s))"));
                expected = scan.endPosition;
                cut = true;
                break;
            }
            if (!scan.clean()) {
                r.findings.add(classify(s.path(), scan, last));
            }
            if (!cut) {
                expected = scan.endPosition;
                cut = !scan.clean();
            }
        }
        r.endPosition = expected;
    }

    /** Scans one segment into the report; null if it disappeared (reclaimed) while acknowledged. */
    private SegmentReport scanOne(VerifyReport r, Path path, long first, boolean acknowledged, long totalBytes) {
        SegmentScanner.Result scan;
        try {
            scan = scan(path, first);
        } catch (NoSuchFileException gone) {
            if (acknowledged) {
                return null; // Reclaimed by the channel's owner since the listing.
            }
            throw new WalchanException("segment " + path + " disappeared while verifying: " + gone, gone);
        } catch (CorruptLogException unsupported) {
            SegmentReport report = new SegmentReport(path, first, null, acknowledged);
            r.segments.add(report);
            r.findings.add(new Finding(Finding.Kind.UNSUPPORTED_VERSION, path, unsupported.offset(),
                    unsupported.reason()));
            return report;
        } catch (IOException io) {
            throw new WalchanException("cannot read segment " + path + ": " + io, io);
        }
        SegmentReport report = new SegmentReport(path, first, scan, acknowledged);
        r.segments.add(report);
        r.records += scan.records;
        r.bytes += scan.fileSize;
        progress.progress(r.bytes, Math.max(totalBytes, r.bytes));
        if (acknowledged && !scan.clean()) {
            r.findings.add(new Finding(Finding.Kind.ACKNOWLEDGED_SEGMENT, path, scan.damageOffset,
                    scan.damageReason + " (every message in this segment is acknowledged; open() deletes it"
                            + " without reading it)"));
        }
        return report;
    }

    /**
     * @return true if a sealed segment ends as a power loss leaves one sealed without an
     *     fsync: early, or at damage with no valid record after it (the rule of UnsyncedSeals)
     */
    private static boolean endsTornUnsynced(SegmentScanner.Result scan, long nextFirst) {
        return UnsyncedSeals.tornEnd(scan, nextFirst) && UnsyncedSeals.mayBeTorn(scan);
    }

    private static boolean allMayBeTorn(List<SegmentReport> segments) {
        return segments.stream().allMatch(s -> s.scan() != null && UnsyncedSeals.mayBeTorn(s.scan()));
    }

    private static Finding classify(Path path, SegmentScanner.Result scan, boolean last) {
        if (!last) {
            return new Finding(Finding.Kind.SEALED_SEGMENT_CORRUPTION, path, scan.damageOffset, scan.damageReason
                    + " (in a sealed segment; " + (scan.fileSize - scan.damageOffset) + " bytes from here on)");
        }
        if (scan.recordsFollow && !scan.torn) { // as Recovery: a torn write before later records is a torn tail
            return new Finding(Finding.Kind.MID_LOG_CORRUPTION, path, scan.damageOffset, scan.damageReason
                    + " (valid records follow; " + (scan.fileSize - scan.damageOffset) + " bytes from here on)");
        }
        Finding.Kind kind = scan.torn ? Finding.Kind.TORN_TAIL : Finding.Kind.CORRUPT_TAIL_RECORD;
        String after = scan.recordsFollow ? "; the valid records after it were never synced (a power cut kept later"
                + " writes but not this one)" : "";
        return new Finding(kind, path, scan.damageOffset, scan.damageReason + " (" + (scan.fileSize - scan.damageOffset)
                + " bytes at the end of the last segment" + after + "; open() truncates them)");
    }

    private SegmentScanner.Result scan(Path path, long first) throws IOException {
        try (LogFile file = fs.openReadable(path)) {
            return SegmentScanner.scan(file, path, first);
        }
    }
}
