package io.walchan;

import static org.assertj.core.api.Assertions.assertThat;

import io.walchan.internal.channel.ChannelCore;
import io.walchan.internal.channel.ChannelImpl;
import io.walchan.internal.fs.FaultyFileLayer;
import io.walchan.internal.fs.LogFile;
import io.walchan.internal.fs.NioFileLayer;
import io.walchan.internal.log.Format;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    void aFailedWriteBehindFsyncPoisonsTheChannelAndReopenKeepsEveryReturnedSend() throws Exception {
        Path dir = tmp.resolve("wb");
        FaultyFileLayer disk = new FaultyFileLayer();
        Options defaults = Options.builder().durability(Durability.FLUSH_ONLY).build(); // 64 MiB: write-behind at 4 MiB
        List<String> returned = new ArrayList<>();
        WalchanException failure = null;
        try (Channel<String> ch = new ChannelImpl<>(ChannelCore.open(dir, Codecs.utf8(), defaults, 0, disk))) {
            Sender<String> tx = ch.sender();
            int i = 0;
            while (LogFiles.segments(dir).size() < 2) { // past the early roll to a preallocated segment
                String m = i++ + PAD;
                tx.send(m);
                returned.add(m);
            }
            disk.failForcesFrom = disk.forces.get() + 1; // the next force is the write-behind, 4 MiB in
            for (int n = 0; n < 40_000 && failure == null; n++) {
                String m = i++ + PAD;
                try {
                    tx.send(m);
                    returned.add(m);
                } catch (WalchanException e) {
                    failure = e;
                }
            }
        } catch (WalchanException closeAfterPoison) {
            // Closing a poisoned channel may report the failure again.
        }
        assertThat(failure).as("a send after the failed background fsync fails").isNotNull();
        assertThat(failure.getMessage()).contains("background fsync");
        assertThat(drain(dir, options(false))).as("every send that returned, after reopen").isEqualTo(returned);
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
            f.truncate(4096);
            f.writeFully(ByteBuffer.wrap("world".getBytes()), 5000); // beyond the old map: a plain write
            f.force();
        }
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).hasSize(5005);
        assertThat(new String(bytes, 100, 5)).isEqualTo("hello");
        assertThat(new String(bytes, 5000, 5)).isEqualTo("world");
        assertThat(bytes[4096]).isZero();
    }
}
