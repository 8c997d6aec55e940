package io.walchan.internal.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.walchan.Channel;
import io.walchan.Codecs;
import io.walchan.CorruptLogException;
import io.walchan.Durability;
import io.walchan.Options;
import io.walchan.Sender;
import io.walchan.Walchan;
import io.walchan.internal.fs.DirectoryLock;
import io.walchan.internal.log.Format;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectTest {

    @TempDir
    Path dir;

    /** Writes {@code n} messages "m0".."m{n-1}" of ~100 bytes into 4 KiB segments; acks the first {@code acked}. */
    private void fill(int n, int acked) throws Exception {
        fill(n, acked, Options.builder().segmentSize(4096).fsync(false).build());
    }

    private void fill(int n, int acked, Options options) throws Exception {
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), options)) {
            Sender<String> tx = ch.sender();
            for (int i = 0; i < n; i++) {
                tx.send("m" + i + "-" + "x".repeat(100));
            }
            for (int i = 0; i < acked; i++) {
                ch.receiver().tryRecv().ack();
            }
        }
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".wal")).sorted().collect(Collectors.toList());
        }
    }

    private static void flip(Path file, long offset) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) offset] ^= 0x10;
        Files.write(file, bytes);
    }

    private static void cut(Path file, long bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - bytes);
        }
    }

    private VerifyReport verify() {
        return new LogVerifier(ProgressListener.NONE).verify(dir);
    }

    private List<String> repair() throws IOException {
        try (DirectoryLock lock = DirectoryLock.acquire(dir.toRealPath())) {
            return new LogRepairer(dir, lock, "test").repair(verify());
        }
    }

    @Test
    void cleanLogHasNoFindings() throws Exception {
        fill(100, 0);
        VerifyReport r = verify();
        assertThat(r.findings()).isEmpty();
        assertThat(r.records()).isEqualTo(100);
        assertThat(r.endPosition()).isEqualTo(100);
        assertThat(r.segments()).hasSizeGreaterThan(1);
    }

    @Test
    void cutTailIsTornAndRepairKeepsACopy() throws Exception {
        fill(10, 0);
        Path last = segments().get(segments().size() - 1);
        long size = Files.size(last);
        cut(last, 5);
        VerifyReport r = verify();
        assertThat(r.findings()).extracting(Finding::kind).containsExactly(Finding.Kind.TORN_TAIL);
        assertThat(r.worst()).isEqualTo(Finding.Severity.REPAIRABLE);
        List<String> actions = repair();
        assertThat(actions).singleElement().asString().contains("truncated");
        assertThat(dir.resolve(last.getFileName() + ".damaged-test")).hasSize(size - 5);
        assertThat(verify().findings()).isEmpty();
        assertThat(verify().endPosition()).isEqualTo(9);
    }

    @Test
    void flippedByteWithRecordsAfterIsMidLogCorruption() throws Exception {
        fill(10, 0);
        Path only = segments().get(0);
        flip(only, Format.SEGMENT_HEADER_SIZE + 20); // payload of record 0
        VerifyReport r = verify();
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.MID_LOG_CORRUPTION);
            assertThat(f.offset()).isEqualTo(Format.SEGMENT_HEADER_SIZE);
            assertThat(f.reason()).contains("CRC mismatch");
        });
        assertThat(r.worst()).isEqualTo(Finding.Severity.CORRUPT);
        repair();
        assertThat(verify().findings()).isEmpty();
        assertThat(verify().endPosition()).isZero();
    }

    @Test
    void zeroedRecordBeforeLaterRecordsIsATornWriteAsOpenSeesIt() throws Exception {
        fill(10, 0);
        Path only = segments().get(0);
        byte[] bytes = Files.readAllBytes(only);
        java.util.Arrays.fill(bytes, Format.SEGMENT_HEADER_SIZE, Format.SEGMENT_HEADER_SIZE + 16, (byte) 0);
        Files.write(only, bytes); // record 0's header never reached the disk, later records did
        VerifyReport r = verify();
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.TORN_TAIL);
            assertThat(f.reason()).contains("never synced");
        });
        try (RecordCursor c = RecordCursor.open(dir, 0)) {
            assertThat(c.next()).isNull();
            assertThat(c.damage().kind()).isEqualTo(Finding.Kind.TORN_TAIL);
        }
    }

    @Test
    void damageInSealedSegmentCutsTheLogThere() throws Exception {
        fill(100, 0);
        List<Path> segs = segments();
        flip(segs.get(1), Format.SEGMENT_HEADER_SIZE + 20);
        VerifyReport r = verify();
        assertThat(r.findings()).extracting(Finding::kind).containsExactly(Finding.Kind.SEALED_SEGMENT_CORRUPTION);
        repair();
        VerifyReport after = verify();
        assertThat(after.findings()).isEmpty();
        assertThat(after.segments()).hasSize(2);
        assertThat(dir.resolve(segs.get(2).getFileName() + ".cut-test")).exists();
        // The channel opens again, and the log ends where the damage was.
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), Options.builder().fsync(false).build())) {
            int n = 0;
            for (var d = ch.receiver().tryRecv(); d != null; d = ch.receiver().tryRecv()) {
                d.ack();
                n++;
            }
            assertThat((long) n).isEqualTo(after.endPosition());
        }
    }

    @Test
    void aTornSegmentSealedWithoutAnFsyncEndsTheLogAsOpenSeesIt() throws Exception {
        fill(100, 0, Options.builder().segmentSize(4096).durability(Durability.FLUSH_ONLY).build());
        List<Path> segs = segments();
        assertThat(segs).hasSizeGreaterThan(3);
        byte[] bytes = Files.readAllBytes(segs.get(1));
        java.util.Arrays.fill(bytes, 2048, bytes.length, (byte) 0); // pages that never reached the disk
        Files.write(segs.get(1), bytes);
        VerifyReport r = verify();
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.TORN_UNSYNCED_SEAL);
            assertThat(f.file()).isEqualTo(segs.get(1));
            assertThat(f.reason()).contains("deletes the " + (segs.size() - 2) + " later segment(s)");
        });
        assertThat(r.worst()).isEqualTo(Finding.Severity.REPAIRABLE);
        long end = r.endPosition();
        try (RecordCursor c = RecordCursor.open(dir, 0)) { // what 'walchan dump' reads
            long n = 0;
            while (c.next() != null) {
                n++;
            }
            assertThat(n).isEqualTo(end);
            assertThat(c.damage().kind()).isEqualTo(Finding.Kind.TORN_UNSYNCED_SEAL);
        }
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), Options.builder().fsync(false).build())) {
            List<io.walchan.Delivery<String>> held = new java.util.ArrayList<>();
            ch.receiver().tryIter().forEachRemaining(held::add);
            held.forEach(io.walchan.Delivery::nack);
            assertThat((long) held.size()).as("what open() delivers ends where verify says").isEqualTo(end);
        }
        assertThat(verify().findings()).as("open() cut it").isEmpty();
    }

    @Test
    void repairOfATornSegmentSealedWithoutAnFsyncCutsTheLogThereAndKeepsTheRestAside() throws Exception {
        fill(100, 0, Options.builder().segmentSize(4096).durability(Durability.FLUSH_ONLY).build());
        List<Path> segs = segments();
        byte[] bytes = Files.readAllBytes(segs.get(1));
        java.util.Arrays.fill(bytes, 2048, bytes.length, (byte) 0);
        Files.write(segs.get(1), bytes);
        long end = verify().endPosition();
        List<String> actions = repair();
        assertThat(actions).anySatisfy(a -> assertThat(a).contains("truncated " + segs.get(1).getFileName()));
        VerifyReport after = verify();
        assertThat(after.findings()).isEmpty();
        assertThat(after.endPosition()).isEqualTo(end);
        assertThat(segments()).containsExactly(segs.get(0), segs.get(1));
        assertThat(dir.resolve(segs.get(2).getFileName() + ".cut-test")).as("later segments kept aside").exists();
    }

    @Test
    void gapBetweenSegmentsIsMissingSegment() throws Exception {
        fill(100, 0);
        List<Path> segs = segments();
        Files.delete(segs.get(1));
        VerifyReport report = verify();
        assertThat(report.findings()).extracting(Finding::kind).containsExactly(Finding.Kind.MISSING_SEGMENT);
        assertThat(report.findings().get(0).reason()).contains("are gone").doesNotContain("overlapping");
    }

    @Test
    void damageInAcknowledgedSegmentIsRepairable() throws Exception {
        fill(100, 0);
        List<Path> segs = segments();
        byte[] first = Files.readAllBytes(segs.get(0));
        byte[] second = Files.readAllBytes(segs.get(1));
        long committed = Long.parseLong(segs.get(2).getFileName().toString().substring(0, 20));
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), Options.builder().fsync(false).build())) {
            for (long i = 0; i < committed; i++) {
                ch.receiver().tryRecv().ack();
            }
        }
        assertThat(segments()).hasSize(segs.size() - 2); // reclaimed; put them back, one damaged
        Files.write(segs.get(0), first);
        second[Format.SEGMENT_HEADER_SIZE + 20] ^= 1;
        Files.write(segs.get(1), second);
        VerifyReport r = verify();
        assertThat(r.committed()).isEqualTo(committed);
        assertThat(r.findings()).extracting(Finding::kind).containsExactly(Finding.Kind.ACKNOWLEDGED_SEGMENT);
        assertThat(r.worst()).isEqualTo(Finding.Severity.REPAIRABLE);
        assertThat(repair()).singleElement().asString().startsWith("moved " + segs.get(1).getFileName());
        assertThat(verify().findings()).isEmpty();
    }

    @Test
    void cursorReadsFromAPositionAndStopsAtDamage() throws Exception {
        fill(30, 0);
        try (RecordCursor c = RecordCursor.open(dir, 25)) {
            List<Long> positions = new ArrayList<>();
            for (RecordCursor.Record r = c.next(); r != null; r = c.next()) {
                positions.add(r.position);
                assertThat(new String(r.payload, StandardCharsets.UTF_8)).startsWith("m" + r.position + "-");
            }
            assertThat(positions).containsExactly(25L, 26L, 27L, 28L, 29L);
            assertThat(c.damage()).isNull();
        }
        Path last = segments().get(segments().size() - 1);
        cut(last, 3);
        try (RecordCursor c = RecordCursor.open(dir, 0)) {
            long n = 0;
            while (c.next() != null) {
                n++;
            }
            assertThat(n).isEqualTo(29);
            assertThat(c.damage().kind()).isEqualTo(Finding.Kind.TORN_TAIL);
        }
    }

    @Test
    void summaryAndUnsupportedVersion() throws Exception {
        fill(10, 4);
        LogSummary s = LogSummary.of(dir);
        assertThat(s.endPosition).isEqualTo(10);
        assertThat(s.committed).isEqualTo(4);
        assertThat(s.unacked).isEqualTo(6);
        assertThat(s.lock).isEqualTo(LockProbe.State.FREE);
        Path seg = segments().get(0);
        byte[] bytes = Files.readAllBytes(seg);
        bytes[8] = 9; // version 9, and fix the header CRC so only the version is wrong
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes, 0, 28);
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(28, (int) crc.getValue());
        Files.write(seg, bytes);
        assertThatThrownBy(() -> LogSummary.of(dir)).isInstanceOf(CorruptLogException.class)
                .hasMessageContaining("unsupported format version 9");
        assertThat(verify().findings()).extracting(Finding::kind).contains(Finding.Kind.UNSUPPORTED_VERSION);
    }

    @Test
    void notAChannelDirectory() throws Exception {
        assertThatThrownBy(() -> DirectoryListing.read(dir)).isInstanceOf(NotAChannelDirectoryException.class)
                .hasMessageContaining("not a walchan channel directory");
        assertThatThrownBy(() -> DirectoryListing.read(dir.resolve("nope")))
                .isInstanceOf(NotAChannelDirectoryException.class).hasMessageContaining("does not exist");
    }
}
