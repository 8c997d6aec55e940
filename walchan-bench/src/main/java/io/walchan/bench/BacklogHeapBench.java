package io.walchan.bench;

import io.walchan.Channel;
import io.walchan.Delivery;
import io.walchan.Receiver;
import io.walchan.ReceiverOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Heap flatness: the heap a walchan channel needs while it drains a backlog,
 * for backlogs of different sizes, to show it does not grow with the backlog.
 *
 * <p>For each size in {@code heap.backlogMiB} (comma-separated, default
 * {@code 10,1024}; {@code 10240} for 10 GiB): fills a fresh channel with that much
 * payload in {@code heap.payloadBytes}-byte messages (default 1024) with
 * FLUSH_ONLY, closes it, reopens it, then receives every message, keeping
 * {@code heap.inFlight} deliveries (default 1000) un-acknowledged at any time and
 * acking the oldest as each new one arrives (commits batched: 1000 acks or 10 ms).
 * Heap used after {@code System.gc()} ({@link HeapSampler}) is sampled before the
 * open, right after it, at mid-drain and every sixteenth of the drain; the largest
 * sample is the max. The in-flight deliveries themselves (about inFlight × payload)
 * are in every sample.
 *
 * <p>Reports heap per backlog size, the ratio of the largest backlog's max to the
 * smallest's (goal about 1.0) and the JVM's max heap: run it with a small
 * {@code -Xmx} (run.sh uses 256m) so that a backlog larger than the heap proves
 * the point. Writes {@code heap.json} (see {@link JsonReport}; heap in bytes).
 */
public final class BacklogHeapBench {

    private static final Duration RECEIVE_TIMEOUT = Duration.ofSeconds(10);

    private BacklogHeapBench() {
    }

    public static void main(String[] args) throws InterruptedException {
        long[] backlogsMiB = Arrays.stream(System.getProperty("heap.backlogMiB", "10,1024").split(","))
                .map(String::trim).mapToLong(Long::parseLong).toArray();
        int payloadBytes = Integer.getInteger("heap.payloadBytes", 1024);
        int inFlight = Integer.getInteger("heap.inFlight", 1000);
        long jvmMaxHeap = Runtime.getRuntime().maxMemory();

        List<Map<String, Object>> rows = new ArrayList<>();
        for (long mib : backlogsMiB) {
            Map<String, Object> row = measure(mib, payloadBytes, inFlight);
            row.put("jvmMaxHeap", jvmMaxHeap);
            System.out.printf("backlog %,d MiB (%,d messages of %d B, %d in flight): heap before open %.1f MiB, "
                    + "at open %.1f MiB, mid-drain %.1f MiB, max %.1f MiB (JVM max heap %.0f MiB)%n", mib,
                    row.get("messages"), payloadBytes, inFlight, mib(row.get("heapBeforeOpen")),
                    mib(row.get("heapAtOpen")), mib(row.get("heapMidDrain")), mib(row.get("heapMax")),
                    mib(jvmMaxHeap));
            rows.add(row);
        }
        if (rows.size() > 1) {
            System.out.printf("max heap, largest backlog / smallest: %.2f (goal: about 1.0)%n",
                    (double) (long) rows.get(rows.size() - 1).get("heapMax") / (long) rows.get(0).get("heapMax"));
        }
        System.out.println("wrote " + JsonReport.write("heap.json", rows));
    }

    private static Map<String, Object> measure(long backlogMiB, int payloadBytes, int inFlight)
            throws InterruptedException {
        Path dir = BenchDirs.create("heap");
        try {
            long messages = Backlog.fill(dir, backlogMiB << 20, payloadBytes);
            HeapSampler heap = new HeapSampler();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("scenario", "drain with " + inFlight + " in flight");
            row.put("backlogMiB", backlogMiB);
            row.put("payloadBytes", payloadBytes);
            row.put("messages", messages);
            row.put("inFlight", inFlight);
            row.put("heapBeforeOpen", heap.sample());
            try (Channel<byte[]> channel = Backlog.open(dir)) {
                Receiver<byte[]> receiver = channel.receiver()
                        .withOptions(new ReceiverOptions(1000, Duration.ofMillis(10)));
                row.put("heapAtOpen", heap.sample());
                row.put("heapMidDrain", drain(receiver, messages, inFlight, heap));
            }
            row.put("heapMax", heap.max());
            return row;
        } finally {
            BenchDirs.delete(dir);
        }
    }

    /**
     * Receives {@code messages} deliveries, acking the oldest whenever more than
     * {@code inFlight} are un-acknowledged, and acks the rest at the end.
     *
     * @return the heap sampled at mid-drain
     */
    private static long drain(Receiver<byte[]> receiver, long messages, int inFlight, HeapSampler heap)
            throws InterruptedException {
        ArrayDeque<Delivery<byte[]>> unacked = new ArrayDeque<>(inFlight + 1);
        long sampleEvery = Math.max(1, messages / 16);
        long midDrain = 0;
        for (long i = 1; i <= messages; i++) {
            Delivery<byte[]> d = receiver.recvTimeout(RECEIVE_TIMEOUT);
            if (d == null) {
                throw new IllegalStateException("message " + i + " of " + messages + " did not arrive within "
                        + RECEIVE_TIMEOUT + ": the reopened channel lost part of its backlog?");
            }
            unacked.add(d);
            if (unacked.size() > inFlight) {
                unacked.remove().ack();
            }
            if (i == (messages + 1) / 2) {
                midDrain = heap.sample();
            } else if (i % sampleEvery == 0) {
                heap.sample();
            }
        }
        unacked.forEach(Delivery::ack);
        return midDrain;
    }

    private static double mib(Object bytes) {
        return ((Number) bytes).doubleValue() / (1 << 20);
    }
}
