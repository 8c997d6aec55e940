package io.walchan.internal.inspect;

import io.walchan.internal.segment.SegmentScanner;
import java.nio.file.Path;

/** One segment as {@link LogVerifier} saw it. */
public final class SegmentReport {

    private final Path path;
    private final long firstPosition;
    private final SegmentScanner.Result scan;
    private final boolean acknowledged;

    SegmentReport(Path path, long firstPosition, SegmentScanner.Result scan, boolean acknowledged) {
        this.path = path;
        this.firstPosition = firstPosition;
        this.scan = scan;
        this.acknowledged = acknowledged;
    }

    /** @return the segment file */
    public Path path() {
        return path;
    }

    /** @return the position of its first record (from the file name) */
    public long firstPosition() {
        return firstPosition;
    }

    /** @return the scan result, or null if the segment could not be scanned (unsupported version) */
    public SegmentScanner.Result scan() {
        return scan;
    }

    /** @return true if every message in it is acknowledged and committed (the next open deletes it unread) */
    public boolean acknowledged() {
        return acknowledged;
    }
}
