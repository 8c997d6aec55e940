package io.walchan.internal.inspect;

import io.walchan.CorruptLogException;
import io.walchan.WalchanException;
import io.walchan.internal.checkpoint.Checkpoint;
import io.walchan.internal.fs.FileLayer;
import io.walchan.internal.fs.LogFile;
import io.walchan.internal.fs.NioFileLayer;
import io.walchan.internal.log.Format;
import io.walchan.internal.segment.SegmentScanner;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
 *       corrupt tail unless a valid record follows it (then mid-log corruption).</li>
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
        long expected = startKey;
        boolean cut = false; // true once the live log has ended at a damage or gap
        for (Map.Entry<Long, Path> e : files.entrySet()) {
            long first = e.getKey();
            Path path = e.getValue();
            boolean acknowledged = first < startKey;
            SegmentScanner.Result scan;
            try {
                scan = scan(path, first);
            } catch (NoSuchFileException gone) {
                if (acknowledged) {
                    continue; // Reclaimed by the channel's owner since the listing.
                }
                throw new WalchanException("segment " + path + " disappeared while verifying: " + gone, gone);
            } catch (CorruptLogException unsupported) {
                r.segments.add(new SegmentReport(path, first, null, acknowledged));
                r.findings.add(new Finding(Finding.Kind.UNSUPPORTED_VERSION, path, unsupported.offset(),
                        unsupported.reason()));
                cut = true;
                continue;
            } catch (IOException io) {
                throw new WalchanException("cannot read segment " + path + ": " + io, io);
            }
            r.segments.add(new SegmentReport(path, first, scan, acknowledged));
            r.records += scan.records;
            r.bytes += scan.fileSize;
            progress.progress(r.bytes, Math.max(totalBytes, r.bytes));
            if (acknowledged) {
                if (!scan.clean()) {
                    r.findings.add(new Finding(Finding.Kind.ACKNOWLEDGED_SEGMENT, path, scan.damageOffset,
                            scan.damageReason + " (every message in this segment is acknowledged; open() deletes it"
                                    + " without reading it)"));
                }
                continue;
            }
            if (!cut && first != expected) {
                r.findings.add(new Finding(Finding.Kind.MISSING_SEGMENT, path, -1, "the previous segment ends at"
                        + " position " + expected + " but this one starts at " + first));
                cut = true;
            }
            if (!scan.clean()) {
                r.findings.add(classify(path, scan, first == files.lastKey()));
            }
            if (!cut) {
                expected = scan.endPosition;
                cut = !scan.clean();
            }
        }
        r.endPosition = expected;
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
