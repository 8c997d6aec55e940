package io.walchan.bench;

import io.walchan.Channel;
import io.walchan.Codecs;
import io.walchan.Durability;
import io.walchan.Options;
import io.walchan.Sender;
import io.walchan.Walchan;
import java.nio.file.Path;

/**
 * A channel directory holding a backlog of un-acknowledged messages, sent with
 * FLUSH_ONLY and left by a clean close: where {@link RecoveryBench} and
 * {@link BacklogHeapBench} start from.
 */
final class Backlog {

    /** FLUSH_ONLY, otherwise the defaults. */
    static final Options OPTIONS = Options.builder().durability(Durability.FLUSH_ONLY).build();

    private Backlog() {
    }

    /**
     * Sends {@code payloadBytes}-byte messages into {@code dir} until {@code bytes} of
     * payload are in the log (at least one message), acknowledges none, and closes
     * the channel.
     *
     * @return the number of messages sent
     */
    static long fill(Path dir, long bytes, int payloadBytes) {
        long messages = Math.max(1, bytes / payloadBytes);
        byte[] payload = new byte[payloadBytes];
        try (Channel<byte[]> channel = open(dir); Sender<byte[]> sender = channel.sender()) {
            for (long i = 0; i < messages; i++) {
                sender.send(payload);
            }
        }
        return messages;
    }

    /** Opens (and so recovers) the channel in {@code dir}, bytes codec, {@link #OPTIONS}. */
    static Channel<byte[]> open(Path dir) {
        return Walchan.channel(dir, Codecs.bytes(), OPTIONS);
    }
}
