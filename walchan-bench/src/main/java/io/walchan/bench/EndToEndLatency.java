package io.walchan.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Send-to-receive latency at a fixed offered rate, coordinated-omission aware.
 *
 * <p>One sender thread sends message {@code i} at its intended time
 * {@code start + i / rate} and stamps that <em>intended</em> time, not the actual
 * one, into the payload's first 8 bytes. The calling thread receives (and settles)
 * each message and records {@code nanoTime() - intended} into an HdrHistogram (ns,
 * 3 significant digits). So when the sender falls behind (a slow send, a GC pause,
 * a receiver that cannot keep up), the wait of every message scheduled meanwhile
 * is counted instead of hidden. The first {@code warmup × rate} messages are
 * received but not recorded. If not every message arrived within the run plus
 * {@link #DRAIN}, the histogram holds the ones that did and the count shows the
 * shortfall.
 *
 * <p>The sender waits for each intended time spinning with {@code Thread.yield()}:
 * a pure spin of two threads starves the JIT, the GC and the peer's own threads on
 * a 2-core machine (it multiplied the median by about 400 there).
 */
final class EndToEndLatency {

    /** How long after the last intended send the receiver still waits for stragglers. */
    static final Duration DRAIN = Duration.ofSeconds(10);

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final int ratePerSecond;
    private final Duration warmup;
    private final Duration measure;

    EndToEndLatency(int ratePerSecond, Duration warmup, Duration measure) {
        this.ratePerSecond = ratePerSecond;
        this.warmup = warmup;
        this.measure = measure;
    }

    Histogram run(LatencyPeer peer, int payloadBytes) throws Exception {
        if (payloadBytes < Long.BYTES) {
            throw new IllegalArgumentException("end-to-end latency needs payloads of at least 8 bytes (the send "
                    + "time is stamped into them), got " + payloadBytes);
        }
        long warmupCount = ratePerSecond * warmup.toNanos() / 1_000_000_000L;
        long total = warmupCount + ratePerSecond * measure.toNanos() / 1_000_000_000L;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
        long giveUp = start + warmup.plus(measure).plus(DRAIN).toNanos();
        FutureTask<Void> sender = new FutureTask<>(() -> {
            sendPaced(peer, payloadBytes, start, total, giveUp);
            return null;
        });
        Thread senderThread = new Thread(sender, "e2e-sender");
        senderThread.start();
        Histogram h = new Histogram(3);
        try {
            receive(peer, sender, warmupCount, total, giveUp, h);
        } finally {
            sender.get(); // the sender stops by itself at giveUp at the latest; rethrows its failure
        }
        return h;
    }

    private void sendPaced(LatencyPeer peer, int payloadBytes, long start, long total, long giveUp)
            throws Exception {
        byte[] payload = new byte[payloadBytes];
        for (long i = 0; i < total; i++) {
            long intended = start + i * 1_000_000_000L / ratePerSecond;
            long now;
            while ((now = System.nanoTime()) < intended) {
                if (intended - now > 200_000) {
                    LockSupport.parkNanos(intended - now - 100_000); // a park can overshoot by ~50 µs
                } else {
                    Thread.yield(); // spins, but leaves the core to the JIT, GC, the peer's threads
                }
            }
            if (now > giveUp) {
                return;
            }
            LONG.set(payload, 0, intended);
            peer.send(payload);
        }
    }

    private static void receive(LatencyPeer peer, FutureTask<Void> sender, long warmupCount, long total,
            long giveUp, Histogram into) throws Exception {
        long received = 0;
        while (received < total && System.nanoTime() < giveUp) {
            byte[] message = peer.receive();
            if (message == null) {
                if (sender.isDone()) {
                    sender.get(); // a failed sender ends the run now, not at giveUp
                }
                continue;
            }
            long latency = System.nanoTime() - (long) LONG.get(message, 0);
            if (received++ >= warmupCount) {
                into.recordValue(Math.max(0, latency));
            }
        }
    }
}
