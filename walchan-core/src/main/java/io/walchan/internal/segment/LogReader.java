package io.walchan.internal.segment;

import io.walchan.CorruptLogException;
import io.walchan.WalchanException;
import io.walchan.internal.fs.FileLayer;
import io.walchan.internal.fs.LogFile;
import io.walchan.internal.log.Format;
import io.walchan.internal.log.RecordDecoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Reads records in log order through a {@link FileWindow} (a memory map of each
 * segment where the file layer maps, else large chunks), and only below the
 * writer's published end position, so it never sees a partial record. Every
 * record's CRC and position are checked again on read. Holds no more than one
 * segment's map or one chunk of the log, whatever the backlog; the heap holds only
 * the chunk.
 *
 * <p>Not thread-safe: the receiver calls it under its receive lock.
 */
public final class LogReader implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LogReader.class.getName());

    private final FileLayer fs;
    private final LogWriter writer;
    private final RecordDecoder decoder = new RecordDecoder();
    private Segment segment;
    private LogFile file;
    private FileWindow window;
    private long offset;
    private long nextPosition;
    /**
     * The segment's end position as last read, with its byte end given to the window at
     * the same time. Re-read only when the reader reaches it: the segment's fields are
     * written by the sending thread on every append, so reading them per record would
     * move their cache line between cores for nothing.
     */
    private long knownSegmentEnd;
    /**
     * The writer's end position as last read. The sending thread writes it on every
     * append; a receiver that is behind reads it again only once it has caught up with
     * what it saw, instead of pulling that cache line over from the sender's core per record.
     */
    private long knownEnd;

    /**
     * @param fs the file layer
     * @param writer the log's writer (for its segments and end position)
     * @param startPosition the first position to read; must lie in a live segment
     */
    public LogReader(FileLayer fs, LogWriter writer, long startPosition) throws IOException {
        this.fs = fs;
        this.writer = writer;
        try {
            seek(startPosition);
        } catch (IOException | RuntimeException e) {
            if (file != null) {
                closeQuietly(file); // the constructor fails: nobody else would close it
            }
            throw e;
        }
    }

    /** @return the position {@link #next()} returns next */
    public long nextPosition() {
        return nextPosition;
    }

    /** @return true if a complete record is available at {@link #nextPosition()} */
    public boolean hasNext() {
        if (nextPosition < knownEnd) {
            return true;
        }
        knownEnd = writer.endPosition();
        return nextPosition < knownEnd;
    }

    /**
     * @return the payload at {@link #nextPosition()}, which then advances
     * @throws CorruptLogException if the record no longer checks out
     * @throws WalchanException on I/O failure
     */
    public byte[] next() {
        try {
            if (nextPosition >= knownSegmentEnd) {
                refreshSegmentEnd();
                if (nextPosition >= knownSegmentEnd) {
                    Segment following = writer.segments().get(nextPosition);
                    if (following == null) {
                        throw new WalchanException("no segment holds position " + nextPosition
                                + " (deleted meanwhile?)");
                    }
                    open(following);
                    refreshSegmentEnd();
                }
            }
            RecordDecoder.Status status = decodeAt(window);
            if (status != RecordDecoder.Status.OK && window.isMapped()) {
                // A page that could not be read in reads as garbage through a map, and the JVM reports
                // that fault only later. Read the record again with pread, which fails with an
                // IOException then; if it reads the same bad record, the file really changed.
                status = decodeAt(new FileWindow(file, window.limit()));
            }
            if (status != RecordDecoder.Status.OK) {
                throw new CorruptLogException(segment.path(), offset, decoder.describe(status, nextPosition)
                        + " (changed on disk after it was written; it stays in the log: close the channel and"
                        + " run 'walchan verify' on its directory, 'walchan verify --repair' to cut the log there)");
            }
            byte[] payload = decoder.copiedPayload();
            offset += decoder.frameSize();
            nextPosition++;
            return payload;
        } catch (IOException e) {
            throw new WalchanException("cannot read position " + nextPosition + " from " + segment.path() + ": " + e
                    + "; the message stays in the log and is read again by the next receive", e);
        } catch (InternalError e) {
            // How the JVM reports a fault (SIGBUS) in a read through the memory map: the page could not
            // be read from the disk. Best effort: it may be raised only later, or in other code.
            throw new WalchanException("cannot read position " + nextPosition + " from " + segment.path()
                    + " through its memory map (an I/O error while paging it in?): " + e + "; the message stays in"
                    + " the log and is read again by the next receive; check the disk (dmesg), or set"
                    + " -Dwalchan.mmap=false to read without the map", e);
        }
    }

    /**
     * Decodes the record at {@code offset} through {@code w}: the header first, then the whole
     * frame. Copies the record out and checks the copy (RecordDecoder.decodeCopy), as the
     * window may be a memory map.
     */
    private RecordDecoder.Status decodeAt(FileWindow w) throws IOException {
        ByteBuffer buf = w.at(offset, Format.RECORD_HEADER_SIZE);
        RecordDecoder.Status status = decoder.decodeCopy(buf, nextPosition);
        if (status == RecordDecoder.Status.INCOMPLETE && buf.remaining() >= Format.RECORD_HEADER_SIZE) {
            buf = w.at(offset, Format.RECORD_HEADER_SIZE + decoder.payloadLength());
            status = decoder.decodeCopy(buf, nextPosition);
        }
        return status;
    }

    /** Byte end after end position: the writer publishes them in the opposite order. */
    private void refreshSegmentEnd() {
        knownSegmentEnd = segment.endPosition();
        window.setLimit(segment.byteEnd());
    }

    /** Positions the reader at {@code position}, checking every record before it in its segment. */
    private void seek(long position) throws IOException {
        Map.Entry<Long, Segment> entry = writer.segments().floorEntry(position);
        if (entry == null) {
            throw new WalchanException("no segment holds position " + position);
        }
        open(entry.getValue());
        while (nextPosition < position) {
            next();
        }
    }

    /**
     * Moves to segment {@code s}. Opening and mapping happen before the reader switches, so
     * a failure there leaves it where it was, with a live window; the old file (and its
     * map) is released only after the switch, so a failure to close it leaves the reader
     * on the new segment. Either way no window outlives its map.
     */
    private void open(Segment s) throws IOException {
        LogFile next = fs.openReadable(s.path());
        FileWindow nextWindow = null;
        try {
            // The file as it is now: a segment never shrinks below what was published of it.
            nextWindow = new FileWindow(next, s.byteEnd(), next.size());
        } finally {
            if (nextWindow == null) {
                closeQuietly(next);
            }
        }
        LogFile previous = file;
        file = next;
        window = nextWindow;
        segment = s;
        offset = Format.SEGMENT_HEADER_SIZE;
        nextPosition = s.firstPosition();
        knownSegmentEnd = s.firstPosition(); // Read on first use.
        if (previous != null) {
            closeQuietly(previous); // Its map is released first; only the descriptor's close can fail.
        }
    }

    private static void closeQuietly(LogFile f) {
        try {
            f.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot close a segment file the receiver has read: " + e);
        }
    }

    private void closeFile() throws IOException {
        window = null; // Its views may point into the map the close releases.
        if (file != null) {
            LogFile f = file;
            file = null;
            f.close();
        }
    }

    @Override
    public void close() throws IOException {
        closeFile();
    }
}
