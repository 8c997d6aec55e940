package io.walchan.internal.fs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The few file operations the engine performs, so that tests can wrap them to
 * inject faults (see {@link FileLayer}). Positional reads and writes only: the
 * engine keeps its own offsets.
 */
public interface LogFile extends Closeable {

    /** Reads into {@code dst} from byte {@code position}; returns bytes read, -1 at end of file. */
    int read(ByteBuffer dst, long position) throws IOException;

    /** Writes from {@code src} at byte {@code position}; may write fewer bytes than remain. */
    int write(ByteBuffer src, long position) throws IOException;

    /** Makes every written byte durable (fdatasync: data, not metadata that is not needed to read it). */
    void force() throws IOException;

    /** @return the file's size in bytes */
    long size() throws IOException;

    /** Cuts the file to {@code size} bytes. */
    void truncate(long size) throws IOException;

    /**
     * Extends the file to {@code size} bytes with real zero writes (not a sparse hole), so
     * the file system allocates the space now: a full disk fails here, with an
     * {@link IOException}, and never later in a store through a memory map. Does nothing
     * if the file is already that large. Durable only after {@link #force()}.
     */
    default void extendWithZeros(long size) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
        long at = size();
        while (at < size) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), size - at));
            writeFully(zeros, at);
            at += zeros.limit();
        }
    }

    /**
     * Asks that writes wholly below {@code size} become memory stores into the page
     * cache (a shared memory map) instead of system calls. Their durability is that of
     * {@link #write}: they survive a process crash and are made durable by
     * {@link #force()}. Only for files that {@link #extendWithZeros} extended to at least
     * {@code size} (a store into a sparse hole on a full disk would be a fault, not an
     * error). The mapping ends with {@link #truncate} below {@code size} or {@link #close}.
     * Callers must not write, truncate or close concurrently.
     *
     * @return true if mapped; false if this file layer does not map (writes stay system calls)
     */
    default boolean mapForWriting(long size) throws IOException {
        return false;
    }

    /**
     * A little-endian view of the memory map over {@code length} bytes at {@code position}
     * (its position there, its limit at the end), to write a record in place: one copy
     * fewer than {@link #write}. The same rules as for {@link #write} apply: callers do not
     * write, truncate or close concurrently; the view is reused, and valid until the next
     * call, {@link #truncate} or {@link #close}. A store that faults (a failed page-in)
     * throws {@link InternalError}.
     *
     * @return the view, or null if that range is not mapped (then use {@link #write})
     */
    default ByteBuffer mappedRegion(long position, int length) {
        return null;
    }

    /**
     * A read-only little-endian view of the file's first {@code size} bytes through a
     * memory map, to read records without a system call and a copy per chunk. The caller
     * must read only bytes that lie inside the file (a read past its end is a fault),
     * and only from one thread; the view is valid until {@link #close}, which releases
     * the map. At most once per open file. A copy out of the view that faults (a failed
     * page-in) throws {@link InternalError}; a fault inside an intrinsic (e.g. a CRC
     * computed over the view) ends the JVM, so copy out first and check the copy.
     *
     * @return the view (position 0, limit {@code size}), or null if this file layer does
     *     not map files for reading (then use {@link #read})
     */
    default ByteBuffer mapForReading(long size) throws IOException {
        return null;
    }

    /** Writes all of {@code src} at {@code position}, looping over short writes. */
    default void writeFully(ByteBuffer src, long position) throws IOException {
        long at = position;
        while (src.hasRemaining()) {
            at += write(src, at);
        }
    }

    /** Fills {@code dst} from {@code position}, or up to the end of the file; returns bytes read. */
    default int readFully(ByteBuffer dst, long position) throws IOException {
        int total = 0;
        while (dst.hasRemaining()) {
            int n = read(dst, position + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
