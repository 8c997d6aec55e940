package io.walchan.internal.inspect;

import io.walchan.WalchanException;
import io.walchan.internal.fs.DirectoryLock;
import io.walchan.internal.log.Format;
import io.walchan.internal.segment.SegmentFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;

/**
 * What a channel directory holds, by file name only (docs/FORMAT.md, "The
 * directory"): segments in log order, the checkpoint, the lock file, and
 * anything else. Reading it changes nothing and takes no lock, so it may race
 * with an open channel: a segment listed here may be deleted by the owner's
 * reclaim before it is read.
 */
public final class DirectoryListing {

    private final Path dir;
    private final TreeMap<Long, Path> segments;
    private final boolean hasCheckpoint;
    private final boolean hasLockFile;
    private final List<Path> otherFiles;

    private DirectoryListing(Path dir, TreeMap<Long, Path> segments, boolean hasCheckpoint, boolean hasLockFile,
            List<Path> otherFiles) {
        this.dir = dir;
        this.segments = segments;
        this.hasCheckpoint = hasCheckpoint;
        this.hasLockFile = hasLockFile;
        this.otherFiles = otherFiles;
    }

    /**
     * Lists {@code dir}.
     *
     * @throws NotAChannelDirectoryException if {@code dir} is missing, not a directory, or
     *     holds neither a segment, a checkpoint nor a lock file
     * @throws WalchanException if the directory cannot be read
     */
    public static DirectoryListing read(Path dir) {
        if (!Files.exists(dir)) {
            throw new NotAChannelDirectoryException(dir, "directory " + dir.toAbsolutePath() + " does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new NotAChannelDirectoryException(dir, dir.toAbsolutePath() + " is not a directory");
        }
        TreeMap<Long, Path> segments = new TreeMap<>();
        List<Path> others = new ArrayList<>();
        boolean checkpoint = false;
        boolean lock = false;
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path file : stream) {
                String name = file.getFileName().toString();
                if (SegmentFiles.isSegmentName(name) && Files.isRegularFile(file)) {
                    segments.put(SegmentFiles.parseName(name), file);
                } else if (name.equals(Format.CHECKPOINT_FILE)) {
                    checkpoint = true;
                } else if (name.equals(DirectoryLock.FILE_NAME)) {
                    lock = true;
                } else {
                    others.add(file);
                }
            }
        } catch (IOException e) {
            throw new WalchanException("cannot list " + dir.toAbsolutePath() + ": " + e, e);
        }
        if (segments.isEmpty() && !checkpoint && !lock) {
            throw new NotAChannelDirectoryException(dir, dir.toAbsolutePath() + " is not a walchan channel directory:"
                    + " it holds no segment (<20 digits>" + Format.SEGMENT_SUFFIX + "), no " + Format.CHECKPOINT_FILE
                    + " and no " + DirectoryLock.FILE_NAME + " file");
        }
        Collections.sort(others);
        return new DirectoryListing(dir, segments, checkpoint, lock, Collections.unmodifiableList(others));
    }

    /** @return the directory */
    public Path directory() {
        return dir;
    }

    /** @return segment files by first position, in log order (a copy) */
    public TreeMap<Long, Path> segments() {
        return new TreeMap<>(segments);
    }

    /** @return true if a checkpoint file exists */
    public boolean hasCheckpoint() {
        return hasCheckpoint;
    }

    /** @return true if a lock file exists (it does not say whether the lock is held) */
    public boolean hasLockFile() {
        return hasLockFile;
    }

    /** @return files that are neither segments, checkpoint nor lock (temp files, damaged copies), sorted */
    public List<Path> otherFiles() {
        return otherFiles;
    }

    /** @return total size of the segment files in bytes (files deleted meanwhile count 0) */
    public long segmentBytes() {
        long total = 0;
        for (Path p : segments.values()) {
            try {
                total += Files.size(p);
            } catch (IOException e) {
                // Deleted by the owner's reclaim since the listing: it holds nothing any more.
            }
        }
        return total;
    }
}
