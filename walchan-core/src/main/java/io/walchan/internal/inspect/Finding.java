package io.walchan.internal.inspect;

import java.nio.file.Path;

/**
 * One problem {@link LogVerifier} found, classified the way recovery on open
 * would treat it (docs/FORMAT.md, "Recovery").
 */
public final class Finding {

    /** What kind of damage, and therefore what open() and {@code --repair} do with it. */
    public enum Kind {
        /**
         * A torn write in the last segment: an incomplete record or only zeros up to the end, or a record
         * with never-written (zeroed) bytes even if valid unsynced records follow: open() truncates it.
         */
        TORN_TAIL(Severity.REPAIRABLE),
        /** A complete last record that fails its check, nothing valid after it: open() truncates it. */
        CORRUPT_TAIL_RECORD(Severity.REPAIRABLE),
        /**
         * A segment sealed without an fsync (FLUSH_ONLY) that ends early or torn, as a power loss
         * leaves it, with only such segments after it: open() ends the log there and deletes the later ones.
         */
        TORN_UNSYNCED_SEAL(Severity.REPAIRABLE),
        /** Damage in a segment whose messages are all acknowledged: open() deletes it unread. */
        ACKNOWLEDGED_SEGMENT(Severity.REPAIRABLE),
        /** Neither checkpoint slot is valid: open() re-delivers from the oldest segment. */
        CHECKPOINT_UNREADABLE(Severity.REPAIRABLE),
        /** The checkpoint is beyond the end of the log (acknowledged, unsynced records lost): open() clamps it. */
        COMMITTED_BEYOND_END(Severity.WARNING),
        /** Damage in the last segment, not a torn write, with valid records after it: open() fails. */
        MID_LOG_CORRUPTION(Severity.CORRUPT),
        /** Damage in a sealed (not last) segment: open() fails. */
        SEALED_SEGMENT_CORRUPTION(Severity.CORRUPT),
        /** A gap between two segments: open() fails. */
        MISSING_SEGMENT(Severity.CORRUPT),
        /** The checkpoint says messages were acknowledged that no segment holds any more (or none exists): open() fails. */
        COMMITTED_BEFORE_OLDEST(Severity.CORRUPT),
        /** A segment or checkpoint of a format version this code cannot read: open() fails; not repairable. */
        UNSUPPORTED_VERSION(Severity.CORRUPT);

        private final Severity severity;

        Kind(Severity severity) {
            this.severity = severity;
        }

        /** @return how bad this kind is */
        public Severity severity() {
            return severity;
        }
    }

    /** How bad a finding is; the order is from harmless to fatal. */
    public enum Severity {
        /** Reported; open() handles it and nothing is lost that was not already lost. */
        WARNING,
        /** open() repairs it by itself (truncating a tail, deleting an acknowledged segment). */
        REPAIRABLE,
        /** open() fails with CorruptLogException; {@code verify --repair} cuts the log at the damage. */
        CORRUPT
    }

    private final Kind kind;
    private final Path file;
    private final long offset;
    private final String reason;

    /**
     * @param kind what kind of damage
     * @param file the damaged file
     * @param offset byte offset of the first bad byte, or -1 if not at one offset
     * @param reason what is wrong, with numbers
     */
    public Finding(Kind kind, Path file, long offset, String reason) {
        this.kind = kind;
        this.file = file;
        this.offset = offset;
        this.reason = reason;
    }

    /** @return the kind of damage */
    public Kind kind() {
        return kind;
    }

    /** @return the kind's severity */
    public Severity severity() {
        return kind.severity();
    }

    /** @return the damaged file */
    public Path file() {
        return file;
    }

    /** @return byte offset of the damage in {@link #file()}, or -1 */
    public long offset() {
        return offset;
    }

    /** @return what is wrong */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return kind + ": " + file.getFileName() + (offset >= 0 ? " at byte offset " + offset : "") + ": " + reason;
    }
}
