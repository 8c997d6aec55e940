package io.walchan.internal.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.walchan.Channel;
import io.walchan.Codecs;
import io.walchan.Delivery;
import io.walchan.Durability;
import io.walchan.Options;
import io.walchan.Walchan;
import io.walchan.internal.fs.LogFile;
import io.walchan.internal.fs.NioFileLayer;
import java.nio.ByteBuffer;
import java.nio.file.Path;
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

    private static final boolean LINUX = System.getProperty("os.name", "").startsWith("Linux");

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
        assumeTrue(LINUX, "files are mapped on Linux only");
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
        assumeTrue(LINUX, "files are mapped on Linux only");
        Path file = tmp.resolve("g.wal");
        byte[] first = pattern(8192, 1);
        byte[] more = pattern(8192, 2);
        try (LogFile w = new NioFileLayer(false).openWritable(file)) {
            w.writeFully(ByteBuffer.wrap(first), 0);
            try (LogFile r = new NioFileLayer(false).openReadable(file)) {
                FileWindow window = new FileWindow(r, first.length, first.length);
                assertThat(read(window, 8000, 192)).isEqualTo(java.util.Arrays.copyOfRange(first, 8000, 8192));
                w.writeFully(ByteBuffer.wrap(more), first.length); // the file grows past the map
                window.setLimit(first.length + more.length);
                assertThat(read(window, 8100, 192)).as("straddles the map's end")
                        .startsWith(java.util.Arrays.copyOfRange(first, 8100, 8192))
                        .endsWith(java.util.Arrays.copyOfRange(more, 0, 100));
                assertThat(read(window, 12_000, 100)).isEqualTo(java.util.Arrays.copyOfRange(more, 3808, 3908));
            }
        }
    }

    /**
     * The receiver maps the active segment at its preallocated size; sealing cuts the file
     * to its last record under that map. Every record must still be read, with no fault.
     */
    @Test
    void aSegmentSealedWhileTheReceiverHasItMappedIsReadToItsEnd() {
        Options options = Options.builder().durability(Durability.FLUSH_ONLY).segmentSize(64 << 10).build();
        String pad = "y".repeat(300);
        try (Channel<String> ch = Walchan.channel(tmp.resolve("ch"), Codecs.utf8(), options)) {
            ch.sender().send("0" + pad);
            try (Delivery<String> d = ch.receiver().tryRecv()) { // the reader now maps the active segment
                assertThat(d.get()).isEqualTo("0" + pad);
            }
            for (int i = 1; i < 2000; i++) { // ~600 KB: about ten rolls, each trims the segment it seals
                ch.sender().send(i + pad);
            }
            List<String> got = new ArrayList<>();
            ch.receiver().tryIter().forEachRemaining(d -> {
                got.add(d.get());
                d.ack();
            });
            assertThat(got).hasSize(1999);
            for (int i = 0; i < got.size(); i++) {
                assertThat(got.get(i)).isEqualTo((i + 1) + pad);
            }
        }
    }
}
