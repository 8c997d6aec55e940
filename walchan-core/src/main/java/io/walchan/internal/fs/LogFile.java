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
