package io.walchan.internal.segment;

import io.walchan.internal.fs.LogFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A sliding read window over a file: hands out a little-endian view of byte
 * ranges, reading the file in large chunks so that sequential record reads cost
 * one system call per chunk. The chunk buffer is direct, so the kernel copies into
 * it without the JDK's intermediate buffer, and {@link #at} returns the same view
 * object each time rather than allocating one per record. Not thread-safe.
 *
 * <p>A window may instead read through a memory map of the file
 * ({@link LogFile#mapForReading}), where the file layer offers one: the views then
 * point into the page cache, with no system call and no copy per chunk (measured: a
 * fifth of the receiving thread's time went to those copies at 4 KiB records). Only
 * for files that never shrink below {@link #limit()} while the window is open, as the
 * log's segments do not: a read through a map past the end of the file is a fault.
 * Ranges beyond the map (a file that grew after it was mapped) are read in chunks.
 */
final class FileWindow {

    private static final int CHUNK = 256 << 10;

    private final LogFile file;
    private long limit;
    /** Chunk buffer; allocated on first use, as a mapped window may never need it. */
    private ByteBuffer buf;
    /** What {@link #at} returns for chunked reads: buf's content with its own position and limit. */
    private ByteBuffer view;
    /** File offset of buf[0]; buf holds [start, start + buf.limit()). */
    private long start;
    /** A view of the file's memory map over [0, mapped.capacity()), or null. */
    private final ByteBuffer mapped;

    /**
     * @param file the file
     * @param limit bytes beyond this offset are never read (e.g. the published end of a segment)
     */
    FileWindow(LogFile file, long limit) {
        this.file = file;
        this.limit = limit;
        this.mapped = null;
    }

    /**
     * A window that reads through a memory map of the file's first {@code mapSize} bytes
     * if the file layer maps, and in chunks otherwise. The map lives until the file is closed.
     *
     * @param mapSize bytes to map; must not exceed the file's size, which must not shrink
     *     below {@code limit} while the window is in use
     */
    FileWindow(LogFile file, long limit, long mapSize) {
        this.file = file;
        this.limit = limit;
        this.mapped = mapQuietly(file, mapSize);
    }

    /** @return the map's view, or null if the file cannot be mapped (then it is read in chunks: slower, as correct) */
    private static ByteBuffer mapQuietly(LogFile file, long size) {
        try {
            return file.mapForReading(size);
        } catch (IOException | UnsupportedOperationException e) { // a file system that cannot map
            return null;
        }
    }

    /** @return bytes beyond this offset are never read */
    long limit() {
        return limit;
    }

    /** Moves the limit, e.g. when the writer has published more of the active segment. */
    void setLimit(long newLimit) {
        if (newLimit < limit && buf != null) {
            buf.limit(0); // Never serve bytes beyond a lowered limit.
        }
        limit = newLimit;
    }

    /** @return true if this window reads through a memory map */
    boolean isMapped() {
        return mapped != null;
    }

    /**
     * Returns a buffer whose position is at file {@code offset} and which holds
     * {@code length} bytes from there, or fewer if the limit comes first. The
     * buffer is valid until the next call, which reuses it.
     */
    ByteBuffer at(long offset, int length) throws IOException {
        long want = Math.min((long) length, limit - offset);
        if (want < 0) {
            want = 0;
        }
        if (mapped != null && offset + want <= mapped.capacity()) {
            mapped.limit(mapped.capacity()).position((int) offset);
            mapped.limit((int) (offset + want));
            return mapped;
        }
        if (buf == null) {
            buf = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            view = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            buf.limit(0);
        }
        if (offset < start || offset + want > start + buf.limit()) {
            fill(offset, (int) want);
        }
        int from = (int) (offset - start);
        view.limit((int) Math.min(buf.limit(), from + want)).position(from);
        return view;
    }

    private void fill(long offset, int length) throws IOException {
        if (buf.capacity() < length) {
            // A record larger than the chunk: on the heap, not counted against -XX:MaxDirectMemorySize.
            buf = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
            view = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        }
        buf.clear();
        buf.limit((int) Math.max(0, Math.min(buf.capacity(), limit - offset)));
        start = offset;
        try {
            file.readFully(buf, offset);
        } catch (IOException | RuntimeException e) {
            buf.limit(0); // Nothing cached: the next call reads again instead of serving a partial chunk.
            throw e;
        }
        buf.flip();
    }
}
