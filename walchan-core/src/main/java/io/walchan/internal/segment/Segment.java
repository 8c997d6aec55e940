package io.walchan.internal.segment;

import java.nio.file.Path;

/**
 * One segment file's place in the log. {@code firstPosition} and {@code path}
 * never change. {@code endPosition} and {@code byteEnd} are written only by the
 * {@link LogWriter} (under its append lock) for the active segment, and published
 * before the writer's own end position, so a reader that has seen the writer's
 * end position sees them too.
 */
public final class Segment {

    private final long firstPosition;
    private final Path path;
    /** Position after the last complete record. */
    private volatile long endPosition;
    /** Byte offset after the last complete record. */
    private volatile long byteEnd;
    /** True once no record will be appended any more (and its bytes were fsynced). */
    private volatile boolean sealed;

    Segment(long firstPosition, Path path, long endPosition, long byteEnd) {
        this.firstPosition = firstPosition;
        this.path = path;
        this.endPosition = endPosition;
        this.byteEnd = byteEnd;
    }

    /** @return the position of the segment's first record (also its name) */
    public long firstPosition() {
        return firstPosition;
    }

    /** @return the segment file */
    public Path path() {
        return path;
    }

    /** @return the position after its last complete record */
    public long endPosition() {
        return endPosition;
    }

    /** @return the byte offset after its last complete record */
    public long byteEnd() {
        return byteEnd;
    }

    /** @return true once sealed (complete and fsynced) */
    public boolean sealed() {
        return sealed;
    }

    void advance(long newEndPosition, long newByteEnd) {
        byteEnd = newByteEnd;
        endPosition = newEndPosition;
    }

    void seal() {
        sealed = true;
    }

    @Override
    public String toString() {
        return path.getFileName() + "[" + firstPosition + ".." + endPosition + ")";
    }
}
