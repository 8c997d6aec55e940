package io.walchan.internal.inspect;

import io.walchan.internal.fs.DirectoryLock;
import io.walchan.internal.fs.FileLayer;
import io.walchan.internal.fs.LogFile;
import io.walchan.internal.fs.NioFileLayer;
import io.walchan.internal.log.Format;
import io.walchan.internal.segment.SegmentFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Repairs what {@link LogVerifier} found, the way etcd's repair does: every file
 * it changes is first copied aside, under a name that does not end in
 * {@code .wal} or {@code .tmp}, so open() neither reads nor deletes it.
 * <ul>
 *   <li>Damaged acknowledged segment: renamed to {@code <name>.damaged-<stamp>}
 *       (open() would delete it anyway).</li>
 *   <li>Unreadable checkpoint, or one that points below the oldest segment:
 *       renamed to {@code checkpoint.damaged-<stamp>}; delivery restarts at the
 *       oldest segment (at-least-once: nothing unacknowledged is lost).</li>
 *   <li>The first damage in the live log (torn or corrupt tail, mid-log or sealed
 *       segment corruption, a gap): the segment is copied to
 *       {@code <name>.damaged-<stamp>} and truncated at the damage (a damaged
 *       header: replaced by an empty segment with the same first position), and
 *       every later segment is renamed to {@code <name>.cut-<stamp>}. The log then
 *       ends at the damage; whatever followed is only in the copies.</li>
 *   <li>An unsupported format version is never touched.</li>
 * </ul>
 * The caller holds the directory lock, so no channel appends meanwhile.
 */
public final class LogRepairer {

    private final FileLayer fs = new NioFileLayer(true);
    private final Path dir;
    private final String stamp;
    private final List<String> actions = new ArrayList<>();

    /**
     * @param dir the channel directory
     * @param lock the held lock of {@code dir}; proves no channel has it open
     * @param stamp suffix of copied-aside files, e.g. {@code 20250101-120000}
     */
    public LogRepairer(Path dir, DirectoryLock lock, String stamp) {
        this.dir = dir;
        Objects.requireNonNull(lock, "the directory lock must be held while repairing");
        this.stamp = stamp;
    }

    /**
     * Applies the repairs for {@code report}, which must be fresh (made under the lock).
     *
     * @return what was done, one line per action, in order
     */
    public List<String> repair(VerifyReport report) throws IOException {
        boolean checkpointAside = false;
        boolean logCut = false;
        for (Finding f : report.findings()) {
            switch (f.kind()) {
                case CHECKPOINT_UNREADABLE:
                case COMMITTED_BEFORE_OLDEST:
                    if (!checkpointAside) {
                        moveAside(f.file(), ".damaged-");
                        checkpointAside = true;
                    }
                    break;
                case ACKNOWLEDGED_SEGMENT:
                    moveAside(f.file(), ".damaged-");
                    break;
                case TORN_TAIL:
                case TORN_UNSYNCED_SEAL:
                case CORRUPT_TAIL_RECORD:
                case MID_LOG_CORRUPTION:
                case SEALED_SEGMENT_CORRUPTION:
                case MISSING_SEGMENT:
                    if (!logCut) {
                        cutLog(report, f);
                        logCut = true;
                    }
                    break;
                default:
                    break; // UNSUPPORTED_VERSION: never touched. COMMITTED_BEYOND_END: open() clamps it.
            }
        }
        if (!actions.isEmpty()) {
            fs.syncDirectory(dir); // Commit the renames.
        }
        return actions;
    }

    private void cutLog(VerifyReport report, Finding f) throws IOException {
        SegmentReport damaged = null;
        List<SegmentReport> later = new ArrayList<>();
        for (SegmentReport s : report.segments()) {
            if (s.path().equals(f.file())) {
                damaged = s;
            } else if (damaged != null && !s.acknowledged()) {
                later.add(s);
            }
        }
        if (damaged == null) {
            return; // Not a segment of this report; nothing safe to do.
        }
        if (f.kind() == Finding.Kind.MISSING_SEGMENT) {
            moveAside(damaged.path(), ".cut-");
        } else {
            Path copy = copyAside(damaged.path());
            if (damaged.scan().headerDamaged) {
                SegmentFiles.create(fs, dir, damaged.firstPosition(), 0).close();
                actions.add("replaced " + name(damaged.path()) + " (damaged header) by an empty segment; the original"
                        + " is in " + name(copy));
            } else {
                truncate(damaged.path(), f.offset());
                actions.add("truncated " + name(damaged.path()) + " at byte offset " + f.offset() + " (was "
                        + damaged.scan().fileSize + " bytes); the original is in " + name(copy));
            }
        }
        for (SegmentReport s : later) {
            moveAside(s.path(), ".cut-");
        }
    }

    private void truncate(Path file, long size) throws IOException {
        try (LogFile f = fs.openWritable(file)) {
            f.truncate(size);
            f.force();
        }
    }

    private Path copyAside(Path file) throws IOException {
        Path copy = asideName(file, ".damaged-");
        Files.copy(file, copy);
        try (FileChannel ch = FileChannel.open(copy, StandardOpenOption.WRITE)) {
            ch.force(true); // The copy is durable before the original is changed.
        }
        fs.syncDirectory(dir);
        return copy;
    }

    private void moveAside(Path file, String infix) throws IOException {
        Path target = asideName(file, infix);
        fs.rename(file, target);
        actions.add("moved " + name(file) + " to " + name(target));
    }

    private Path asideName(Path file, String infix) {
        Path target = file.resolveSibling(name(file) + infix + stamp);
        for (int i = 1; Files.exists(target); i++) {
            target = file.resolveSibling(name(file) + infix + stamp + "-" + i);
        }
        assert !name(target).endsWith(Format.SEGMENT_SUFFIX) && !name(target).endsWith(Format.TEMP_SUFFIX);
        return target;
    }

    private static String name(Path p) {
        return p.getFileName().toString();
    }
}
