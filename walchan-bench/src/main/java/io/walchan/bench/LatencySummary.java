package io.walchan.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The percentiles of one latency scenario, in nanoseconds: one row of
 * {@code latency.json} and one line on stdout.
 */
record LatencySummary(String scenario, int payloadBytes, long p50, long p99, long p999, long max, long count) {

    static LatencySummary of(String scenario, int payloadBytes, Histogram h) {
        return new LatencySummary(scenario, payloadBytes, h.getValueAtPercentile(50), h.getValueAtPercentile(99),
                h.getValueAtPercentile(99.9), h.getMaxValue(), h.getTotalCount());
    }

    Map<String, Object> toJson() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("scenario", scenario);
        row.put("payloadBytes", payloadBytes);
        row.put("p50", p50);
        row.put("p99", p99);
        row.put("p999", p999);
        row.put("max", max);
        row.put("count", count);
        return row;
    }

    /** @return e.g. {@code walchan send, FLUSH_ONLY   100 B  p50 2.1 µs  p99 8.7 µs ...} */
    String toLine() {
        return String.format("%-46s %5d B  p50 %9s  p99 %9s  p99.9 %9s  max %9s  (%,d samples)", scenario,
                payloadBytes, micros(p50), micros(p99), micros(p999), micros(max), count);
    }

    private static String micros(long nanos) {
        return String.format("%.1f µs", nanos / 1e3);
    }
}
