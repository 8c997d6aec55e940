package io.walchan.internal.segment;

import io.walchan.internal.fs.FileLayer;
import io.walchan.internal.fs.LogFile;
import io.walchan.internal.log.Format;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

/**
 * The rule that tells a power cut from corruption in a sealed segment that was sealed
 * without an fsync ({@link Format#FLAG_UNSYNCED_SEAL}, FLUSH_ONLY): docs/FORMAT.md,
 * "Recovery", step 4. {@link Recovery} applies it; the verifier reports what it would do.
 *
 * <p>A sealed segment ends the log instead of failing the open when all three hold:
 * {@link #tornEnd} (it ends the way an unsynced end is left), {@link #mayBeTorn} (its seal
 * had no fsync), and {@link #allMayBeTorn} for every later segment (nothing after it was
 * written by a writer that syncs, which fsyncs the flagged segments before appending).
 * The inspection tools ({@code LogVerifier}, {@code RecordCursor}) apply it too, so that
 * {@code walchan verify} and {@code walchan dump} end the log where open() does.
 */
public final class UnsyncedSeals {

    private UnsyncedSeals() {
    }

    /**
     * @return true if a sealed segment ends the way a power cut leaves the unsynced end of one:
     *     before the next segment starts, and either cleanly (its records, or the file, end where
     *     the disk got to, e.g. at the last close) or at a torn write: an incomplete record,
     *     zeros, never-written bytes, or a record cut at a 512-byte boundary after which the
     *     file holds only zeros (pages that never reached the disk); never-written bytes count
     *     even with valid records after them (write-back out of order). A complete record
     *     failing its CRC with no zeros after it (a bit flip) is not, nor is other damage with
     *     a valid record after it. An early end cannot be told from a missing next segment.
     */
    public static boolean tornEnd(SegmentScanner.Result scan, long nextFirst) {
        if (scan.endPosition >= nextFirst) {
            return false; // Holds everything up to the next segment: no record is missing.
        }
        return scan.clean() || scan.torn || scan.neverWritten || (!scan.recordsFollow && scan.cutAtSector);
    }

    /**
     * @return true if a power cut may have torn this segment although it is sealed: its seal
     *     had no fsync, or its header is unreadable (a segment whose seal was fsynced has a
     *     durable header, so only one sealed without an fsync can lose it)
     */
    public static boolean mayBeTorn(SegmentScanner.Result scan) {
        return scan.headerDamaged || (scan.flags & Format.FLAG_UNSYNCED_SEAL) != 0;
    }

    /**
     * Reads only the headers.
     *
     * @return true if every segment in {@code paths} may have been torn too (see {@link #mayBeTorn})
     */
    public static boolean allMayBeTorn(FileLayer fs, List<Path> paths) throws IOException {
        for (Path path : paths) {
            ByteBuffer header = ByteBuffer.allocate(Format.SEGMENT_HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            try (LogFile file = fs.openReadable(path)) {
                while (header.hasRemaining() && file.read(header, header.position()) > 0) {
                    // read the header, or what there is of it
                }
            }
            header.flip();
            long first = SegmentFiles.parseName(path.getFileName().toString());
            boolean readable = SegmentFiles.checkHeader(header, first, path) == null;
            if (readable && (header.getInt(12) & Format.FLAG_UNSYNCED_SEAL) == 0) {
                return false; // Sealed with an fsync, or the active segment of a writer that syncs.
            }
        }
        return true;
    }
}
