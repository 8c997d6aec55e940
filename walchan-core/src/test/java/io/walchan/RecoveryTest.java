package io.walchan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.walchan.internal.log.Format;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Torn tails, corruption, checkpoint damage and space reclaim, by mutating bytes on disk. */
class RecoveryTest {

    @TempDir
    Path dir;

    private Options options(boolean truncate, long segmentSize) {
        return Options.builder().durability(Durability.FLUSH_ONLY).truncateCorruptTail(truncate)
                .segmentSize(segmentSize).build();
    }

    private void write(int count, long segmentSize) {
        write(0, count, options(true, segmentSize));
    }

    /** Sends messages {@code from} .. {@code to - 1} and closes. */
    private void write(int from, int to, Options options) {
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), options)) {
            Sender<String> tx = ch.sender();
            for (int i = from; i < to; i++) {
                tx.send("message-" + i);
            }
        }
    }

    /** Options whose segments are sealed with an fsync (not FLUSH_ONLY), so damage in one is corruption. */
    private Options synced(long segmentSize) {
        return options(true, segmentSize).toBuilder()
                .durability(Durability.syncEvery(1000, java.time.Duration.ofSeconds(10))).build();
    }

    /** Zeros {@code segment} from {@code offset} to its end: what a power cut leaves of unsynced pages. */
    private static void zeroFrom(Path segment, long offset) throws Exception {
        byte[] bytes = Files.readAllBytes(segment);
        Arrays.fill(bytes, (int) offset, bytes.length, (byte) 0);
        Files.write(segment, bytes);
    }

    private List<String> readAll(Options options) {
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), options)) {
            List<String> got = new ArrayList<>();
            List<Delivery<String>> unsettled = new ArrayList<>();
            for (var it = ch.receiver().tryIter(); it.hasNext(); ) {
                Delivery<String> d = it.next();
                got.add(d.get());
                unsettled.add(d);
            }
            unsettled.forEach(Delivery::nack); // leave the log as it is
            return got;
        }
    }

    private static List<String> expected(int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add("message-" + i);
        }
        return out;
    }

    @Test
    void aPartialLastRecordIsTruncatedAndAppendsContinue() throws Exception {
        write(3, Options.DEFAULT_SEGMENT_SIZE);
        Path seg = LogFiles.lastSegment(dir);
        long full = LogFiles.size(seg);
        LogFiles.truncate(seg, full - 10); // cuts into the payload, not just the padding
        assertThat(readAll(options(true, Options.DEFAULT_SEGMENT_SIZE))).isEqualTo(expected(2));
        write(1, Options.DEFAULT_SEGMENT_SIZE);
        assertThat(readAll(options(true, Options.DEFAULT_SEGMENT_SIZE))).containsExactly("message-0", "message-1", "message-0");
    }

    @Test
    void aZeroedTailReadsAsTheEndOfTheLogAndIsCutOnClose() throws Exception {
        write(2, Options.DEFAULT_SEGMENT_SIZE);
        LogFiles.append(LogFiles.lastSegment(dir), new byte[4096]);
        assertThat(readAll(options(true, Options.DEFAULT_SEGMENT_SIZE))).isEqualTo(expected(2));
        assertThat(LogFiles.size(LogFiles.lastSegment(dir)) % Format.RECORD_ALIGNMENT).isZero();
    }

    @Test
    void aCorruptLastRecordIsTruncated() throws Exception {
        write(3, Options.DEFAULT_SEGMENT_SIZE);
        Path seg = LogFiles.lastSegment(dir);
        LogFiles.flipBit(seg, LogFiles.size(seg) - 10, 3);
        assertThat(readAll(options(true, Options.DEFAULT_SEGMENT_SIZE))).isEqualTo(expected(2));
    }

    @Test
    void withTruncationOffATornTailFailsToOpen() throws Exception {
        write(3, Options.DEFAULT_SEGMENT_SIZE);
        Path seg = LogFiles.lastSegment(dir);
        long full = LogFiles.size(seg);
        LogFiles.truncate(seg, full - 10); // cuts into the payload, not just the padding
        assertThatThrownBy(() -> readAll(options(false, Options.DEFAULT_SEGMENT_SIZE)))
                .isInstanceOfSatisfying(CorruptLogException.class, e -> {
                    assertThat(e.file().getFileName()).isEqualTo(seg.getFileName());
                    assertThat(e.offset()).isGreaterThan(Format.SEGMENT_HEADER_SIZE);
                    assertThat(e.reason()).contains("truncateCorruptTail is off");
                });
        assertThat(LogFiles.size(seg)).isEqualTo(full - 10); // nothing modified
        assertThat(readAll(options(true, Options.DEFAULT_SEGMENT_SIZE))).isEqualTo(expected(2));
    }

    @Test
    void corruptionBeforeTheTailIsReportedNeverSkipped() throws Exception {
        write(5, Options.DEFAULT_SEGMENT_SIZE);
        Path seg = LogFiles.lastSegment(dir);
        long secondRecordPayload = Format.SEGMENT_HEADER_SIZE + Format.frameSize("message-0".length())
                + Format.RECORD_HEADER_SIZE + 2;
        LogFiles.flipBit(seg, secondRecordPayload, 0);
        long before = LogFiles.size(seg);
        assertThatThrownBy(() -> readAll(options(true, Options.DEFAULT_SEGMENT_SIZE)))
                .isInstanceOfSatisfying(CorruptLogException.class, e -> {
                    assertThat(e.offset()).isEqualTo(Format.SEGMENT_HEADER_SIZE + Format.frameSize(9));
                    assertThat(e.reason()).contains("CRC mismatch").contains("valid records follow");
                });
        assertThat(LogFiles.size(seg)).isEqualTo(before);
    }

    @Test
    void aGarbageLengthFieldIsCorruptionNotAnAllocation() throws Exception {
        write(5, Options.DEFAULT_SEGMENT_SIZE);
        Path seg = LogFiles.lastSegment(dir);
        byte[] bytes = Files.readAllBytes(seg);
        int record = Format.SEGMENT_HEADER_SIZE;
        bytes[record + 3] = (byte) 0x7f; // length becomes ~2 GiB
        Files.write(seg, bytes);
        assertThatThrownBy(() -> readAll(options(true, Options.DEFAULT_SEGMENT_SIZE)))
                .isInstanceOf(CorruptLogException.class).hasMessageContaining("invalid length");
    }

    @Test
    void corruptionInASealedSegmentIsReported() throws Exception {
        write(0, 500, synced(4096));
        List<Path> segs = LogFiles.segments(dir);
        assertThat(segs).hasSizeGreaterThan(2);
        LogFiles.flipBit(segs.get(0), LogFiles.size(segs.get(0)) - 12, 1); // last record of a sealed segment
        assertThatThrownBy(() -> readAll(options(true, 4096)))
                .isInstanceOfSatisfying(CorruptLogException.class,
                        e -> assertThat(e.file().getFileName()).isEqualTo(segs.get(0).getFileName()))
                .hasMessageContaining("sealed segment");
    }

    @Test
    void aTornSegmentSealedWithoutAnFsyncEndsTheLogAndTheLaterSegmentsGo() throws Exception {
        write(500, 4096); // FLUSH_ONLY: segments sealed without an fsync
        List<Path> segs = LogFiles.segments(dir);
        assertThat(segs).hasSizeGreaterThan(3);
        Path torn = segs.get(1);
        long tornFirst = Long.parseLong(torn.getFileName().toString().replace(Format.SEGMENT_SUFFIX, ""));
        zeroFrom(torn, 2048); // the pages from here on never reached the disk

        List<String> got = readAll(options(true, 4096));
        assertThat(got.size()).as("the log ends inside the torn segment").isGreaterThan((int) tornFirst)
                .isLessThan(500);
        assertThat(got).isEqualTo(expected(got.size()));
        assertThat(LogFiles.segments(dir)).as("later segments deleted").containsExactly(segs.get(0), torn);

        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), options(true, 4096))) {
            ch.sender().send("after");
        }
        List<String> again = readAll(options(false, 4096));
        assertThat(again).hasSize(got.size() + 1).endsWith("after");
    }

    @Test
    void aTornSegmentSealedWithoutAnFsyncIsReportedWhenTruncationIsOff() throws Exception {
        write(500, 4096);
        List<Path> segs = LogFiles.segments(dir);
        zeroFrom(segs.get(1), 2048);
        assertThatThrownBy(() -> readAll(options(false, 4096)))
                .isInstanceOf(CorruptLogException.class).hasMessageContaining("sealed without an fsync")
                .hasMessageContaining("truncateCorruptTail is off");
        assertThat(LogFiles.segments(dir)).as("nothing deleted").isEqualTo(segs);
    }

    @Test
    void aTornSegmentSealedWithoutAnFsyncBeforeASyncedOneIsCorruption() throws Exception {
        write(500, 4096);                // FLUSH_ONLY segments ...
        write(500, 1000, synced(4096));  // ... then, reopened under SyncEvery, segments sealed with an fsync
        List<Path> segs = LogFiles.segments(dir);
        zeroFrom(segs.get(1), 2048);
        assertThatThrownBy(() -> readAll(options(true, 4096))) // zeros from a record start: an early end
                .isInstanceOf(CorruptLogException.class).hasMessageContaining("sealed segment ends at position");
        assertThat(LogFiles.segments(dir)).as("nothing deleted").isEqualTo(segs);
    }

    @Test
    void aRecordOfASegmentSealedWithoutAnFsyncCutAtAPageEndsTheLog() throws Exception {
        Options options = options(true, 4096);
        String pad = "x".repeat(100); // 128-byte frames: records straddle the 512-byte boundaries
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), options)) {
            for (int i = 0; i < 200; i++) {
                ch.sender().send(i + pad);
            }
        }
        List<Path> segs = LogFiles.segments(dir);
        assertThat(segs).hasSizeGreaterThan(3);
        zeroFrom(segs.get(1), 2048); // write-back stopped at a page boundary, in the middle of a record
        List<String> got = readAll(options);
        assertThat(got).isNotEmpty().hasSizeLessThan(200);
        for (int i = 0; i < got.size(); i++) {
            assertThat(got.get(i)).isEqualTo(i + pad);
        }
        assertThat(LogFiles.segments(dir)).containsExactly(segs.get(0), segs.get(1));
    }

    @Test
    void aNeverWrittenSegmentSealedWithoutAnFsyncIsReplacedInPlaceAndEndsTheLog() throws Exception {
        write(500, 4096);
        List<Path> segs = LogFiles.segments(dir);
        long first = Long.parseLong(segs.get(1).getFileName().toString().replace(Format.SEGMENT_SUFFIX, ""));
        zeroFrom(segs.get(1), 0); // not even its header reached the disk (its spare was never fsynced)
        assertThat(readAll(options(true, 4096))).isEqualTo(expected((int) first));
        assertThat(LogFiles.segments(dir)).containsExactly(segs.get(0), segs.get(1));
        assertThat(LogFiles.size(segs.get(1))).as("an empty segment under the same name")
                .isEqualTo(Format.SEGMENT_HEADER_SIZE);
    }

    @Test
    void aBitFlipInASegmentSealedWithoutAnFsyncIsStillCorruption() throws Exception {
        write(500, 4096); // FLUSH_ONLY; close() fsynced every segment
        List<Path> segs = LogFiles.segments(dir);
        LogFiles.flipBit(segs.get(1), LogFiles.size(segs.get(1)) - 12, 1); // its last record: no zeros after it
        assertThatThrownBy(() -> readAll(options(true, 4096)))
                .isInstanceOfSatisfying(CorruptLogException.class,
                        e -> assertThat(e.file().getFileName()).isEqualTo(segs.get(1).getFileName()))
                .hasMessageContaining("sealed segment");
        assertThat(LogFiles.segments(dir)).as("nothing deleted").isEqualTo(segs);
    }

    @Test
    void aSegmentSealedWithoutAnFsyncThatEndsEarlyEndsTheLog() throws Exception {
        // What a close, more unsynced appends and a power cut leave: the segment ends where the
        // close left it. A segment deleted by hand after it looks the same (see docs/FORMAT.md).
        write(500, 4096);
        List<Path> segs = LogFiles.segments(dir);
        long end = Long.parseLong(segs.get(2).getFileName().toString().replace(Format.SEGMENT_SUFFIX, ""));
        Files.delete(segs.get(2));
        assertThat(readAll(options(true, 4096))).isEqualTo(expected((int) end));
        assertThat(LogFiles.segments(dir)).containsExactly(segs.get(0), segs.get(1));
    }

    @Test
    void aMissingSegmentInTheMiddleIsReported() throws Exception {
        write(0, 500, synced(4096));
        List<Path> segs = LogFiles.segments(dir);
        Files.delete(segs.get(1));
        assertThatThrownBy(() -> readAll(options(true, 4096)))
                .isInstanceOf(CorruptLogException.class).hasMessageContaining("missing segment");
    }

    @Test
    void aMissingFirstSegmentIsReported() throws Exception {
        write(500, 4096);
        Files.delete(LogFiles.segments(dir).get(0));
        assertThatThrownBy(() -> readAll(options(true, 4096)))
                .isInstanceOf(CorruptLogException.class).hasMessageContaining("missing segment");
    }

    @Test
    void anUnsupportedVersionIsReported() throws Exception {
        write(1, Options.DEFAULT_SEGMENT_SIZE);
        Path seg = LogFiles.lastSegment(dir);
        byte[] bytes = Files.readAllBytes(seg);
        bytes[8] = 9; // version
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes, 0, 28);
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(28, (int) crc.getValue());
        Files.write(seg, bytes);
        assertThatThrownBy(() -> readAll(options(true, Options.DEFAULT_SEGMENT_SIZE)))
                .isInstanceOf(CorruptLogException.class).hasMessageContaining("unsupported format version 9");
    }

    @Test
    void aTornHeaderOfAnEmptyLastSegmentIsReplaced() throws Exception {
        write(3, Options.DEFAULT_SEGMENT_SIZE);
        Path torn = dir.resolve(String.format("%020d.wal", 3));
        Files.write(torn, new byte[10]); // a creation torn by a power cut without fsync
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), options(true, Options.DEFAULT_SEGMENT_SIZE))) {
            ch.sender().send("next");
        }
        assertThat(readAll(options(true, Options.DEFAULT_SEGMENT_SIZE)))
                .containsExactly("message-0", "message-1", "message-2", "next");
        assertThat(LogFiles.size(torn)).isGreaterThan(10);
    }

    @Test
    void aNeverWrittenLastSegmentIsRecreatedEvenWithTruncationOff() throws Exception {
        write(3, Options.DEFAULT_SEGMENT_SIZE);
        Path unwritten = dir.resolve(String.format("%020d.wal", 3));
        // Made from an unsynced preallocated spare, renamed, then a power cut: the name survived, no byte did.
        Files.write(unwritten, new byte[64 << 10]);
        Options strict = options(false, Options.DEFAULT_SEGMENT_SIZE);
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), strict)) {
            ch.sender().send("next");
        }
        assertThat(readAll(strict)).containsExactly("message-0", "message-1", "message-2", "next");
        Files.write(unwritten, new byte[0]); // the same with a size that did not survive either
        assertThat(readAll(strict)).containsExactly("message-0", "message-1", "message-2");
    }

    @Test
    void aZeroTailShorterThanARecordHeaderIsTheEndOfTheLog() throws Exception {
        write(2, Options.DEFAULT_SEGMENT_SIZE);
        LogFiles.append(LogFiles.lastSegment(dir), new byte[8]); // preallocated space ending 8 bytes after a record
        assertThat(readAll(options(false, Options.DEFAULT_SEGMENT_SIZE))).isEqualTo(expected(2));
    }

    @Test
    void aDamagedHeaderOfASegmentWithRecordsIsCorruption() throws Exception {
        write(3, Options.DEFAULT_SEGMENT_SIZE);
        Path seg = LogFiles.lastSegment(dir);
        LogFiles.flipBit(seg, 3, 2); // inside the magic
        assertThatThrownBy(() -> readAll(options(true, Options.DEFAULT_SEGMENT_SIZE)))
                .isInstanceOfSatisfying(CorruptLogException.class, e -> assertThat(e.offset()).isZero())
                .hasMessageContaining("bad magic");
    }

    @Test
    void leftoverTempFilesAreRemoved() throws Exception {
        write(1, Options.DEFAULT_SEGMENT_SIZE);
        Path temp = dir.resolve("00000000000000000001.wal.tmp");
        Files.write(temp, new byte[] {1, 2, 3});
        assertThat(readAll(options(true, Options.DEFAULT_SEGMENT_SIZE))).isEqualTo(expected(1));
        assertThat(temp).doesNotExist();
    }

    @Test
    void oneTornCheckpointSlotIsTolerated() throws Exception {
        write(4, Options.DEFAULT_SEGMENT_SIZE);
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), options(true, Options.DEFAULT_SEGMENT_SIZE))) {
            ch.receiver().tryRecv().ack(); // generation 2, slot 0
            ch.receiver().tryRecv().ack(); // generation 3, slot 1
        }
        Path cp = dir.resolve(Format.CHECKPOINT_FILE);
        byte[] bytes = Files.readAllBytes(cp);
        // The newest slot is torn: the previous committed position (1) must be used.
        for (int slot = 0; slot < 2; slot++) {
            byte[] copy = bytes.clone();
            int newest = java.nio.ByteBuffer.wrap(copy).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(8)
                    > java.nio.ByteBuffer.wrap(copy).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(520) ? 0 : 1;
            if (slot != newest) {
                continue;
            }
            Arrays.fill(copy, slot * 512 + 10, slot * 512 + 32, (byte) 0);
            Files.write(cp, copy);
        }
        // The torn slot is ignored: delivery resumes at the other slot's (older) position, never later.
        List<String> got = readAll(options(true, Options.DEFAULT_SEGMENT_SIZE));
        assertThat(got).hasSizeGreaterThan(2);
        assertThat(expected(4)).endsWith(got.toArray(new String[0]));
    }

    @Test
    void bothCheckpointSlotsGarbageRedeliversFromTheOldestSegment() throws Exception {
        write(3, Options.DEFAULT_SEGMENT_SIZE);
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), options(true, Options.DEFAULT_SEGMENT_SIZE))) {
            ch.receiver().tryRecv().ack();
        }
        byte[] garbage = new byte[1024];
        new java.util.Random(1).nextBytes(garbage);
        Files.write(dir.resolve(Format.CHECKPOINT_FILE), garbage);
        assertThat(readAll(options(true, Options.DEFAULT_SEGMENT_SIZE))).isEqualTo(expected(3));
    }

    @Test
    void aCommittedPositionBeyondTheLogIsClampedAndPersisted() throws Exception {
        write(3, Options.DEFAULT_SEGMENT_SIZE);
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), options(true, Options.DEFAULT_SEGMENT_SIZE))) {
            for (int i = 0; i < 3; i++) {
                ch.receiver().tryRecv().ack();
            }
        }
        // Lose the log's tail (as a power cut under FLUSH_ONLY may) while the checkpoint says 3.
        Path seg = LogFiles.lastSegment(dir);
        LogFiles.truncate(seg, Format.SEGMENT_HEADER_SIZE + Format.frameSize(9));
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), options(true, Options.DEFAULT_SEGMENT_SIZE))) {
            ch.sender().send("new-1");
        }
        assertThat(readAll(options(true, Options.DEFAULT_SEGMENT_SIZE))).containsExactly("new-1");
    }

    @Test
    void spaceIsReclaimedOnceSegmentsAreAcknowledged() throws Exception {
        Options small = options(true, 4096);
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), small)) {
            Sender<String> tx = ch.sender();
            for (int i = 0; i < 1000; i++) {
                tx.send("message-" + i);
                if (i % 10 == 9) {
                    for (var it = ch.receiver().tryIter(); it.hasNext(); ) {
                        it.next().ack();
                    }
                }
                assertThat(LogFiles.segments(dir).size()).isLessThanOrEqualTo(2);
            }
        }
        long total = 0;
        for (Path p : LogFiles.segments(dir)) {
            total += Files.size(p);
        }
        assertThat(total).isLessThanOrEqualTo(2 * 4096);
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), small)) {
            ch.sender().send("after");
            assertThat(ch.receiver().tryRecv().position()).isEqualTo(1000);
        }
    }

    @Test
    void truncatingTheLastSegmentAtEveryOffsetRecoversAnExactPrefix() throws Exception {
        write(6, Options.DEFAULT_SEGMENT_SIZE);
        Path seg = LogFiles.lastSegment(dir);
        byte[] original = Files.readAllBytes(seg);
        for (int cut = original.length; cut >= 0; cut--) {
            Files.write(seg, Arrays.copyOf(original, cut));
            List<String> got = readAll(options(true, Options.DEFAULT_SEGMENT_SIZE));
            int complete = 0;
            long end = Format.SEGMENT_HEADER_SIZE;
            while (complete < 6 && end + Format.RECORD_HEADER_SIZE + 9 <= cut) {
                end += Format.frameSize(9);
                complete++;
            }
            assertThat(got).as("cut at %d", cut).isEqualTo(expected(complete));
            write(1, Options.DEFAULT_SEGMENT_SIZE); // appending after recovery works
            List<String> after = readAll(options(true, Options.DEFAULT_SEGMENT_SIZE));
            assertThat(after).hasSize(complete + 1).endsWith("message-0");
        }
    }
}
