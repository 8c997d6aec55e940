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
 */
final class FileWindow {

    private static final int CHUNK = 256 << 10;

    private final LogFile file;
    private long limit;
    private ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    /** What {@link #at} returns: buf's content with its own position and limit. */
    private ByteBuffer view = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    /** File offset of buf[0]; buf holds [start, start + buf.limit()). */
    private long start;

    /**
     * @param file the file
     * @param limit bytes beyond this offset are never read (e.g. the published end of a segment)
     */
    FileWindow(LogFile file, long limit) {
        this.file = file;
        this.limit = limit;
        buf.limit(0);
    }

    /** @return bytes beyond this offset are never read */
    long limit() {
        return limit;
    }

    /** Moves the limit, e.g. when the writer has published more of the active segment. */
    void setLimit(long newLimit) {
        if (newLimit < limit) {
            buf.limit(0); // Never serve bytes beyond a lowered limit.
        }
        limit = newLimit;
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
        file.readFully(buf, offset);
        buf.flip();
    }
}
