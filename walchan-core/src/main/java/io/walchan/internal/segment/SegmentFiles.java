package io.walchan.internal.segment;

import io.walchan.CorruptLogException;
import io.walchan.internal.fs.FileLayer;
import io.walchan.internal.fs.LogFile;
import io.walchan.internal.log.Format;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;

/** Segment names and headers (see {@link Format} and docs/FORMAT.md), and segment creation. */
public final class SegmentFiles {

    private SegmentFiles() {
    }

    /** @return the file name of the segment whose first record has {@code firstPosition} */
    public static String name(long firstPosition) {
        return String.format("%020d%s", firstPosition, Format.SEGMENT_SUFFIX);
    }

    /** @return true if {@code fileName} looks like a segment name (20 digits + ".wal") */
    public static boolean isSegmentName(String fileName) {
        return fileName.length() == 20 + Format.SEGMENT_SUFFIX.length()
                && fileName.endsWith(Format.SEGMENT_SUFFIX)
                && fileName.chars().limit(20).allMatch(c -> c >= '0' && c <= '9');
    }

    /** @return the first position encoded in a segment name (see {@link #isSegmentName}) */
    public static long parseName(String fileName) {
        return Long.parseLong(fileName.substring(0, 20));
    }

    /** @return the 32-byte header of a segment starting at {@code firstPosition}, without flags */
    public static ByteBuffer header(long firstPosition) {
        return header(firstPosition, 0);
    }

    /**
     * @param flags header flags, e.g. {@link Format#FLAG_UNSYNCED_SEAL}
     * @return the 32-byte header of a segment starting at {@code firstPosition}
     */
    public static ByteBuffer header(long firstPosition, int flags) {
        ByteBuffer buf = ByteBuffer.allocate(Format.SEGMENT_HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(Format.SEGMENT_MAGIC).putInt(Format.VERSION).putInt(flags).putLong(firstPosition).putInt(0);
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, Format.SEGMENT_HEADER_SIZE - 4);
        buf.putInt((int) crc.getValue());
        return buf.flip();
    }

    /**
     * Checks a segment header.
     *
     * @return null if valid, else the reason it is not
     * @throws CorruptLogException if the header is intact but of an unsupported version
     */
    public static String checkHeader(ByteBuffer buf, long expectedFirst, Path file) {
        if (buf.remaining() < Format.SEGMENT_HEADER_SIZE) {
            return "segment header is incomplete: " + buf.remaining() + " of " + Format.SEGMENT_HEADER_SIZE + " bytes";
        }
        ByteBuffer b = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int start = b.position();
        byte[] magic = new byte[Format.SEGMENT_MAGIC.length];
        b.get(start, magic);
        if (!Arrays.equals(magic, Format.SEGMENT_MAGIC)) {
            return "not a walchan segment: bad magic";
        }
        CRC32C crc = new CRC32C();
        ByteBuffer covered = b.duplicate();
        covered.limit(start + Format.SEGMENT_HEADER_SIZE - 4);
        crc.update(covered);
        int stored = b.getInt(start + Format.SEGMENT_HEADER_SIZE - 4);
        if ((int) crc.getValue() != stored) {
            return String.format("segment header CRC mismatch: stored 0x%08x, computed 0x%08x", stored, (int) crc.getValue());
        }
        int version = b.getInt(start + 8);
        if (version != Format.VERSION) {
            throw new CorruptLogException(file, 8, "unsupported format version " + version
                    + " (this walchan reads version " + Format.VERSION + "); use the walchan release that wrote it");
        }
        int flags = b.getInt(start + 12);
        if ((flags & ~Format.KNOWN_FLAGS) != 0) {
            throw new CorruptLogException(file, 12, String.format("unknown segment flags 0x%x (this walchan knows"
                    + " 0x%x); use the walchan release that wrote it", flags, Format.KNOWN_FLAGS));
        }
        long first = b.getLong(start + 16);
        if (first != expectedFirst) {
            return "segment header says first position " + first + " but the file name says " + expectedFirst;
        }
        return null;
    }

    /**
     * Creates a segment durably: header into a temp file, fsync, rename, fsync the
     * directory. A crash leaves either no segment or a complete empty one (plus
     * perhaps a temp file, which recovery deletes).
     *
     * @return the new segment file, open for writing
     */
    public static LogFile create(FileLayer fs, Path dir, long firstPosition, int flags) throws IOException {
        Path target = dir.resolve(name(firstPosition));
        Path temp = dir.resolve(name(firstPosition) + Format.TEMP_SUFFIX);
        try (LogFile file = fs.openWritable(temp)) {
            file.truncate(0);
            file.writeFully(header(firstPosition, flags), 0);
            file.force();
        } catch (IOException e) {
            deleteQuietly(fs, temp);
            throw e;
        }
        fs.rename(temp, target); // A rename is atomic: the segment appears whole or not at all.
        fs.syncDirectory(dir);   // Commit the creation.
        return fs.openWritable(target);
    }

    /**
     * Turns a prepared spare file (see {@link SegmentPreparer}: zero bytes, already
     * maybe fsynced) into the segment starting at {@code firstPosition}: header, fsync
     * (one page; skipped with {@code syncHeader} false, for a spare whose zeros are not
     * synced, as the fsync would write them all), rename, fsync the directory. The
     * spare is a temp file until the rename. Without the header fsync, a power cut can
     * leave the renamed segment with a zero header; it is then the last segment and holds
     * no durable record (any fsync of it also persists the header, and the next roll
     * seals it), which recovery deletes and recreates (docs/FORMAT.md).
     *
     * @return the new segment file, open for writing
     */
    public static LogFile createFromSpare(FileLayer fs, Path dir, Path spare, long firstPosition, int flags,
            boolean syncHeader) throws IOException {
        Path target = dir.resolve(name(firstPosition));
        try (LogFile file = fs.openWritable(spare)) {
            file.writeFully(header(firstPosition, flags), 0);
            if (syncHeader) {
                file.force();
            }
        } catch (IOException e) {
            deleteQuietly(fs, spare);
            throw e;
        }
        fs.rename(spare, target);
        fs.syncDirectory(dir);
        return fs.openWritable(target);
    }

    static void deleteQuietly(FileLayer fs, Path file) {
        try {
            fs.delete(file);
        } catch (IOException ignored) {
            // Recovery deletes leftover temp files; the creation error is the one to report.
        }
    }
}
