package io.walchan.internal.log;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Decodes one record at a time from a buffer (see {@link Format}). It never
 * throws on bad bytes and never allocates from an unchecked length: it reports
 * what it found and lets the caller decide between torn tail and corruption.
 * Not thread-safe.
 */
public final class RecordDecoder {

    /** What {@link #decode} found at the buffer's position. */
    public enum Status {
        /** A valid record: {@link #payloadLength()} and {@link #position()} describe it. */
        OK,
        /** Fewer bytes remain than the header or the whole frame needs. */
        INCOMPLETE,
        /** The length field is negative or above {@link Format#MAX_PAYLOAD_SIZE}. */
        BAD_LENGTH,
        /** The CRC does not match. */
        BAD_CRC,
        /** The CRC matches but the record carries another position than expected. */
        BAD_POSITION
    }

    private final CRC32C crc = new CRC32C();
    private int payloadLength;
    private long position;
    private int frameSize;
    private int storedCrc;
    private int computedCrc;

    /**
     * Looks at the record starting at {@code buf.position()} without moving it.
     *
     * @param buf little-endian buffer holding file bytes from a record boundary
     * @param expectedPosition the log position the record must have
     * @return the status; on OK the accessors describe the record
     */
    public Status decode(ByteBuffer buf, long expectedPosition) {
        if (buf.order() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalArgumentException("record buffers must be little-endian");
        }
        int start = buf.position();
        if (buf.remaining() < Format.RECORD_HEADER_SIZE) {
            return Status.INCOMPLETE;
        }
        payloadLength = buf.getInt(start);
        storedCrc = buf.getInt(start + 4);
        position = buf.getLong(start + 8);
        if (payloadLength < 0 || payloadLength > Format.MAX_PAYLOAD_SIZE) {
            return Status.BAD_LENGTH;
        }
        frameSize = Format.frameSize(payloadLength);
        if (buf.remaining() < Format.RECORD_HEADER_SIZE + payloadLength) {
            return Status.INCOMPLETE;
        }
        computedCrc = RecordEncoder.checksum(crc, buf, start, payloadLength);
        if (computedCrc != storedCrc) {
            return Status.BAD_CRC;
        }
        return position == expectedPosition ? Status.OK : Status.BAD_POSITION;
    }

    /** @return payload length of the last decoded record (valid unless BAD_LENGTH) */
    public int payloadLength() {
        return payloadLength;
    }

    /** @return position field of the last decoded record */
    public long position() {
        return position;
    }

    /** @return bytes the last decoded record occupies, padding included (may exceed what remains) */
    public int frameSize() {
        return frameSize;
    }

    /** @return a human-readable reason for the last non-OK status */
    public String describe(Status status, long expectedPosition) {
        switch (status) {
            case INCOMPLETE:
                return "record is incomplete (header says " + payloadLength + " payload bytes)";
            case BAD_LENGTH:
                return "invalid length field " + payloadLength + " (allowed 0.." + Format.MAX_PAYLOAD_SIZE + ")";
            case BAD_CRC:
                return String.format("CRC mismatch: stored 0x%08x, computed 0x%08x", storedCrc, computedCrc);
            case BAD_POSITION:
                return "record has position " + position + ", expected " + expectedPosition;
            default:
                return "ok";
        }
    }

    /** Copies the payload of the record at {@code buf.position()} (after an OK decode). */
    public byte[] payload(ByteBuffer buf) {
        byte[] out = new byte[payloadLength];
        buf.get(buf.position() + Format.RECORD_HEADER_SIZE, out);
        return out;
    }
}
