package io.walchan.internal.log;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Frames records (see {@link Format}). Not thread-safe: one instance per writer,
 * reused so that the hot path allocates nothing but a larger buffer when needed.
 */
public final class RecordEncoder {

    private final CRC32C crc = new CRC32C();

    /**
     * Appends the framed record to {@code dst}, which must have
     * {@link Format#frameSize(int)} bytes remaining and be little-endian.
     *
     * @param dst the destination buffer
     * @param position the record's log position
     * @param payload the payload
     */
    public void encode(ByteBuffer dst, long position, byte[] payload) {
        if (dst.order() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalArgumentException("record buffers must be little-endian");
        }
        int start = dst.position();
        dst.putInt(payload.length);
        dst.putInt(0); // crc, filled in below
        dst.putLong(position);
        dst.put(payload);
        int end = start + Format.frameSize(payload.length);
        while (dst.position() < end) {
            dst.put((byte) 0);
        }
        dst.putInt(start + 4, checksum(crc, dst, start, payload.length));
    }

    /**
     * CRC32C over length, position and payload of the record at {@code start} in {@code buf}.
     * Moves {@code buf}'s position and limit and restores them, rather than allocating a view:
     * this runs once per record on both the write and the read path.
     */
    static int checksum(CRC32C crc, ByteBuffer buf, int start, int payloadLength) {
        int position = buf.position();
        int limit = buf.limit();
        try {
            crc.reset();
            buf.limit(start + 4).position(start);
            crc.update(buf);
            buf.limit(start + Format.RECORD_HEADER_SIZE + payloadLength).position(start + 8);
            crc.update(buf);
            return (int) crc.getValue();
        } finally {
            buf.limit(limit).position(position);
        }
    }
}
