package io.walchan.internal.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Properties of record framing: round trip, truncation, bit flips, garbage. */
class RecordFramingProperties {

    @Provide
    Arbitrary<List<byte[]>> payloads() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300).list().ofMinSize(1).ofMaxSize(20);
    }

    private static ByteBuffer encode(List<byte[]> payloads, long first) {
        int size = payloads.stream().mapToInt(p -> Format.frameSize(p.length)).sum();
        ByteBuffer buf = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        RecordEncoder encoder = new RecordEncoder();
        long position = first;
        for (byte[] p : payloads) {
            encoder.encode(buf, position++, p);
        }
        return buf.flip();
    }

    /** Decodes records from the start; returns how many were OK, and leaves the last status in {@code last[0]}. */
    private static int decodeAll(ByteBuffer buf, long first, RecordDecoder.Status[] last, List<byte[]> out) {
        RecordDecoder decoder = new RecordDecoder();
        ByteBuffer b = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int count = 0;
        while (b.hasRemaining()) {
            RecordDecoder.Status status = decoder.decode(b, first + count);
            last[0] = status;
            if (status != RecordDecoder.Status.OK) {
                return count;
            }
            if (out != null) {
                out.add(decoder.payload(b));
            }
            b.position(Math.min(b.limit(), b.position() + decoder.frameSize()));
            count++;
        }
        last[0] = RecordDecoder.Status.OK;
        return count;
    }

    @Property(tries = 1000)
    void roundTrip(@ForAll("payloads") List<byte[]> payloads, @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long first) {
        List<byte[]> out = new java.util.ArrayList<>();
        RecordDecoder.Status[] last = new RecordDecoder.Status[1];
        assertThat(decodeAll(encode(payloads, first), first, last, out)).isEqualTo(payloads.size());
        for (int i = 0; i < payloads.size(); i++) {
            assertThat(out.get(i)).isEqualTo(payloads.get(i));
        }
    }

    @Property(tries = 1000)
    void everyTruncationDecodesToAPrefix(@ForAll("payloads") List<byte[]> payloads, @ForAll @IntRange(min = 0, max = 100_000) int cutSeed) {
        ByteBuffer full = encode(payloads, 0);
        int cut = cutSeed % (full.limit() + 1);
        ByteBuffer truncated = full.duplicate().order(ByteOrder.LITTLE_ENDIAN).limit(cut);
        int expected = 0;
        long end = 0;
        for (byte[] p : payloads) {
            if (end + Format.RECORD_HEADER_SIZE + p.length > cut) {
                break;
            }
            end += Format.frameSize(p.length);
            expected++;
        }
        RecordDecoder.Status[] last = new RecordDecoder.Status[1];
        assertThat(decodeAll(truncated, 0, last, null)).isEqualTo(expected);
        if (expected < payloads.size()) {
            assertThat(last[0]).isIn(RecordDecoder.Status.INCOMPLETE, RecordDecoder.Status.OK);
        }
    }

    @Property(tries = 1000)
    void everySingleBitFlipIsDetected(@ForAll("payloads") List<byte[]> payloads, @ForAll @IntRange(min = 0, max = 1_000_000) int flipSeed) {
        ByteBuffer buf = encode(payloads, 7);
        // Flip a bit in a covered byte (header or payload, not padding).
        int record = flipSeed % payloads.size();
        int start = 0;
        for (int i = 0; i < record; i++) {
            start += Format.frameSize(payloads.get(i).length);
        }
        int covered = Format.RECORD_HEADER_SIZE + payloads.get(record).length;
        int offset = start + (flipSeed / 7) % covered;
        buf.put(offset, (byte) (buf.get(offset) ^ (1 << (flipSeed % 8))));
        RecordDecoder.Status[] last = new RecordDecoder.Status[1];
        int decoded = decodeAll(buf, 7, last, null);
        assertThat(decoded).isLessThanOrEqualTo(record);
        assertThat(last[0]).isNotEqualTo(RecordDecoder.Status.OK);
    }

    @Property(tries = 1000)
    void garbageNeverThrowsNorAllocatesFromItsLength(@ForAll byte[] garbage) {
        ByteBuffer buf = ByteBuffer.wrap(garbage).order(ByteOrder.LITTLE_ENDIAN);
        RecordDecoder.Status[] last = new RecordDecoder.Status[1];
        int decoded = decodeAll(buf, 0, last, null); // no exception, no allocation from the length field
        if (garbage.length > 0) {
            assertThat(decoded).isZero(); // a random CRC32C match is a 2^-32 event
            assertThat(last[0]).isNotEqualTo(RecordDecoder.Status.OK);
        }
    }

    /**
     * decodeCopy (the receiver's path over a memory map: copy out, then check the copy)
     * finds exactly what decode finds, on intact, truncated and bit-flipped records, in a
     * direct buffer as a map is one.
     */
    @Property(tries = 1000)
    void decodeCopyAgreesWithDecode(@ForAll("payloads") List<byte[]> payloads,
            @ForAll @IntRange(min = 0, max = 1_000_000) int damageSeed) {
        ByteBuffer heap = encode(payloads, 3);
        if (damageSeed % 3 == 1) { // a bit flip anywhere
            int offset = damageSeed % heap.limit();
            heap.put(offset, (byte) (heap.get(offset) ^ (1 << (damageSeed % 8))));
        } else if (damageSeed % 3 == 2) { // a truncation
            heap.limit(damageSeed % (heap.limit() + 1));
        }
        ByteBuffer direct = ByteBuffer.allocateDirect(heap.limit()).order(ByteOrder.LITTLE_ENDIAN);
        direct.put(heap.duplicate()).flip();
        RecordDecoder decoder = new RecordDecoder();
        RecordDecoder copier = new RecordDecoder();
        long position = damageSeed % 5 == 4 ? 4 : 3; // sometimes a wrong expected position: BAD_POSITION
        int at = 0;
        while (at < direct.limit()) {
            ByteBuffer a = direct.duplicate().order(ByteOrder.LITTLE_ENDIAN).position(at);
            ByteBuffer b = direct.duplicate().order(ByteOrder.LITTLE_ENDIAN).position(at);
            RecordDecoder.Status expected = decoder.decode(a, position);
            RecordDecoder.Status got = copier.decodeCopy(b, position);
            assertThat(got).isEqualTo(expected);
            assertThat(b.position()).as("the buffer's position is left alone").isEqualTo(at);
            assertThat(b.limit()).as("and its limit").isEqualTo(direct.limit());
            if (expected != RecordDecoder.Status.OK) {
                assertThat(copier.copiedPayload()).isNull();
                return;
            }
            assertThat(copier.copiedPayload()).isEqualTo(decoder.payload(a));
            assertThat(copier.frameSize()).isEqualTo(decoder.frameSize());
            at += decoder.frameSize();
            position++;
        }
    }
}
