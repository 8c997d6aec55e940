package io.walchan.internal.segment;

/**
 * A volatile long alone on its cache line: the writer's end position, which the
 * sending thread writes on every append. Objects allocated together when a channel
 * opens sit together in memory; without padding a receiver's lock or ack state
 * could share this line and bounce between cores on every message (false sharing).
 * Superclass fields are laid out first, so the padding classes put 64 bytes on
 * either side of {@code value}.
 */
final class PaddedPosition extends PaddedPositionRightPad {

    PaddedPosition(long initial) {
        value = initial;
    }

    long get() {
        return value;
    }

    void set(long newValue) {
        value = newValue;
    }
}

@SuppressWarnings("unused")
class PaddedPositionLeftPad {
    long p1, p2, p3, p4, p5, p6, p7, p8;
}

class PaddedPositionValue extends PaddedPositionLeftPad {
    volatile long value;
}

@SuppressWarnings("unused")
class PaddedPositionRightPad extends PaddedPositionValue {
    long q1, q2, q3, q4, q5, q6, q7, q8;
}
