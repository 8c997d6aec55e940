package io.walchan.internal.inspect;

import io.walchan.CorruptLogException;
import io.walchan.WalchanException;
import io.walchan.internal.fs.FileLayer;
import io.walchan.internal.fs.LogFile;
import io.walchan.internal.fs.NioFileLayer;
import io.walchan.internal.log.Format;
import io.walchan.internal.log.RecordDecoder;
import io.walchan.internal.segment.SegmentFiles;
import io.walchan.internal.segment.SegmentScanner;
import io.walchan.internal.segment.UnsyncedSeals;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the records of a channel directory in log order, read-only and without
 * the directory lock, for {@code walchan dump}. It reads the segments listed when
 * it was opened, from a start position to the first damage or the end, checking
 * every CRC, position and header on the way. It never consumes or acknowledges
 * anything. On a directory a channel is writing to, it may stop at a record still
 * being written (reported as a torn tail), and a segment the owner reclaims
 * meanwhile makes it fail. Not thread-safe.
 */
public final class RecordCursor implements AutoCloseable {

    /** One record. The payload array is the caller's. */
    public static final class Record {
        /** Position in the log. */
        public final long position;
        /** Segment file holding it. */
        public final Path segment;
        /** Byte offset of its header in the segment. */
        public final long offset;
        /** Its payload. */
        public final byte[] payload;

        Record(long position, Path segment, long offset, byte[] payload) {
            this.position = position;
            this.segment = segment;
            this.offset = offset;
            this.payload = payload;
        }
    }

    private static final int CHUNK = 256 << 10;

    private final FileLayer fs = new NioFileLayer(false);
    private final TreeMap<Long, Path> segments;
    private final RecordDecoder decoder = new RecordDecoder();
    private final long firstAvailable;
    private Map.Entry<Long, Path> current;
    private LogFile file;
    private long fileSize;
    private ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    private long bufStart;
    private long offset;
    private long nextPosition;
    private long bytesRead;
    private Finding damage;
    private boolean done;

    private RecordCursor(TreeMap<Long, Path> segments) {
        this.segments = segments;
        this.firstAvailable = segments.isEmpty() ? 0 : segments.firstKey();
    }

    /**
     * @param dir the channel directory
     * @param from the first position wanted; below the oldest segment the cursor starts there
     * @return a cursor positioned at the first record at or after {@code from}
     * @throws NotAChannelDirectoryException if {@code dir} is not a channel directory
     * @throws CorruptLogException if a segment has an unsupported format version
     */
    public static RecordCursor open(Path dir, long from) throws IOException {
        RecordCursor c = new RecordCursor(DirectoryListing.read(dir).segments());
        if (c.segments.isEmpty()) {
            c.done = true;
            return c;
        }
        Map.Entry<Long, Path> start = c.segments.floorEntry(Math.max(from, c.firstAvailable));
        c.openSegment(start);
        while (!c.done && c.nextPosition < from) {
            c.next();
        }
        return c;
    }

    /** @return the first position on disk (the oldest segment's first), 0 if there is none */
    public long firstAvailable() {
        return firstAvailable;
    }

    /** @return segment bytes consumed so far, for progress */
    public long bytesRead() {
        return bytesRead;
    }

    /** @return the damage that ended the cursor, or null if it ended cleanly (or has not ended) */
    public Finding damage() {
        return damage;
    }

    /**
     * @return the next record, or null at the end of the log or at damage ({@link #damage()})
     * @throws WalchanException if a segment disappears meanwhile
     */
    public Record next() throws IOException {
        while (!done) {
            if (offset >= fileSize) {
                Map.Entry<Long, Path> following = segments.higherEntry(current.getKey());
                if (following == null) {
                    done = true;
                    break;
                }
                if (following.getKey() != nextPosition) {
                    SegmentScanner.Result scan = SegmentScanner.scan(file, current.getValue(), current.getKey());
                    stop(endsTornUnsynced(scan) ? tornUnsynced(scan)
                            : new Finding(Finding.Kind.MISSING_SEGMENT, following.getValue(), -1, "the previous segment"
                                    + " ends at position " + nextPosition + " but this one starts at "
                                    + following.getKey()));
                    break;
                }
                openSegment(following);
                continue;
            }
            ByteBuffer view = window(offset, Format.RECORD_HEADER_SIZE);
            RecordDecoder.Status status = decoder.decode(view, nextPosition);
            if (status == RecordDecoder.Status.INCOMPLETE && view.remaining() >= Format.RECORD_HEADER_SIZE) {
                view = window(offset, Format.RECORD_HEADER_SIZE + decoder.payloadLength());
                status = decoder.decode(view, nextPosition);
            }
            if (status != RecordDecoder.Status.OK) {
                stop(classify());
                break;
            }
            Record r = new Record(nextPosition, current.getValue(), offset, decoder.payload(view));
            offset += decoder.frameSize();
            bytesRead += decoder.frameSize();
            nextPosition++;
            return r;
        }
        return null;
    }

    /** Asks the scanner what the damage at {@code offset} means (torn tail or corruption). */
    private Finding classify() throws IOException {
        Path path = current.getValue();
        SegmentScanner.Result scan = SegmentScanner.scan(file, path, current.getKey());
        long at = scan.clean() ? offset : scan.damageOffset;
        String reason = scan.clean() ? "record changed while reading" : scan.damageReason;
        Finding.Kind kind;
        if (!current.getKey().equals(segments.lastKey()) && endsTornUnsynced(scan)) {
            return tornUnsynced(scan);
        } else if (!current.getKey().equals(segments.lastKey())) {
            kind = Finding.Kind.SEALED_SEGMENT_CORRUPTION;
        } else if (scan.recordsFollow && !scan.torn) {
            kind = Finding.Kind.MID_LOG_CORRUPTION;
        } else {
            kind = scan.torn ? Finding.Kind.TORN_TAIL : Finding.Kind.CORRUPT_TAIL_RECORD;
        }
        return new Finding(kind, path, at, reason);
    }

    /** @return true if open() ends the log in the current (sealed) segment: see {@link UnsyncedSeals} */
    private boolean endsTornUnsynced(SegmentScanner.Result scan) throws IOException {
        Map.Entry<Long, Path> following = segments.higherEntry(current.getKey());
        return following != null && UnsyncedSeals.tornEnd(scan, following.getKey()) && UnsyncedSeals.mayBeTorn(scan)
                && UnsyncedSeals.allMayBeTorn(fs, List.copyOf(segments.tailMap(following.getKey(), true).values()));
    }

    private Finding tornUnsynced(SegmentScanner.Result scan) {
        long at = scan.clean() ? scan.byteEnd : scan.damageOffset;
        String what = scan.clean() ? "ends at position " + scan.endPosition + ", before the next segment starts"
                : scan.damageReason;
        return new Finding(Finding.Kind.TORN_UNSYNCED_SEAL, current.getValue(), at, what + " (a segment sealed"
                + " without an fsync under FLUSH_ONLY, as a power loss leaves it; open() ends the log here)");
    }

    private void openSegment(Map.Entry<Long, Path> entry) throws IOException {
        closeFile();
        current = entry;
        try {
            file = fs.openReadable(entry.getValue());
        } catch (NoSuchFileException e) {
            throw new WalchanException("segment " + entry.getValue() + " was deleted while reading (its messages were"
                    + " acknowledged and reclaimed by the channel that has the directory open); try again", e);
        }
        fileSize = file.size();
        bufStart = 0;
        buf.clear().limit(0);
        offset = Format.SEGMENT_HEADER_SIZE;
        nextPosition = entry.getKey();
        String problem = SegmentFiles.checkHeader(window(0, Format.SEGMENT_HEADER_SIZE), entry.getKey(), entry.getValue());
        if (problem != null) {
            offset = 0;
            stop(classify());
        }
    }

    private void stop(Finding finding) {
        damage = finding;
        done = true;
    }

    /** @return a view of {@code length} bytes from file {@code at}, fewer at the end of the file */
    private ByteBuffer window(long at, int length) throws IOException {
        long want = Math.max(0, Math.min(length, fileSize - at));
        if (at < bufStart || at + want > bufStart + buf.limit()) {
            if (buf.capacity() < want) {
                buf = ByteBuffer.allocate((int) want).order(ByteOrder.LITTLE_ENDIAN);
            }
            buf.clear();
            buf.limit((int) Math.min(buf.capacity(), fileSize - at));
            bufStart = at;
            file.readFully(buf, at);
            buf.flip();
        }
        ByteBuffer view = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int from = (int) (at - bufStart);
        view.limit((int) Math.min(buf.limit(), from + want)).position(from);
        return view;
    }

    private void closeFile() throws IOException {
        if (file != null) {
            file.close();
            file = null;
        }
    }

    @Override
    public void close() throws IOException {
        closeFile();
    }
}
