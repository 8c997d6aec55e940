package io.walchan.internal.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.walchan.Channel;
import io.walchan.CorruptLogException;
import io.walchan.Codecs;
import io.walchan.Delivery;
import io.walchan.Durability;
import io.walchan.Options;
import io.walchan.ReceiverOptions;
import io.walchan.Walchan;
import io.walchan.internal.channel.ChannelCore;
import io.walchan.internal.channel.ChannelImpl;
import io.walchan.internal.fs.FaultyFileLayer;
import io.walchan.internal.fs.LogFile;
import io.walchan.internal.fs.NioFileLayer;
import io.walchan.internal.log.Format;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Stream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The receiver's reads through a memory map ({@link FileWindow} over
 * {@link LogFile#mapForReading}): the same bytes as chunked reads, ranges beyond the
 * map, and a segment the writer trims while the receiver has it mapped.
 */
class FileWindowTest {

    @TempDir
    Path tmp;

    private static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    private static byte[] read(FileWindow w, long offset, int length) throws Exception {
        ByteBuffer v = w.at(offset, length);
        byte[] out = new byte[v.remaining()];
        v.get(v.position(), out);
        return out;
    }

    @Test
    void aMappedWindowReadsWhatAChunkedOneReads() throws Exception {
        assumeTrue(NioFileLayer.mapsForReading(tmp), "files here are not mapped for reading (not Linux, or not a local file system)");
        Path file = tmp.resolve("f.wal");
        byte[] content = pattern(600_000, 7); // more than two 256 KiB chunks
        try (LogFile f = new NioFileLayer(false).openWritable(file)) {
            f.writeFully(ByteBuffer.wrap(content), 0);
        }
        try (LogFile mappedFile = new NioFileLayer(false).openReadable(file);
                LogFile chunkedFile = new NioFileLayer(false).openReadable(file)) {
            FileWindow mapped = new FileWindow(mappedFile, content.length, content.length);
            FileWindow chunked = new FileWindow(chunkedFile, content.length);
            assertThat(mapped.isMapped()).isTrue();
            assertThat(chunked.isMapped()).isFalse();
            for (long offset : new long[] {0, 16, 262_000, 262_144, 599_990, 599_999, 600_000}) {
                assertThat(read(mapped, offset, 40)).as("at %d", offset).isEqualTo(read(chunked, offset, 40));
            }
            assertThat(read(mapped, 599_990, 40)).as("cut at the limit").hasSize(10);
            mapped.setLimit(100);
            assertThat(read(mapped, 90, 40)).as("a lowered limit").hasSize(10);
        }
    }

    @Test
    void bytesWrittenBeyondTheMapAreReadInChunks() throws Exception {
        assumeTrue(NioFileLayer.mapsForReading(tmp), "files here are not mapped for reading (not Linux, or not a local file system)");
        Path file = tmp.resolve("g.wal");
        byte[] first = pattern(8192, 1);
        byte[] more = pattern(8192, 2);
        try (LogFile w = new NioFileLayer(false).openWritable(file)) {
            w.writeFully(ByteBuffer.wrap(first), 0);
            try (LogFile r = new NioFileLayer(false).openReadable(file)) {
                FileWindow window = new FileWindow(r, first.length, first.length);
                assertThat(window.isMapped()).isTrue();
                assertThat(read(window, 8000, 192)).isEqualTo(Arrays.copyOfRange(first, 8000, 8192));
                w.writeFully(ByteBuffer.wrap(more), first.length); // the file grows past the map
                window.setLimit(first.length + more.length);
                assertThat(read(window, 8100, 192)).as("straddles the map's end")
                        .startsWith(Arrays.copyOfRange(first, 8100, 8192))
                        .endsWith(Arrays.copyOfRange(more, 0, 100));
                assertThat(read(window, 12_000, 100)).isEqualTo(Arrays.copyOfRange(more, 3808, 3908));
            }
        }
    }

    /** A read that fails leaves nothing cached: the next call reads the file again, not a stale chunk. */
    @Test
    void aFailedChunkReadIsReadAgainNotServedStale() throws Exception {
        Path file = tmp.resolve("h.wal");
        byte[] content = pattern(4096, 3);
        try (LogFile w = new NioFileLayer(false).openWritable(file)) {
            w.writeFully(ByteBuffer.wrap(content), 0);
        }
        try (LogFile real = new NioFileLayer(false).openReadable(file)) {
            int[] reads = {0};
            LogFile flaky = new LogFile() {
                @Override
                public int read(ByteBuffer dst, long position) throws IOException {
                    if (reads[0]++ == 0) {
                        dst.put(new byte[100]); // a partial read, then the error
                        throw new IOException("injected read error");
                    }
                    return real.read(dst, position);
                }

                @Override
                public int write(ByteBuffer src, long position) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void force() {
                }

                @Override
                public long size() throws IOException {
                    return real.size();
                }

                @Override
                public void truncate(long size) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void close() {
                }
            };
            FileWindow window = new FileWindow(flaky, content.length);
            assertThatThrownBy(() -> window.at(0, 64))
                    .isInstanceOf(IOException.class);
            assertThat(read(window, 0, 64)).isEqualTo(Arrays.copyOf(content, 64));
        }
    }

    /**
     * The receiver follows the active segment, mapped at its preallocated size, through
     * each roll; sealing cuts that file to its last record under the receiver's map. Every
     * record must still be read, with no fault, and the sealed files must really be cut.
     */
    @Test
    void segmentsSealedWhileTheReceiverHasThemMappedAreReadToTheirEnd() throws Exception {
        assumeTrue(NioFileLayer.mapsForReading(tmp), "files here are not mapped for reading");
        long segment = 64 << 10;
        Options options = Options.builder().durability(Durability.FLUSH_ONLY).segmentSize(segment).build();
        String pad = "y".repeat(300);
        Path dir = tmp.resolve("ch");
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), options)) {
            // Acks are not committed within the test, so no segment is deleted and every sealed one stays.
            ch.receiver().withOptions(new ReceiverOptions(1_000_000, Duration.ofHours(1)));
            for (int i = 0; i < 2000; i++) { // ~650 KB: about ten rolls
                ch.sender().send(i + pad);
                try (Delivery<String> d = ch.receiver().tryRecv()) { // right behind the writer
                    assertThat(d).as("message %d", i).isNotNull();
                    assertThat(d.get()).isEqualTo(i + pad);
                }
            }
            assertThat(ch.receiver().tryRecv()).isNull();
            List<Long> sealedSizes = new ArrayList<>();
            try (Stream<Path> files = Files.list(dir)) {
                List<Path> segments = files.filter(p -> p.toString().endsWith(".wal")).sorted().toList();
                for (Path p : segments.subList(0, segments.size() - 1)) {
                    sealedSizes.add(Files.size(p));
                }
            }
            assertThat(sealedSizes).hasSizeGreaterThan(5).allMatch(size -> size < segment);
        }
    }

    /**
     * A record changed on disk after it was written is not delivered: the receiver checks
     * the CRC of what it copied out of the map (RecordDecoder.decodeCopy), reads the record
     * again without the map to tell a failed page-in from a change, and reports it. The
     * messages before it are delivered as written.
     */
    @Test
    void aRecordChangedOnDiskAfterItWasWrittenIsReportedNotDelivered() throws Exception {
        assumeTrue(NioFileLayer.mapsForReading(tmp), "files here are not mapped for reading");
        Path dir = tmp.resolve("flip");
        Options options = Options.builder().segmentSize(64 << 10).build();
        String pad = "z".repeat(300);
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), options)) {
            // Into a preallocated segment, which the receiver maps at its full size when it gets there.
            for (int i = 0; i < 300; i++) {
                ch.sender().send(i + pad);
                ch.receiver().tryRecv().ack();
            }
            String marker = UUID.randomUUID().toString();
            for (String m : List.of("first", "second", "third")) {
                ch.sender().send(m + marker);
            }
            Path active;
            try (Stream<Path> files = Files.list(dir)) {
                active = files.filter(p -> p.toString().endsWith(".wal")).sorted().reduce((a, b) -> b).orElseThrow();
            }
            assertThat(Files.size(active)).as("the active segment is preallocated").isEqualTo(64 << 10);
            byte[] content = Files.readAllBytes(active);
            int at = indexOf(content, ("second" + marker).getBytes(StandardCharsets.UTF_8));
            assertThat(at).isPositive();
            try (FileChannel f = FileChannel.open(active,
                    StandardOpenOption.WRITE)) {
                f.write(ByteBuffer.wrap(new byte[] {'S'}), at); // "second..." -> "Second..."
            }
            try (Delivery<String> d = ch.receiver().tryRecv()) {
                assertThat(d.get()).isEqualTo("first" + marker);
            }
            assertThatThrownBy(() -> ch.receiver().tryRecv())
                    .isInstanceOf(CorruptLogException.class)
                    .hasMessageContaining("CRC mismatch").hasMessageContaining("changed on disk");
        }
    }

    /**
     * A page that cannot be read in reads as garbage through a map (the JVM reports the
     * fault only later): the reader reads such a record again with pread instead of
     * calling it corrupt, so every message arrives intact.
     */
    @Test
    void garbageThroughTheMapIsReadAgainWithoutIt() throws Exception {
        assumeTrue(NioFileLayer.mapsForReading(tmp), "files here are not mapped for reading");
        FaultyFileLayer disk = new FaultyFileLayer();
        disk.garbleReadMaps = true;
        Path dir = tmp.resolve("garbled");
        Options options = Options.builder().segmentSize(64 << 10).build();
        String pad = "g".repeat(300);
        try (Channel<String> ch = new ChannelImpl<>(ChannelCore.open(dir, Codecs.utf8(), options, 0, disk))) {
            for (int i = 0; i < 600; i++) { // several segments, each mapped (garbled) when the reader gets there
                ch.sender().send(i + pad);
                try (Delivery<String> d = ch.receiver().tryRecv()) {
                    assertThat(d.get()).isEqualTo(i + pad);
                }
            }
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
