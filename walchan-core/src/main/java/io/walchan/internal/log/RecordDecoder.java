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
    /** The raw header of the last {@link #decodeCopy}, for its CRC. */
    private final byte[] header = new byte[Format.RECORD_HEADER_SIZE];
    /** The payload of the last OK {@link #decodeCopy}. */
    private byte[] copied;

    /**
     * Looks at the record starting at {@code buf.position()} without moving it.
     *
     * @param buf little-endian buffer holding file bytes from a record boundary
     * @param expectedPosition the log position the record must have
     * @return the status; on OK the accessors describe the record
     */
    public Status decode(ByteBuffer buf, long expectedPosition) {
        copied = null;
        int start = buf.position();
        Status frame = readFrame(buf, start);
        if (frame != Status.OK) {
            return frame;
        }
        computedCrc = RecordEncoder.checksum(crc, buf, start, payloadLength);
        return check(expectedPosition);
    }

    /**
     * Reads the header at {@code start}.
     *
     * @return OK if the whole frame lies inside {@code buf}; else INCOMPLETE or BAD_LENGTH
     */
    private Status readFrame(ByteBuffer buf, int start) {
        if (buf.order() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalArgumentException("record buffers must be little-endian");
        }
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
        return buf.remaining() < Format.RECORD_HEADER_SIZE + payloadLength ? Status.INCOMPLETE : Status.OK;
    }

    /** @return the status of a whole frame once {@code computedCrc} is set */
    private Status check(long expectedPosition) {
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

    /**
     * As {@link #decode} followed by {@link #payload}, but the record is copied out of
     * {@code buf} first and the copy is checked: the CRC never reads {@code buf}. For
     * buffers that are memory maps: the JVM turns a fault while copying out of a map (a
     * page that cannot be read from the disk) into an {@link InternalError}, but a fault
     * inside the CRC's intrinsic would end the process. Allocates the payload only once
     * the frame is known to lie wholly inside {@code buf}.
     *
     * @return the status; on OK, {@link #copiedPayload()} holds the payload
     */
    public Status decodeCopy(ByteBuffer buf, long expectedPosition) {
        copied = null;
        int start = buf.position();
        Status frame = readFrame(buf, start);
        if (frame != Status.OK) {
            return frame;
        }
        buf.get(start, header);
        byte[] payload = new byte[payloadLength];
        buf.get(start + Format.RECORD_HEADER_SIZE, payload);
        crc.reset();
        crc.update(header, 0, 4); // length, then position and payload: RecordEncoder.checksum's order
        crc.update(header, 8, 8);
        crc.update(payload);
        computedCrc = (int) crc.getValue();
        Status status = check(expectedPosition);
        if (status == Status.OK) {
            copied = payload;
        }
        return status;
    }

    /** @return the payload copied by the last {@link #decodeCopy} that returned OK, else null */
    public byte[] copiedPayload() {
        return copied;
    }

    /** Copies the payload of the record at {@code buf.position()} (after an OK decode). */
    public byte[] payload(ByteBuffer buf) {
        byte[] out = new byte[payloadLength];
        buf.get(buf.position() + Format.RECORD_HEADER_SIZE, out);
        return out;
    }
}
