package io.walchan.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The disk's limit, as {@link FileChannelBaseline} measures it: one positional
 * {@code FileChannel.write} of a record of 16 + payload bytes per message, with
 * or without {@code force(false)} (fdatasync) after each. The file is cut back
 * every 64 MiB. A baseline for sending only: it has no consumer.
 */
final class RawFilePeer implements LatencyPeer {

    private final Path dir;
    private final FileChannel file;
    private final ByteBuffer record;
    private final boolean force;
    private long offset;

    RawFilePeer(int payloadBytes, boolean force) throws IOException {
        this.dir = BenchDirs.create("raw");
        this.file = FileChannel.open(dir.resolve("raw.log"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        this.record = ByteBuffer.allocateDirect(16 + payloadBytes); // a walchan record's bytes, minus padding
        this.force = force;
    }

    @Override
    public void send(byte[] payload) throws IOException {
        record.clear();
        offset += file.write(record, offset);
        if (force) {
            file.force(false);
        }
        if (offset > 64L << 20) {
            file.truncate(0);
            offset = 0;
        }
    }

    @Override
    public byte[] receive() {
        throw new UnsupportedOperationException("a raw file is a send-only baseline");
    }

    @Override
    public void close() throws IOException {
        file.close();
        BenchDirs.delete(dir);
    }
}
