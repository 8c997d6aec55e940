package io.walchan.internal.inspect;

import io.walchan.WalchanException;
import io.walchan.internal.checkpoint.Checkpoint;
import io.walchan.internal.fs.FileLayer;
import io.walchan.internal.fs.LogFile;
import io.walchan.internal.fs.NioFileLayer;
import io.walchan.internal.log.Format;
import io.walchan.internal.segment.SegmentScanner;
import io.walchan.internal.segment.SegmentFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A quick look at a channel directory for {@code walchan stat}: positions come
 * from the segment names, the checkpoint, and a scan of the last segment only
 * (so it costs one segment, not the whole log). Only {@link LogVerifier} checks
 * the other segments. Read-only, no lock.
 */
public final class LogSummary {

    /** The directory. */
    public Path directory;
    /** Number of segment files. */
    public int segments;
    /** Names of the first and last segment files, null if none. */
    public String firstSegment;
    /** See {@link #firstSegment}. */
    public String lastSegment;
    /** Bytes in segment files. */
    public long segmentBytes;
    /** Bytes in every file of the directory (segments, checkpoint, lock, others). */
    public long totalBytes;
    /** Format version of the segments and checkpoint (this code reads only this one). */
    public int formatVersion = Format.VERSION;
    /** Position of the oldest record on disk. */
    public long firstPosition;
    /** Position after the last valid record: the next message gets this one. */
    public long endPosition;
    /** Committed position from the checkpoint, or the oldest position if there is no valid one. */
    public long committed;
    /** Whether a valid checkpoint exists. */
    public boolean checkpointValid;
    /** Messages at or beyond the committed position: sent and not yet acknowledged. */
    public long unacked;
    /** Damage at the end of the last segment (what open() would truncate), or null. */
    public Finding tailDamage;
    /** Whether the directory lock is held now. */
    public LockProbe.State lock;
    /** The pid in the lock file ("" if none). */
    public String lockOwner;
    /** Files that are not part of the channel (damaged copies, temp files). */
    public List<Path> otherFiles;

    private LogSummary() {
    }

    /**
     * @param dir the channel directory
     * @return the summary
     * @throws NotAChannelDirectoryException if {@code dir} is not a channel directory
     * @throws io.walchan.CorruptLogException if a file has an unsupported format version
     */
    public static LogSummary of(Path dir) {
        DirectoryListing listing = DirectoryListing.read(dir);
        FileLayer fs = new NioFileLayer(false);
        LogSummary s = new LogSummary();
        s.directory = dir;
        TreeMap<Long, Path> files = listing.segments();
        s.segments = files.size();
        s.segmentBytes = listing.segmentBytes();
        s.otherFiles = listing.otherFiles();
        s.lock = LockProbe.probe(dir);
        s.lockOwner = LockProbe.owner(dir);
        try {
            s.totalBytes = totalBytes(dir);
            Checkpoint.State cp = Checkpoint.read(fs, dir);
            s.checkpointValid = cp.valid;
            if (!files.isEmpty()) {
                s.firstSegment = files.firstEntry().getValue().getFileName().toString();
                s.lastSegment = files.lastEntry().getValue().getFileName().toString();
                s.firstPosition = files.firstKey();
                checkVersion(fs, files.firstEntry());
                scanLast(s, fs, files.lastEntry());
            }
            s.committed = cp.valid ? cp.committed : s.firstPosition;
            s.unacked = Math.max(0, s.endPosition - Math.max(s.committed, s.firstPosition));
            return s;
        } catch (IOException e) {
            throw new WalchanException("cannot read " + dir + ": " + e, e);
        }
    }

    private static void scanLast(LogSummary s, FileLayer fs, Map.Entry<Long, Path> last) throws IOException {
        try (LogFile file = fs.openReadable(last.getValue())) {
            SegmentScanner.Result scan = SegmentScanner.scan(file, last.getValue(), last.getKey());
            s.endPosition = scan.endPosition;
            if (!scan.clean()) {
                Finding.Kind kind = scan.recordsFollow && !scan.torn ? Finding.Kind.MID_LOG_CORRUPTION
                        : scan.torn ? Finding.Kind.TORN_TAIL : Finding.Kind.CORRUPT_TAIL_RECORD;
                s.tailDamage = new Finding(kind, last.getValue(), scan.damageOffset, scan.damageReason);
            }
        }
    }

    /** Throws CorruptLogException if the segment's header is intact but of another format version. */
    private static void checkVersion(FileLayer fs, Map.Entry<Long, Path> segment) throws IOException {
        try (LogFile file = fs.openReadable(segment.getValue())) {
            ByteBuffer header = ByteBuffer.allocate(Format.SEGMENT_HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            file.readFully(header, 0);
            SegmentFiles.checkHeader(header.flip(), segment.getKey(), segment.getValue());
        }
    }

    private static long totalBytes(Path dir) throws IOException {
        long total = 0;
        try (var stream = Files.list(dir)) {
            for (Path p : (Iterable<Path>) stream::iterator) {
                if (Files.isRegularFile(p)) {
                    total += Files.size(p);
                }
            }
        }
        return total;
    }
}
