package io.walchan.internal.log;

/**
 * Constants of the on-disk format, version 1. The format is specified once, in
 * {@code docs/FORMAT.md}; this class only names its numbers. All integers are
 * little-endian.
 *
 * <pre>
 * segment file  "&lt;first position, 20 digits&gt;.wal"
 *   header  32 bytes: magic "WALCHSEG" | version u32 | flags u32 | first position u64 | reserved u32 | crc32c u32
 *   records, each starting at an offset that is a multiple of 8:
 *           length u32 | crc32c u32 | position u64 | payload[length] | zero padding to a multiple of 8
 *           crc32c covers length, position and payload
 * checkpoint file "checkpoint": two 32-byte slots at offsets 0 and 512:
 *           magic "WCKP" | version u32 | generation u64 | committed position u64 | reserved u32 | crc32c u32
 * </pre>
 */
public final class Format {

    /** Format version written by this code and the only one it reads. */
    public static final int VERSION = 1;

    /** Segment header magic, 8 ASCII bytes. */
    public static final byte[] SEGMENT_MAGIC = {'W', 'A', 'L', 'C', 'H', 'S', 'E', 'G'};
    /**
     * Segment header flag (bit 0): the segment was written under FLUSH_ONLY, which does not
     * fsync a segment when it is sealed, so after a power loss its end may be torn like the
     * last segment's. Recovery then ends the log there (docs/FORMAT.md, "Recovery").
     */
    public static final int FLAG_UNSYNCED_SEAL = 1;
    /** Every header flag this code knows; others are refused as a newer format. */
    public static final int KNOWN_FLAGS = FLAG_UNSYNCED_SEAL;
    /** Segment header size in bytes; the first record starts here. */
    public static final int SEGMENT_HEADER_SIZE = 32;
    /** Segment file name suffix. */
    public static final String SEGMENT_SUFFIX = ".wal";
    /** Suffix of a segment being created (temp file, renamed when complete). */
    public static final String TEMP_SUFFIX = ".tmp";

    /** Record header: length u32, crc32c u32, position u64. */
    public static final int RECORD_HEADER_SIZE = 16;
    /** Records start at multiples of this, so a header never straddles a sector. */
    public static final int RECORD_ALIGNMENT = 8;
    /** Largest payload accepted; a larger length field is corruption, never an allocation. */
    public static final int MAX_PAYLOAD_SIZE = 128 << 20;

    /** Checkpoint file name. */
    public static final String CHECKPOINT_FILE = "checkpoint";
    /** Checkpoint slot magic "WCKP" as a little-endian int. */
    public static final int CHECKPOINT_MAGIC = 0x504B4357;
    /** Size of one checkpoint slot in bytes. */
    public static final int CHECKPOINT_SLOT_SIZE = 32;
    /** Distance between the two slots, so one torn sector never touches both. */
    public static final int CHECKPOINT_SLOT_STRIDE = 512;

    private Format() {
    }

    /** @return the bytes a record with {@code payloadLength} bytes occupies, padding included */
    public static int frameSize(int payloadLength) {
        return align(RECORD_HEADER_SIZE + payloadLength);
    }

    /** @return {@code n} rounded up to the record alignment */
    public static int align(int n) {
        return (n + RECORD_ALIGNMENT - 1) & -RECORD_ALIGNMENT;
    }
}
