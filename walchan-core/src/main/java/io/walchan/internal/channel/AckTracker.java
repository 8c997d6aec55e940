package io.walchan.internal.channel;

import java.util.BitSet;

/**
 * Tracks acknowledgements that may arrive out of order and yields the end of the
 * contiguous acknowledged prefix: the position that may be committed. Positions
 * below {@code prefix} are all acked; bit {@code i} of {@code acked} says whether
 * {@code prefix + i} is. Memory is proportional to the spread of in-flight
 * deliveries, not to the log.
 *
 * <p>Not thread-safe: guarded by the channel's ack lock.
 */
final class AckTracker {

    private long prefix;
    private BitSet acked = new BitSet();
    /** Bits below this index in {@code acked} are stale (already folded into prefix). */
    private int shift;

    AckTracker(long committed) {
        this.prefix = committed;
    }

    /** @return the end of the contiguous acknowledged prefix */
    long prefix() {
        return prefix;
    }

    /**
     * Records an ack.
     *
     * @return true if the prefix advanced
     */
    boolean ack(long position) {
        if (position < prefix) {
            return false;
        }
        long index = position - prefix + shift;
        if (index > Integer.MAX_VALUE - 64) {
            throw new IllegalStateException("more than 2^31 deliveries in flight beyond position " + prefix);
        }
        acked.set((int) index);
        if (position != prefix) {
            return false;
        }
        int firstUnacked = acked.nextClearBit(shift);
        prefix += firstUnacked - shift;
        shift = firstUnacked;
        if (shift > 4096 && shift > acked.length() / 2) {
            acked = acked.get(shift, Math.max(shift, acked.length()));
            shift = 0;
        }
        return true;
    }
}
