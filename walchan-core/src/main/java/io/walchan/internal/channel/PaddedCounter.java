package io.walchan.internal.channel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A volatile int alone on its cache line. Senders read the channel's count of
 * waiting receivers on every send; if it shared a line with the receive lock's
 * state (objects allocated together sit together), each receive would take that
 * line back from the sender's core (false sharing). Superclass fields are laid out
 * first, so the padding classes put 64 bytes on either side of {@code value}.
 */
final class PaddedCounter extends PaddedCounterRightPad {

    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(PaddedCounterValue.class, "value", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** @return the current value (volatile read) */
    int get() {
        return value;
    }

    void increment() {
        VALUE.getAndAdd(this, 1);
    }

    void decrement() {
        VALUE.getAndAdd(this, -1);
    }
}

@SuppressWarnings("unused")
class PaddedCounterLeftPad {
    long p1, p2, p3, p4, p5, p6, p7, p8;
}

class PaddedCounterValue extends PaddedCounterLeftPad {
    volatile int value;
}

@SuppressWarnings("unused")
class PaddedCounterRightPad extends PaddedCounterValue {
    long q1, q2, q3, q4, q5, q6, q7, q8;
}
