package io.walchan.internal.inspect;

import io.walchan.internal.checkpoint.Checkpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What {@link LogVerifier} found in a channel directory. */
public final class VerifyReport {

    final List<SegmentReport> segments = new ArrayList<>();
    final List<Finding> findings = new ArrayList<>();
    Path directory;
    Checkpoint.State checkpoint;
    long committed;
    long endPosition;
    long records;
    long bytes;

    VerifyReport() {
    }

    /** @return the directory */
    public Path directory() {
        return directory;
    }

    /** @return every segment, in log order */
    public List<SegmentReport> segments() {
        return Collections.unmodifiableList(segments);
    }

    /** @return every problem, in log order */
    public List<Finding> findings() {
        return Collections.unmodifiableList(findings);
    }

    /** @return the checkpoint as read, or null if it could not be read (unsupported version) */
    public Checkpoint.State checkpoint() {
        return checkpoint;
    }

    /** @return the committed position open() would start from (before clamping) */
    public long committed() {
        return committed;
    }

    /** @return the position after the last valid record of the live log */
    public long endPosition() {
        return endPosition;
    }

    /** @return valid records read, in every segment */
    public long records() {
        return records;
    }

    /** @return segment bytes read */
    public long bytes() {
        return bytes;
    }

    /** @return the worst severity found, or null if there is nothing to report */
    public Finding.Severity worst() {
        Finding.Severity worst = null;
        for (Finding f : findings) {
            if (worst == null || f.severity().compareTo(worst) > 0) {
                worst = f.severity();
            }
        }
        return worst;
    }
}
