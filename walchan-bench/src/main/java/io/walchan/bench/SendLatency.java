package io.walchan.bench;

import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * Service time of one send, back to back on one thread: each call to
 * {@link LatencyPeer#send} is timed with {@code System.nanoTime()} and recorded
 * into an HdrHistogram (ns, 3 significant digits). A warm-up of the same loop
 * runs first and is thrown away. Closed loop: there is no intended send rate, so
 * a slow call delays the next one instead of queueing it (see
 * {@link EndToEndLatency} for the open-loop, coordinated-omission-aware measure).
 */
final class SendLatency {

    private final Duration warmup;
    private final Duration measure;

    SendLatency(Duration warmup, Duration measure) {
        this.warmup = warmup;
        this.measure = measure;
    }

    Histogram run(LatencyPeer peer, int payloadBytes) throws Exception {
        byte[] payload = new byte[payloadBytes];
        Histogram h = new Histogram(3);
        sendFor(peer, payload, warmup, h);
        h.reset();
        sendFor(peer, payload, measure, h);
        return h;
    }

    private static void sendFor(LatencyPeer peer, byte[] payload, Duration duration, Histogram into)
            throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        long after;
        do {
            long before = System.nanoTime();
            peer.send(payload);
            after = System.nanoTime();
            into.recordValue(after - before);
        } while (after < end);
    }
}
