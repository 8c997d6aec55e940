package io.walchan.internal.segment;

import io.walchan.internal.log.Format;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/**
 * One segment file's place in the log. {@code firstPosition} and {@code path}
 * never change. {@code endPosition} and {@code byteEnd} are written only by the
 * {@link LogWriter} (under its append lock) for the active segment, and published
 * before the writer's own end position, so a reader that has seen the writer's
 * end position sees them too. They are written with release stores (no full fence:
 * the writer's volatile end position provides the one fence a send needs) and read
 * with acquire loads.
 */
public final class Segment {

    private final long firstPosition;
    private final Path path;
    private static final VarHandle END_POSITION;
    private static final VarHandle BYTE_END;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            END_POSITION = lookup.findVarHandle(Segment.class, "endPosition", long.class);
            BYTE_END = lookup.findVarHandle(Segment.class, "byteEnd", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Position after the last complete record (release/acquire through END_POSITION). */
    private long endPosition;
    /** Byte offset after the last complete record (release/acquire through BYTE_END). */
    private long byteEnd;
    /** True once no record will be appended any more. */
    private volatile boolean sealed;
    /** Its header has {@link Format#FLAG_UNSYNCED_SEAL}: sealing it need not fsync it. */
    private final boolean unsyncedSeal;

    Segment(long firstPosition, Path path, long endPosition, long byteEnd, boolean unsyncedSeal) {
        this.firstPosition = firstPosition;
        this.path = path;
        this.unsyncedSeal = unsyncedSeal;
        this.endPosition = endPosition;
        this.byteEnd = byteEnd;
        VarHandle.releaseFence(); // Published through a concurrent map, but fields of a shared object all the same.
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
        return (long) END_POSITION.getAcquire(this);
    }

    /** @return the byte offset after its last complete record */
    public long byteEnd() {
        return (long) BYTE_END.getAcquire(this);
    }

    /** @return true once sealed: complete, and fsynced unless {@link #unsyncedSeal()} */
    public boolean sealed() {
        return sealed;
    }

    /** @return true if its header says it may be sealed without an fsync (written under FLUSH_ONLY) */
    public boolean unsyncedSeal() {
        return unsyncedSeal;
    }

    void advance(long newEndPosition, long newByteEnd) {
        BYTE_END.setRelease(this, newByteEnd);
        END_POSITION.setRelease(this, newEndPosition);
    }

    void seal() {
        sealed = true;
    }

    @Override
    public String toString() {
        return path.getFileName() + "[" + firstPosition + ".." + endPosition + ")";
    }
}
