package io.walchan.bench;

import io.walchan.Channel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Recovery rate: how fast {@code Walchan.channel(...)} opens a directory full of
 * un-acknowledged messages, next to the disk-and-CPU limit for the same bytes.
 *
 * <p>Fills a fresh channel with {@code recovery.mib} MiB (default 1024) of
 * {@code recovery.payloadBytes}-byte messages (default 1024) with FLUSH_ONLY,
 * acknowledges none, and closes it. Then, {@code recovery.rounds} times (default 3):
 * times the reopen (recovery scans and CRC-checks every record from the committed
 * position, here the start, to the end; closing is not timed), and times the
 * baseline {@link SequentialCrcScan} over the same segment files. Reports the
 * medians in MB/s (10^6 bytes of segment file per second) and walchan's ratio to
 * the baseline.
 *
 * <p>Warm cache only: the files were just written, and both sides read them from
 * the page cache. Dropping the cache needs root ({@code echo 3 >
 * /proc/sys/vm/drop_caches}) and disturbs everything else on a shared machine, so
 * it is not done; a cold open after a reboot is bounded by the disk's read rate
 * instead. Writes {@code recovery.json} (see {@link JsonReport}).
 */
public final class RecoveryBench {

    private RecoveryBench() {
    }

    public static void main(String[] args) throws IOException {
        long mib = Long.getLong("recovery.mib", 1024);
        int payloadBytes = Integer.getInteger("recovery.payloadBytes", 1024);
        int rounds = Math.max(1, Integer.getInteger("recovery.rounds", 3));
        Path dir = BenchDirs.create("recovery");
        try {
            long messages = Backlog.fill(dir, mib << 20, payloadBytes);
            long[] openNanos = new long[rounds];
            long[] scanNanos = new long[rounds];
            long logBytes = 0;
            for (int r = 0; r < rounds; r++) {
                openNanos[r] = timeOpen(dir);
                SequentialCrcScan.Result scan = SequentialCrcScan.scan(segmentFiles(dir));
                scanNanos[r] = scan.nanos();
                logBytes = scan.bytes();
                System.out.printf("round %d: open %.3f s, CRC32C scan %.3f s of %,d bytes%n", r + 1,
                        openNanos[r] / 1e9, scanNanos[r] / 1e9, logBytes);
            }
            Map<String, Object> row = result(payloadBytes, messages, logBytes, rounds, median(openNanos),
                    median(scanNanos));
            System.out.printf("recovery (warm cache): %,d messages of %d B, %,.0f MB of segments: open %.1f MB/s, "
                    + "CRC32C scan %.1f MB/s, ratio %.2f%n", messages, payloadBytes, logBytes / 1e6,
                    row.get("openMBps"), row.get("scanMBps"), row.get("ratio"));
            System.out.println("wrote " + JsonReport.write("recovery.json", List.of(row)));
        } finally {
            BenchDirs.delete(dir);
        }
    }

    /** @return nanoseconds until {@code Walchan.channel(...)} returned */
    private static long timeOpen(Path dir) {
        long start = System.nanoTime();
        Channel<byte[]> channel = Backlog.open(dir);
        long nanos = System.nanoTime() - start;
        channel.close();
        return nanos;
    }

    /** Segment files, {@code <first position>.wal} (docs/FORMAT.md), in log order. */
    private static List<Path> segmentFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".wal")).sorted().toList();
        }
    }

    private static Map<String, Object> result(int payloadBytes, long messages, long logBytes, int rounds,
            long openNanos, long scanNanos) {
        double openMBps = logBytes / 1e6 / (openNanos / 1e9);
        double scanMBps = logBytes / 1e6 / (scanNanos / 1e9);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("scenario", "recovery on open, warm cache");
        row.put("payloadBytes", payloadBytes);
        row.put("messages", messages);
        row.put("logBytes", logBytes);
        row.put("rounds", rounds);
        row.put("openSeconds", openNanos / 1e9);
        row.put("openMBps", openMBps);
        row.put("scanSeconds", scanNanos / 1e9);
        row.put("scanMBps", scanMBps);
        row.put("ratio", openMBps / scanMBps);
        row.put("cache", "warm");
        return row;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
