package io.walchan.internal.channel;

import io.walchan.Delivery;
import io.walchan.DisconnectedException;
import io.walchan.Receiver;
import io.walchan.ReceiverOptions;
import io.walchan.WalchanException;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/** The receiver of one channel; thread-safe, all state lives in the engine. */
final class ReceiverImpl<T> implements Receiver<T> {

    private final ChannelCore<T> core;

    ReceiverImpl(ChannelCore<T> core) {
        this.core = core;
    }

    @Override
    public Delivery<T> recv() throws InterruptedException {
        return core.receive(true, false, 0);
    }

    @Override
    public Delivery<T> tryRecv() {
        try {
            return core.receive(false, false, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WalchanException("interrupted while taking the receive lock", e);
        }
    }

    @Override
    public Delivery<T> recvTimeout(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        long nanos = SyncSenderImpl.saturatedNanos(timeout);
        long deadline = System.nanoTime() + Math.min(nanos, Long.MAX_VALUE / 4);
        return core.receive(true, true, deadline);
    }

    @Override
    public Delivery<T> recvDeadline(Instant deadline) throws InterruptedException {
        Objects.requireNonNull(deadline, "deadline");
        return recvTimeout(Duration.between(Instant.now(), deadline));
    }

    @Override
    public Iterator<Delivery<T>> tryIter() {
        return new Iter(false);
    }

    @Override
    public Iterator<Delivery<T>> iterator() {
        return new Iter(true);
    }

    @Override
    public Receiver<T> withOptions(ReceiverOptions options) {
        core.setReceiverOptions(Objects.requireNonNull(options, "options"));
        return this;
    }

    @Override
    public void close() {
        core.close();
    }

    /** Iterator over deliveries; blocking or not. Ends on disconnect (blocking) or when empty (non-blocking). */
    private final class Iter implements Iterator<Delivery<T>> {
        private final boolean blocking;
        private Delivery<T> next;
        private boolean done;

        Iter(boolean blocking) {
            this.blocking = blocking;
        }

        @Override
        public boolean hasNext() {
            if (next != null) {
                return true;
            }
            if (done) {
                return false;
            }
            try {
                next = blocking ? recv() : tryRecv();
            } catch (DisconnectedException e) {
                next = null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WalchanException("interrupted while waiting for a message", e);
            }
            done = next == null;
            return !done;
        }

        @Override
        public Delivery<T> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Delivery<T> d = next;
            next = null;
            return d;
        }
    }
}
