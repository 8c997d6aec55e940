package io.walchan.internal.segment;

import io.walchan.internal.fs.LogFile;
import io.walchan.internal.log.Format;
import io.walchan.internal.log.RecordDecoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Reads a whole segment file and checks every record: header, CRCs, lengths and
 * consecutive positions. It reports, and never repairs; {@link Recovery} and the
 * CLI's verify decide what a damaged region means.
 */
public final class SegmentScanner {

    /** What a scan found. */
    public static final class Result {
        /** Position after the last valid record. */
        public long endPosition;
        /** Byte offset after the last valid record (the header size for an empty segment). */
        public long byteEnd;
        /** Number of valid records. */
        public long records;
        /** File size in bytes. */
        public long fileSize;
        /**
         * Zero bytes after the last record up to the end of the file: space the writer
         * preallocated and has not used yet (docs/FORMAT.md, "Preallocation"). Not damage.
         */
        public long preallocatedBytes;
        /** Offset of the first bad byte, or -1 if the segment is clean. */
        public long damageOffset = -1;
        /** Why the bytes at {@link #damageOffset} are bad. */
        public String damageReason;
        /** The header's flags (0 if the header is bad); see {@link Format#FLAG_UNSYNCED_SEAL}. */
        public int flags;
        /** True if the header itself is bad (nothing in the file is usable). */
        public boolean headerDamaged;
        /**
         * True if the header is bad because nothing was ever written: the file is empty or
         * all zeros (a segment created from an unsynced spare, cut by a power loss before
         * its first fsync). It holds no record, so it is not damage.
         */
        public boolean neverWritten;
        /**
         * True if the damage is a torn write: an incomplete record or only zero bytes up to the end of the
         * file, or a record with a zeroed header or a zeroed 512-byte sector (never written: a power cut
         * persisted a later unsynced write but not this one).
         */
        public boolean torn;
        /** True if a valid record exists anywhere after the damage: the damage is mid-log. */
        public boolean recordsFollow;
        /**
         * True if the damaged record reaches past a 512-byte boundary from which every byte to
         * the end of the file is zero (and there is one): the record was cut where write-back
         * stopped, a page that reached the disk followed by pages that did not.
         */
        public boolean cutAtSector;

        /** @return true if no damage was found */
        public boolean clean() {
            return damageOffset < 0;
        }
    }

    private SegmentScanner() {
    }

    /**
     * @param file the segment file, open
     * @param path its path, for messages
     * @param firstPosition the first position from its name
     * @return what was found
     */
    public static Result scan(LogFile file, Path path, long firstPosition) throws IOException {
        Result r = new Result();
        r.fileSize = file.size();
        r.endPosition = firstPosition;
        r.byteEnd = Format.SEGMENT_HEADER_SIZE;
        FileWindow window = new FileWindow(file, r.fileSize);
        String headerProblem = SegmentFiles.checkHeader(window.at(0, Format.SEGMENT_HEADER_SIZE), firstPosition, path);
        if (headerProblem != null) {
            r.headerDamaged = true;
            r.neverWritten = onlyZeros(window, 0);
            damage(r, window, 0, headerProblem, r.fileSize < Format.SEGMENT_HEADER_SIZE, firstPosition);
            return r;
        }
        ByteBuffer header = window.at(0, Format.SEGMENT_HEADER_SIZE);
        r.flags = header.getInt(header.position() + 12);
        RecordDecoder decoder = new RecordDecoder();
        long offset = Format.SEGMENT_HEADER_SIZE;
        while (offset < r.fileSize) {
            ByteBuffer buf = window.at(offset, Format.RECORD_HEADER_SIZE);
            RecordDecoder.Status status = decoder.decode(buf, r.endPosition);
            if (status == RecordDecoder.Status.INCOMPLETE && buf.remaining() >= Format.RECORD_HEADER_SIZE) {
                buf = window.at(offset, Format.RECORD_HEADER_SIZE + decoder.payloadLength());
                status = decoder.decode(buf, r.endPosition);
            }
            boolean shortOrZeroHeader = buf.remaining() < Format.RECORD_HEADER_SIZE || zeroHeader(buf);
            if (status != RecordDecoder.Status.OK && shortOrZeroHeader && onlyZeros(window, offset)) {
                r.preallocatedBytes = r.fileSize - offset; // The end of the log, not a torn write.
                return r;
            }
            if (status != RecordDecoder.Status.OK) {
                damage(r, window, offset, decoder.describe(status, r.endPosition),
                        status == RecordDecoder.Status.INCOMPLETE, r.endPosition);
                return r;
            }
            offset += decoder.frameSize();
            r.endPosition++;
            r.records++;
            // Aligned end, even if a torn write lost only the last record's padding: the next
            // record must start aligned; writing there fills the gap with zeros.
            r.byteEnd = offset;
        }
        return r;
    }

    private static void damage(Result r, FileWindow window, long offset, String reason, boolean incomplete,
            long expectedPosition) throws IOException {
        r.damageOffset = offset;
        r.damageReason = reason;
        r.recordsFollow = findRecordAfter(window, offset, expectedPosition);
        r.torn = (!r.recordsFollow && (incomplete || onlyZeros(window, offset))) || neverWritten(window, offset);
        r.cutAtSector = cutAtSector(window, offset);
    }

    /** @return see {@link Result#cutAtSector} */
    private static boolean cutAtSector(FileWindow window, long offset) throws IOException {
        long last = lastNonZero(window, offset);
        if (last < offset) {
            return false; // All zeros from the damage on: that is onlyZeros, already torn.
        }
        long boundary = (last / SECTOR + 1) * SECTOR; // The first sector boundary after it.
        ByteBuffer header = window.at(offset, Format.RECORD_HEADER_SIZE);
        long recordEnd = window.limit();
        if (header.remaining() >= 4) {
            int length = header.getInt(header.position());
            if (length >= 0 && length <= Format.MAX_PAYLOAD_SIZE) {
                recordEnd = offset + Format.frameSize(length);
            }
        }
        return boundary < window.limit() && boundary < recordEnd;
    }

    /** @return the offset of the last non-zero byte at or after {@code from}, or -1 if none */
    private static long lastNonZero(FileWindow window, long from) throws IOException {
        long end = window.limit();
        while (end > from) {
            long start = Math.max(from, end - (64 << 10));
            ByteBuffer buf = window.at(start, (int) (end - start));
            for (int i = buf.limit() - 1; i >= buf.position(); i--) {
                if (buf.get(i) != 0) {
                    return start + (i - buf.position());
                }
            }
            end = start;
        }
        return -1;
    }

    /** @return true if {@code buf} starts with a whole record header of zero bytes */
    private static boolean zeroHeader(ByteBuffer buf) {
        return buf.remaining() >= Format.RECORD_HEADER_SIZE && buf.getLong(buf.position()) == 0
                && buf.getLong(buf.position() + 8) == 0;
    }

    /**
     * True if the record at {@code offset} shows bytes that were never written: an all-zero header
     * (walchan never writes one: even an empty record has a non-zero CRC) or an all-zero full 512-byte
     * sector inside the record. A bit flip does not zero a sector; a power cut that persisted later
     * unsynced writes but not this one does (etcd's torn-entry check).
     */
    static boolean neverWritten(FileWindow window, long offset) throws IOException {
        ByteBuffer header = window.at(offset, Format.RECORD_HEADER_SIZE);
        if (header.remaining() < Format.RECORD_HEADER_SIZE) {
            return false;
        }
        if (header.getLong(header.position()) == 0 && header.getLong(header.position() + 8) == 0) {
            return true;
        }
        int length = header.getInt(header.position());
        if (length < 0 || length > Format.MAX_PAYLOAD_SIZE) {
            return false;
        }
        long end = Math.min(window.limit(), offset + Format.RECORD_HEADER_SIZE + length);
        for (long sector = (offset + SECTOR - 1) / SECTOR * SECTOR; sector + SECTOR <= end; sector += SECTOR) {
            ByteBuffer chunk = window.at(sector, SECTOR);
            boolean zero = chunk.remaining() == SECTOR;
            while (zero && chunk.hasRemaining()) {
                zero = chunk.get() == 0;
            }
            if (zero) {
                return true;
            }
        }
        return false;
    }

    private static final int SECTOR = 512;

    /** @return true if every byte from {@code offset} to the end of the file is zero */
    static boolean onlyZeros(FileWindow window, long offset) throws IOException {
        long at = offset;
        while (at < window.limit()) {
            ByteBuffer buf = window.at(at, 64 << 10);
            int n = buf.remaining();
            if (n == 0) {
                break;
            }
            while (buf.hasRemaining()) {
                if (buf.get() != 0) {
                    return false;
                }
            }
            at += n;
        }
        return true;
    }

    /**
     * Looks for any record with a valid CRC and a position at or after
     * {@code expectedPosition} at any aligned offset after {@code offset}. Costly,
     * but only run on damage, to tell a torn tail from mid-log corruption.
     */
    static boolean findRecordAfter(FileWindow window, long offset, long expectedPosition) throws IOException {
        RecordDecoder decoder = new RecordDecoder();
        long firstCandidate = Math.max(Format.SEGMENT_HEADER_SIZE, offset + Format.RECORD_ALIGNMENT);
        for (long at = firstCandidate; at + Format.RECORD_HEADER_SIZE <= window.limit(); at += Format.RECORD_ALIGNMENT) {
            ByteBuffer buf = window.at(at, Format.RECORD_HEADER_SIZE);
            RecordDecoder.Status status = decoder.decode(buf, expectedPosition);
            if (status == RecordDecoder.Status.INCOMPLETE && buf.remaining() >= Format.RECORD_HEADER_SIZE) {
                buf = window.at(at, Format.RECORD_HEADER_SIZE + decoder.payloadLength());
                status = decoder.decode(buf, expectedPosition);
            }
            boolean crcValid = status == RecordDecoder.Status.OK || status == RecordDecoder.Status.BAD_POSITION;
            if (crcValid && decoder.position() >= expectedPosition) {
                return true;
            }
        }
        return false;
    }
}
