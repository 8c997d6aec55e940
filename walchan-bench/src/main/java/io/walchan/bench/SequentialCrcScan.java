package io.walchan.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The baseline for recovery: reads files front to back with one
 * {@code FileChannel} each into a 1 MiB direct buffer and computes CRC32C over
 * every byte. Recovery reads the same bytes and checks a CRC32C per record, so this
 * is the rate it can at best approach from the same cache state.
 */
final class SequentialCrcScan {

    /** Bytes read, time taken, and the checksum (so the work cannot be skipped). */
    record Result(long bytes, long nanos, long crc) {
    }

    private SequentialCrcScan() {
    }

    static Result scan(List<Path> files) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        CRC32C crc = new CRC32C();
        long bytes = 0;
        long start = System.nanoTime();
        for (Path file : files) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                while (ch.read(buffer.clear()) > 0) {
                    buffer.flip();
                    bytes += buffer.remaining();
                    crc.update(buffer);
                }
            }
        }
        return new Result(bytes, System.nanoTime() - start, crc.getValue());
    }
}
