package io.walchan.internal.concurrent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A volatile long alone on its cache line, for values that one thread touches on
 * every message while another reads or writes them (waiting receivers, the
 * unacknowledged messages of a bounded channel, the writer's end position). If such
 * a value shared a line with, say, the receive lock's state (objects allocated
 * together sit together), each message would move that line between cores for
 * nothing (false sharing). Superclass fields are laid out
 * first, so the padding classes put 64 bytes on either side of {@code value}.
 */
public final class PaddedLong extends PaddedLongRightPad {

    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(PaddedLongValue.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** @param initial the starting value */
    public PaddedLong(long initial) {
        value = initial;
    }

    /** @return the current value (volatile read) */
    public long get() {
        return value;
    }

    /** @return true if the value was {@code expected} and is now {@code newValue} */
    public boolean compareAndSet(long expected, long newValue) {
        return VALUE.compareAndSet(this, expected, newValue);
    }

    /** Sets the value (volatile write). */
    public void set(long newValue) {
        value = newValue;
    }

    /** Adds one atomically. */
    public void increment() {
        VALUE.getAndAdd(this, 1L);
    }

    /** Subtracts one atomically. */
    public void decrement() {
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
