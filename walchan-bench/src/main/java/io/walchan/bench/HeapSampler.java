package io.walchan.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Heap in use right after {@code System.gc()} (live data, via the MemoryMXBean), and the largest sample. */
final class HeapSampler {

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private long max;

    /** Collects, then returns the heap used in bytes. */
    long sample() {
        System.gc();
        long used = memory.getHeapMemoryUsage().getUsed();
        max = Math.max(max, used);
        return used;
    }

    /** @return the largest {@link #sample()} so far */
    long max() {
        return max;
    }
}
