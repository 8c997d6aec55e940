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
    /** Acked positions above the prefix (bits set at or above {@code shift}). */
    private int ahead;

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
        if (position == prefix && ahead == 0) {
            prefix++; // In-order ack, nothing acked beyond: no bit to set or scan.
            return true;
        }
        long index = position - prefix + shift;
        if (index > Integer.MAX_VALUE - 64) {
            throw new IllegalStateException("more than 2^31 deliveries in flight beyond position " + prefix);
        }
        if (position != prefix) {
            if (!acked.get((int) index)) {
                acked.set((int) index);
                ahead++;
            }
            return false;
        }
        acked.set((int) index);
        int firstUnacked = acked.nextClearBit(shift);
        ahead -= firstUnacked - shift - 1; // the bits folded in, except this ack's own
        prefix += firstUnacked - shift;
        shift = firstUnacked;
        if (shift > 4096 && shift > acked.length() / 2) {
            acked = acked.get(shift, Math.max(shift, acked.length()));
            shift = 0;
        }
        return true;
    }
}
