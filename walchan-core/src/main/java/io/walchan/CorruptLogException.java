package io.walchan;

import java.nio.file.Path;

/**
 * A log or checkpoint file holds bytes that are not a valid record where a
 * valid record must be: a CRC mismatch before the tail, a missing segment, an
 * unknown format version, or (with {@code truncateCorruptTail(false)}) a torn
 * tail. walchan never skips such bytes silently; it stops and says where they
 * are. The format is described in {@code docs/FORMAT.md}; {@code walchan verify
 * --repair DIR} copies a damaged segment aside and truncates it.
 */
public class CorruptLogException extends WalchanException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;
    private final String reason;

    /**
     * @param file the damaged file
     * @param offset byte offset of the first bad byte in that file, or -1 if the
     *     damage is not at one offset (e.g. a missing file)
     * @param reason what is wrong, e.g. "CRC mismatch: stored 0x1234, computed 0x5678"
     */
    public CorruptLogException(Path file, long offset, String reason) {
        super(describe(file, offset, reason));
        this.file = file;
        this.offset = offset;
        this.reason = reason;
    }

    private static String describe(Path file, long offset, String reason) {
        String where = offset >= 0 ? file + " at byte offset " + offset : String.valueOf(file);
        return "corrupt walchan log: " + where + ": " + reason;
    }

    /** @return the damaged file */
    public Path file() {
        return file;
    }

    /** @return the byte offset of the damage in {@link #file()}, or -1 if not at one offset */
    public long offset() {
        return offset;
    }

    /** @return what is wrong, without the file and offset */
    public String reason() {
        return reason;
    }
}
