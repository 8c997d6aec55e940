package io.walchan.internal.channel;

import io.walchan.Delivery;

/**
 * A received message and its settlement state. Settling is a single CAS from
 * UNSETTLED in the delivery's {@link SettlementBatch} slot, so ack/nack/close race
 * safely. The batch's leak check reports a delivery collected while unsettled; it is
 * never acked.
 */
final class DeliveryImpl<V> implements Delivery<V> {

    static final int UNSETTLED = SettlementBatch.UNSETTLED;
    static final int ACKED = SettlementBatch.ACKED;
    static final int NACKED = SettlementBatch.NACKED;

    private final ChannelCore<?> core;
    private final V value;
    private final long position;
    private final byte[] bytes;
    private final boolean redelivered;
    /** Holds this delivery's state; referenced so the batch lives as long as any of its deliveries. */
    private final SettlementBatch batch;
    private final int slot;

    DeliveryImpl(ChannelCore<?> core, V value, long position, byte[] bytes, boolean redelivered,
            SettlementBatch batch, int slot) {
        this.core = core;
        this.value = value;
        this.position = position;
        this.bytes = bytes;
        this.redelivered = redelivered;
        this.batch = batch;
        this.slot = slot;
    }

    /** @return deliveries collected unsettled in this JVM so far */
    static long leaks() {
        return SettlementBatch.leaks();
    }

    @Override
    public V get() {
        return value;
    }

    @Override
    public void ack() {
        boolean settled = batch.settle(slot, ACKED);
        java.lang.ref.Reference.reachabilityFence(this); // Not collected (and reported leaked) mid-settle.
        if (settled) {
            core.acked(position);
        } else if (batch.state(slot) == NACKED) {
            throw new IllegalStateException("the delivery at position " + position + " was nacked; it cannot be acked");
        }
    }

    @Override
    public void nack() {
        boolean settled = batch.settle(slot, NACKED);
        java.lang.ref.Reference.reachabilityFence(this);
        if (settled) {
            core.nacked(position, bytes);
        } else if (batch.state(slot) == ACKED) {
            throw new IllegalStateException("the delivery at position " + position + " was acked; it cannot be nacked");
        }
    }

    @Override
    public void close() {
        if (batch.state(slot) == UNSETTLED && !core.isClosed()) {
            try {
                ack();
            } catch (io.walchan.DisconnectedException e) {
                // Closed meanwhile: close() stays quiet; the message is delivered again after reopen.
            }
        }
    }

    @Override
    public boolean redelivered() {
        return redelivered;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public String toString() {
        return "Delivery[position=" + position + ", redelivered=" + redelivered + ", state="
                + new String[] {"unsettled", "acked", "nacked"}[batch.state(slot)] + "]";
    }
}
