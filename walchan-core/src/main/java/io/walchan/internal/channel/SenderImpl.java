package io.walchan.internal.channel;

import io.walchan.Sender;
import java.util.concurrent.atomic.AtomicBoolean;

/** An unbounded sender handle; the engine does the work. Thread-safe. */
final class SenderImpl<T> implements Sender<T> {

    private final ChannelCore<T> core;
    private final AtomicBoolean closed = new AtomicBoolean();

    SenderImpl(ChannelCore<T> core) {
        this.core = core;
    }

    @Override
    public void send(T value) {
        checkNotClosed();
        try {
            core.send(value, -1);
        } catch (InterruptedException e) {
            throw new AssertionError("unbounded channels never wait for room", e);
        }
    }

    private void checkNotClosed() {
        if (closed.get()) {
            throw new IllegalStateException("this sender of " + core.directory() + " is closed; use another sender");
        }
    }

    @Override
    public Sender<T> copy() {
        checkNotClosed();
        core.senderCopied();
        return new SenderImpl<>(core);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            core.senderClosed();
        }
    }
}
