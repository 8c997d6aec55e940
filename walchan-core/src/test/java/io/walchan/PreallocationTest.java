package io.walchan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.walchan.internal.channel.ChannelCore;
import io.walchan.internal.channel.ChannelImpl;
import io.walchan.internal.fs.FaultyFileLayer;
import io.walchan.internal.fs.LogFile;
import io.walchan.internal.fs.NioFileLayer;
import io.walchan.internal.log.Format;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Preallocated, memory-mapped segments (docs/FORMAT.md, "Preallocation"): what the
 * files look like while open, after a close, after a process crash, and when the
 * preallocation itself fails.
 */
class PreallocationTest {

    private static final long SEGMENT = 64 << 10;
    private static final String PAD = "x".repeat(200);

    @TempDir
    Path tmp;

    private static Options options(boolean truncateCorruptTail) {
        return Options.builder().durability(Durability.FLUSH_ONLY).segmentSize(SEGMENT)
                .truncateCorruptTail(truncateCorruptTail).build();
    }

    private static List<String> drain(Path dir, Options options) {
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), options)) {
            List<String> got = new ArrayList<>();
            List<Delivery<String>> held = new ArrayList<>();
            ch.receiver().tryIter().forEachRemaining(d -> {
                got.add(d.get());
                held.add(d);
            });
            held.forEach(Delivery::nack); // leave the log as it is
            return got;
        }
    }

    private static List<String> messages(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(i + PAD);
        }
        return out;
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void segmentsArePreallocatedWhileOpenAndEndAtTheirLastRecordAfterClose() throws Exception {
        Path dir = tmp.resolve("ch");
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), options(true))) {
            Sender<String> tx = ch.sender();
            messages(0, 1000).forEach(tx::send); // ~220 KB: several rolls
            Path active = LogFiles.lastSegment(dir);
            assertThat(LogFiles.segments(dir)).hasSizeGreaterThan(2);
            assertThat(Files.size(active)).as("the active segment came from a preallocated spare")
                    .isEqualTo(SEGMENT);
            for (Path sealed : LogFiles.segments(dir)) {
                if (!sealed.equals(active)) {
                    assertThat(Files.size(sealed)).as("sealed %s has no zero tail", sealed).isLessThan(SEGMENT);
                }
            }
        }
        assertThat(files(dir)).as("no spare left behind").noneMatch(p -> p.toString().endsWith(Format.TEMP_SUFFIX));
        assertThat(Files.size(LogFiles.lastSegment(dir))).as("closing cuts the unused space").isLessThan(SEGMENT);
        assertThat(drain(dir, options(false))).isEqualTo(messages(0, 1000));
    }

    @Test
    void aFreshChannelMovesToAMappedSegmentOnceRealTrafficFlows() throws Exception {
        Path dir = tmp.resolve("fresh");
        Options defaults = Options.builder().durability(Durability.FLUSH_ONLY).build(); // 64 MiB segments
        int sent = 0;
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), defaults)) {
            Sender<String> tx = ch.sender();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (LogFiles.segments(dir).size() < 2 && System.nanoTime() < deadline) {
                tx.send(sent++ + PAD); // past 1 MiB a spare is prepared; the next send after it is ready rolls
            }
            assertThat(LogFiles.segments(dir)).as("rolled early to the preallocated spare").hasSize(2);
            assertThat(Files.size(LogFiles.segments(dir).get(0))).as("the first segment was not full")
                    .isLessThan(4 << 20);
            assertThat(Files.size(LogFiles.lastSegment(dir))).isEqualTo(Options.DEFAULT_SEGMENT_SIZE);
        }
        assertThat(drain(dir, options(false))).isEqualTo(messages(0, sent));
    }

    @Test
    void afterAProcessCrashTheZeroTailIsTheEndOfTheLogNotDamage() throws Exception {
        Path dir = tmp.resolve("ch");
        Path crashed = tmp.resolve("crashed");
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), options(true))) {
            Sender<String> tx = ch.sender();
            messages(0, 700).forEach(tx::send);
            // A killed process leaves exactly what is in the page cache, mapped stores included.
            Files.createDirectories(crashed);
            for (Path f : files(dir)) {
                if (!f.getFileName().toString().equals("lock")) {
                    Files.copy(f, crashed.resolve(f.getFileName()));
                }
            }
        }
        assertThat(Files.size(LogFiles.lastSegment(crashed))).isEqualTo(SEGMENT);
        // truncateCorruptTail(false) would refuse a torn tail; unused preallocated space is not one.
        assertThat(drain(crashed, options(false))).isEqualTo(messages(0, 700));
        try (Channel<String> ch = Walchan.channel(crashed, Codecs.utf8(), options(false))) {
            messages(700, 1000).forEach(ch.sender()::send); // appends go on over the zeros
        }
        assertThat(drain(crashed, options(false))).isEqualTo(messages(0, 1000));
    }

    @Test
    void whenPreallocationFailsSegmentsAreWrittenWithoutItAndNothingIsLost() throws Exception {
        Path dir = tmp.resolve("ch");
        FaultyFileLayer noSpace = new FaultyFileLayer();
        noSpace.failAllWritesTo = name -> name.equals("next-segment" + Format.TEMP_SUFFIX); // the spare's zeros
        try (Channel<String> ch = new ChannelImpl<>(ChannelCore.open(dir, Codecs.utf8(), options(true), 0, noSpace))) {
            Sender<String> tx = ch.sender();
            messages(0, 1000).forEach(tx::send);
        }
        assertThat(noSpace.failedNamedWrites).as("the spare's zero writes failed").hasPositiveValue();
        assertThat(files(dir)).noneMatch(p -> p.toString().endsWith(Format.TEMP_SUFFIX));
        assertThat(LogFiles.segments(dir)).hasSizeGreaterThan(2);
        assertThat(drain(dir, options(false))).isEqualTo(messages(0, 1000));
    }

    @Test
    void flushOnlySealsSegmentsWithoutAnFsyncAndCloseMakesThemDurable() throws Exception {
        Path dir = tmp.resolve("unsynced");
        FaultyFileLayer disk = new FaultyFileLayer();
        int sendingForces;
        int closeForcesFrom;
        int segments;
        try (Channel<String> ch = new ChannelImpl<>(ChannelCore.open(dir, Codecs.utf8(), options(true), 0, disk))) {
            int before = disk.forces.get();
            for (int i = 0; i < 2000; i++) {
                ch.sender().send(i + PAD);
            }
            sendingForces = disk.forces.get() - before;
            segments = LogFiles.segments(dir).size();
            closeForcesFrom = disk.forces.get();
        }
        assertThat(segments).as("rolled several times").isGreaterThan(4);
        assertThat(sendingForces).as("fsyncs while sending under FLUSH_ONLY, rolls included").isZero();
        assertThat(disk.forces.get() - closeForcesFrom).as("close fsyncs the active and every sealed segment")
                .isGreaterThanOrEqualTo(segments);
        for (Path segment : LogFiles.segments(dir)) {
            assertThat(flags(segment)).as(segment + ": header flags").isEqualTo(Format.FLAG_UNSYNCED_SEAL);
        }
        assertThat(drain(dir, options(false))).isEqualTo(messages(0, 2000));
    }

    @Test
    void aFailedFsyncAtCloseUnderFlushOnlyIsReportedNotSwallowed() throws Exception {
        Path dir = tmp.resolve("closefail");
        FaultyFileLayer disk = new FaultyFileLayer();
        Channel<String> ch = new ChannelImpl<>(ChannelCore.open(dir, Codecs.utf8(), options(true), 0, disk));
        for (int i = 0; i < 1000; i++) {
            ch.sender().send(i + PAD);
        }
        disk.failForcesFrom = disk.forces.get() + 2; // the checkpoint's fsync passes, the next one (a segment's) fails
        assertThatThrownBy(ch::close).as("close: the sealed segments' only fsync failed")
                .isInstanceOf(WalchanException.class).hasMessageContaining("closing");
        assertThat(drain(dir, options(false))).as("nothing is lost while the machine stays up")
                .isEqualTo(messages(0, 1000));
    }

    @Test
    void aSyncingReopenFsyncsTheSegmentsSealedWithoutOneAndSealsItsOwnWithAnFsync() throws Exception {
        Path dir = tmp.resolve("reopen");
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), options(true))) {
            for (int i = 0; i < 1000; i++) {
                ch.sender().send(i + PAD);
            }
        }
        int flushOnlySegments = LogFiles.segments(dir).size();
        FaultyFileLayer disk = new FaultyFileLayer();
        Options syncEvery = options(true).toBuilder().durability(Durability.syncEvery(1000, Duration.ofSeconds(10)))
                .build();
        int forcedAtOpen;
        try (Channel<String> ch = new ChannelImpl<>(ChannelCore.open(dir, Codecs.utf8(), syncEvery, 0, disk))) {
            forcedAtOpen = disk.forces.get();
            for (int i = 1000; i < 2000; i++) {
                ch.sender().send(i + PAD);
            }
        }
        assertThat(forcedAtOpen).as("fsyncs at open: every segment sealed without one, the active one, the"
                + " checkpoint").isGreaterThanOrEqualTo(flushOnlySegments + 1);
        List<Path> all = LogFiles.segments(dir);
        assertThat(all).hasSizeGreaterThan(flushOnlySegments);
        for (Path segment : all.subList(flushOnlySegments, all.size())) {
            assertThat(flags(segment)).as(segment + ": written under SyncEvery, sealed with an fsync").isZero();
        }
        assertThat(drain(dir, options(false))).isEqualTo(messages(0, 2000));
    }

    @Test
    void aFlushOnlyWriterSealsAnInheritedSegmentWithoutTheFlagWithAnFsync() throws Exception {
        Path dir = tmp.resolve("inherited");
        Options syncEvery = options(true).toBuilder().durability(Durability.syncEvery(1000, Duration.ofSeconds(10)))
                .build();
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), syncEvery)) {
            for (int i = 0; i < 10; i++) {
                ch.sender().send(i + PAD);
            }
        }
        FaultyFileLayer disk = new FaultyFileLayer();
        int sendingForces;
        try (Channel<String> ch = new ChannelImpl<>(ChannelCore.open(dir, Codecs.utf8(), options(true), 0, disk))) {
            int before = disk.forces.get();
            for (int i = 10; i < 1000; i++) {
                ch.sender().send(i + PAD);
            }
            sendingForces = disk.forces.get() - before;
        }
        List<Path> segments = LogFiles.segments(dir);
        assertThat(segments).hasSizeGreaterThan(2);
        assertThat(flags(segments.get(0))).as("written under SyncEvery").isZero();
        assertThat(sendingForces).as("fsyncs while sending under FLUSH_ONLY: only the seal of the inherited"
                + " segment, whose header promises a synced seal").isEqualTo(1);
        for (Path later : segments.subList(1, segments.size())) {
            assertThat(flags(later)).isEqualTo(Format.FLAG_UNSYNCED_SEAL);
        }
        assertThat(drain(dir, options(false))).isEqualTo(messages(0, 1000));
    }

    private static int flags(Path segment) throws IOException {
        byte[] header = Arrays.copyOf(Files.readAllBytes(segment), Format.SEGMENT_HEADER_SIZE);
        return ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
    }

    @Test
    void mappedWritesReadBackAndATruncateEndsTheMap() throws Exception {
        Path file = tmp.resolve("f");
        try (LogFile f = new NioFileLayer(true).openWritable(file)) {
            f.extendWithZeros(8192);
            assertThat(f.size()).isEqualTo(8192);
            boolean mapped = f.mapForWriting(8192);
            assertThat(mapped).as("mapped on Linux").isEqualTo(System.getProperty("os.name").startsWith("Linux"));
            f.writeFully(ByteBuffer.wrap("hello".getBytes()), 100);
            ByteBuffer region = f.mappedRegion(200, 8);
            if (mapped) {
                region.putLong(0x0102030405060708L); // a record framed in place: little-endian
                assertThat(f.mappedRegion(8190, 8)).as("beyond the map").isNull();
            } else {
                assertThat(region).isNull();
                f.writeFully(ByteBuffer.wrap(new byte[] {8, 7, 6, 5, 4, 3, 2, 1}), 200);
            }
            f.truncate(4096);
            assertThat(f.mappedRegion(200, 8)).as("a truncate ends the map").isNull();
            f.writeFully(ByteBuffer.wrap("world".getBytes()), 5000); // beyond the old map: a plain write
            f.force();
        }
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).hasSize(5005);
        assertThat(new String(bytes, 100, 5)).isEqualTo("hello");
        assertThat(Arrays.copyOfRange(bytes, 200, 208)).containsExactly(8, 7, 6, 5, 4, 3, 2, 1);
        assertThat(new String(bytes, 5000, 5)).isEqualTo("world");
        assertThat(bytes[4096]).isZero();
    }
}
