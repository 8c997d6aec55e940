package io.walchan.bench;

import io.walchan.Durability;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * Latency percentiles (p50, p99, p99.9, max) per message, next to the disk's
 * limits and Chronicle Queue, each scenario on a fresh directory. A plain main,
 * not JMH: JMH's sample mode would time its own loop, and the end-to-end pair
 * needs a paced sender.
 *
 * <p>Send latency ({@link SendLatency}: back to back on one thread, service time):
 * <ul>
 *   <li>raw {@code FileChannel} positional write of 16 + payload bytes per record,
 *       and the same plus {@code force(false)} (fdatasync) per record (baselines);</li>
 *   <li>walchan {@code send} in FLUSH_ONLY, {@code syncEvery(1000, 100 ms)} and
 *       SYNC_PER_SEND;</li>
 *   <li>Chronicle Queue append, default sync mode NONE (memory-mapped; the peer of
 *       FLUSH_ONLY).</li>
 * </ul>
 * End-to-end latency ({@link EndToEndLatency}: a sender paced at a fixed rate, the
 * intended send time stamped in the payload, coordinated-omission aware):
 * <ul>
 *   <li>walchan FLUSH_ONLY, the receiver acks each delivery, commits batched (1000
 *       acks or 10 ms);</li>
 *   <li>Chronicle Queue, a busy-polling tailer (it has no acknowledgement).</li>
 * </ul>
 *
 * <p>Arguments: payload sizes in bytes (default {@code 100}). System properties:
 * {@code latency.warmupSeconds} (default 2) and {@code latency.seconds} (default 5)
 * per scenario, {@code latency.rate} (end-to-end messages per second; default
 * 50000, or 20 MB/s worth for large payloads, see {@link #defaultRate}), {@code latency.include} (a regex over scenario names, default all). With
 * the defaults one payload size takes about a minute. Needs the JVM flags listed
 * on {@link ChronicleBenchmark}. Writes {@code latency.json} (see {@link JsonReport};
 * values in ns) and one line per scenario on stdout.
 */
public final class LatencyBench {

    /** Opens a fresh peer for one scenario. */
    private interface PeerFactory {
        LatencyPeer open(int payloadBytes) throws Exception;
    }

    /** {@link SendLatency#run} or {@link EndToEndLatency#run}. */
    private interface Measurement {
        Histogram run(LatencyPeer peer, int payloadBytes) throws Exception;
    }

    private record Scenario(String name, PeerFactory peer, Measurement measurement) {
    }

    private LatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        int[] payloads = args.length == 0 ? new int[] {100} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        Duration warmup = Duration.ofSeconds(Long.getLong("latency.warmupSeconds", 2));
        Duration measure = Duration.ofSeconds(Long.getLong("latency.seconds", 5));
        int fixedRate = Integer.getInteger("latency.rate", 0);
        Pattern include = Pattern.compile(System.getProperty("latency.include", ""));

        List<LatencySummary> results = new ArrayList<>();
        for (int payloadBytes : payloads) {
            int rate = fixedRate > 0 ? fixedRate : defaultRate(payloadBytes);
            for (Scenario s : scenarios(new SendLatency(warmup, measure), new EndToEndLatency(rate, warmup, measure),
                    rate)) {
                if (include.matcher(s.name()).find()) {
                    settle();
                    LatencySummary r = run(s, payloadBytes);
                    System.out.println(r.toLine());
                    results.add(r);
                }
            }
        }
        System.out.println("wrote " + JsonReport.write("latency.json", results.stream().map(LatencySummary::toJson)
                .toList()));
    }

    /**
     * Lets the kernel write back what earlier scenarios left dirty, so that a scenario does
     * not pay for the one before it: a send-latency run leaves gigabytes of dirty pages, and
     * while the kernel writes them back every writer on the machine is throttled (seen: an
     * end-to-end p99 of 20-240 ms right after them, 0.1-3 ms alone). {@code sync(1)}, where
     * there is one; else a pause.
     */
    private static void settle() throws InterruptedException {
        try {
            Process sync = new ProcessBuilder("sync").inheritIO().start();
            if (!sync.waitFor(120, TimeUnit.SECONDS)) {
                sync.destroy();
            }
        } catch (IOException e) {
            Thread.sleep(5_000); // No sync command: give the kernel's own write-back some time.
        }
    }

    /** 50,000 msg/s, or fewer for large payloads: at most 20 MB/s, which this kind of machine sustains. */
    static int defaultRate(int payloadBytes) {
        return (int) Math.min(50_000, 20_000_000L / Math.max(1, payloadBytes));
    }

    private static List<Scenario> scenarios(SendLatency send, EndToEndLatency e2e, int rate) {
        String atRate = String.format(" @ %,d msg/s", rate);
        return List.of(
                new Scenario("raw FileChannel write per record", p -> new RawFilePeer(p, false), send::run),
                new Scenario("raw write + fdatasync per record", p -> new RawFilePeer(p, true), send::run),
                new Scenario("walchan send, FLUSH_ONLY", p -> new WalchanPeer(Durability.FLUSH_ONLY), send::run),
                new Scenario("walchan send, SyncEvery(1000, 100 ms)",
                        p -> new WalchanPeer(Durability.syncEvery(1000, Duration.ofMillis(100))), send::run),
                new Scenario("walchan send, SYNC_PER_SEND", p -> new WalchanPeer(Durability.SYNC_PER_SEND), send::run),
                new Scenario("Chronicle Queue append", ChroniclePeer::new, send::run),
                new Scenario("walchan end to end, FLUSH_ONLY" + atRate, p -> new WalchanPeer(Durability.FLUSH_ONLY),
                        e2e::run),
                new Scenario("Chronicle Queue end to end" + atRate, ChroniclePeer::new, e2e::run));
    }

    private static LatencySummary run(Scenario s, int payloadBytes) throws Exception {
        try (LatencyPeer peer = s.peer().open(payloadBytes)) {
            return LatencySummary.of(s.name(), payloadBytes, s.measurement().run(peer, payloadBytes));
        }
    }
}
