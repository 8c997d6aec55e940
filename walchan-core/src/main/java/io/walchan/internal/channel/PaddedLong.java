package io.walchan.internal.channel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A volatile long alone on its cache line, for counters that one thread touches on
 * every message while another reads or writes them (waiting receivers, unacknowledged
 * messages of a bounded channel). If such a counter shared a line with, say, the
 * receive lock's state (objects allocated together sit together), each message would
 * move that line between cores for nothing (false sharing). Superclass fields are laid out
 * first, so the padding classes put 64 bytes on either side of {@code value}.
 */
final class PaddedLong extends PaddedLongRightPad {

    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(PaddedLongValue.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    PaddedLong(long initial) {
        value = initial;
    }

    /** @return the current value (volatile read) */
    long get() {
        return value;
    }

    boolean compareAndSet(long expected, long newValue) {
        return VALUE.compareAndSet(this, expected, newValue);
    }

    void increment() {
        VALUE.getAndAdd(this, 1L);
    }

    void decrement() {
        VALUE.getAndAdd(this, -1L);
    }
}

@SuppressWarnings("unused")
class PaddedLongLeftPad {
    long p1, p2, p3, p4, p5, p6, p7, p8;
}

class PaddedLongValue extends PaddedLongLeftPad {
    volatile long value;
}

@SuppressWarnings("unused")
class PaddedLongRightPad extends PaddedLongValue {
    long q1, q2, q3, q4, q5, q6, q7, q8;
}
