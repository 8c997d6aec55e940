package io.walchan.internal.channel;

import io.walchan.SyncSender;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/** A bounded sender handle; the engine does the work. Thread-safe. */
final class SyncSenderImpl<T> implements SyncSender<T> {

    private final ChannelCore<T> core;
    private final AtomicBoolean closed = new AtomicBoolean();

    SyncSenderImpl(ChannelCore<T> core) {
        this.core = core;
    }

    @Override
    public void send(T value) throws InterruptedException {
        checkNotClosed();
        core.send(value, -1);
    }

    @Override
    public boolean trySend(T value) {
        checkNotClosed();
        try {
            return core.send(value, 0);
        } catch (InterruptedException e) {
            throw new AssertionError("trySend never waits", e);
        }
    }

    @Override
    public boolean sendTimeout(T value, Duration timeout) throws InterruptedException {
        checkNotClosed();
        long nanos = Math.max(1, saturatedNanos(timeout));
        return core.send(value, nanos);
    }

    static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    private void checkNotClosed() {
        if (closed.get()) {
            throw new IllegalStateException("this sender of " + core.directory() + " is closed; use another sender");
        }
    }

    @Override
    public SyncSender<T> copy() {
        checkNotClosed();
        core.senderCopied();
        return new SyncSenderImpl<>(core);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            core.senderClosed();
        }
    }
}
